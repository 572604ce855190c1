import type { FeatureStrings } from '../i18n/feature-strings.ts';

/**
 * What files from a link and file inputs of the form say, in every language (see FeatureStrings): they ship
 * in the uploads chunk, so a chat without them (or a language chunk) carries none of it.
 */
export interface FileStrings {
  addLink: string;
  link: string;
  add: string;
  badLink: string;
  chooseFile: string;
  chooseFiles: string;
  fieldCount: (limit: number) => string;
}

export const fileStrings = {
  en: {
    addLink: 'Add from a link',
    link: 'Link to the file',
    add: 'Add',
    badLink: 'Enter a full https:// link to a file.',
    chooseFile: 'Choose a file',
    chooseFiles: 'Choose files',
    fieldCount: (limit: number) => `Choose at most ${limit} files.`,
  },
  ar: {
    addLink: 'إضافة من رابط',
    link: 'رابط الملف',
    add: 'إضافة',
    badLink: 'أدخل رابط https:// كاملًا لملف.',
    chooseFile: 'اختر ملفًا',
    chooseFiles: 'اختر ملفات',
    fieldCount: (limit: number) => `اختر ${limit} ملفات على الأكثر.`,
  },
  de: {
    addLink: 'Aus einem Link hinzufügen',
    link: 'Link zur Datei',
    add: 'Hinzufügen',
    badLink: 'Geben Sie einen vollständigen https://-Link zu einer Datei ein.',
    chooseFile: 'Datei auswählen',
    chooseFiles: 'Dateien auswählen',
    fieldCount: (limit: number) => `Wählen Sie höchstens ${limit} Dateien.`,
  },
  es: {
    addLink: 'Añadir desde un enlace',
    link: 'Enlace al archivo',
    add: 'Añadir',
    badLink: 'Escribe un enlace https:// completo a un archivo.',
    chooseFile: 'Elegir un archivo',
    chooseFiles: 'Elegir archivos',
    fieldCount: (limit: number) => `Elige como máximo ${limit} archivos.`,
  },
  fa: {
    addLink: 'افزودن از پیوند',
    link: 'پیوند فایل',
    add: 'افزودن',
    badLink: 'یک پیوند کامل https:// به یک فایل وارد کنید.',
    chooseFile: 'انتخاب فایل',
    chooseFiles: 'انتخاب فایل‌ها',
    fieldCount: (limit: number) => `حداکثر ${limit} فایل انتخاب کنید.`,
  },
  fr: {
    addLink: 'Ajouter depuis un lien',
    link: 'Lien vers le fichier',
    add: 'Ajouter',
    badLink: 'Saisissez un lien https:// complet vers un fichier.',
    chooseFile: 'Choisir un fichier',
    chooseFiles: 'Choisir des fichiers',
    fieldCount: (limit: number) => `Choisissez au plus ${limit} fichiers.`,
  },
  it: {
    addLink: 'Aggiungi da un link',
    link: 'Link al file',
    add: 'Aggiungi',
    badLink: 'Inserisci un link https:// completo a un file.',
    chooseFile: 'Scegli un file',
    chooseFiles: 'Scegli i file',
    fieldCount: (limit: number) => `Scegli al massimo ${limit} file.`,
  },
  ja: {
    addLink: 'リンクから追加',
    link: 'ファイルへのリンク',
    add: '追加',
    badLink: 'ファイルへの完全な https:// リンクを入力してください。',
    chooseFile: 'ファイルを選択',
    chooseFiles: 'ファイルを選択',
    fieldCount: (limit: number) => `ファイルは ${limit} 個までです。`,
  },
  ko: {
    addLink: '링크로 추가',
    link: '파일 링크',
    add: '추가',
    badLink: '파일의 전체 https:// 링크를 입력하세요.',
    chooseFile: '파일 선택',
    chooseFiles: '파일 선택',
    fieldCount: (limit: number) => `파일은 최대 ${limit}개까지 선택할 수 있습니다.`,
  },
  pt: {
    addLink: 'Adicionar de um link',
    link: 'Link para o arquivo',
    add: 'Adicionar',
    badLink: 'Insira um link https:// completo para um arquivo.',
    chooseFile: 'Escolher um arquivo',
    chooseFiles: 'Escolher arquivos',
    fieldCount: (limit: number) => `Escolha no máximo ${limit} arquivos.`,
  },
  ru: {
    addLink: 'Добавить по ссылке',
    link: 'Ссылка на файл',
    add: 'Добавить',
    badLink: 'Введите полную ссылку https:// на файл.',
    chooseFile: 'Выбрать файл',
    chooseFiles: 'Выбрать файлы',
    fieldCount: (limit: number) => `Выберите не больше ${limit} файлов.`,
  },
  'zh-Hans': {
    addLink: '从链接添加',
    link: '文件链接',
    add: '添加',
    badLink: '请输入完整的 https:// 文件链接。',
    chooseFile: '选择文件',
    chooseFiles: '选择文件',
    fieldCount: (limit: number) => `最多选择 ${limit} 个文件。`,
  },
  'zh-Hant': {
    addLink: '從連結新增',
    link: '檔案連結',
    add: '新增',
    badLink: '請輸入完整的 https:// 檔案連結。',
    chooseFile: '選擇檔案',
    chooseFiles: '選擇檔案',
    fieldCount: (limit: number) => `最多選擇 ${limit} 個檔案。`,
  },
} satisfies FeatureStrings<FileStrings>;
