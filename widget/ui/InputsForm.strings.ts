import type { FeatureStrings } from '../i18n/feature-strings.ts';

/** What the input form adds to the catalogue, in every language (see FeatureStrings). */
export interface FormStrings {
  notJson: string;
}

export const formStrings = {
  en: {
    notJson: 'Enter a JSON object, such as {"key": "value"}.',
  },
  ar: {
    notJson: 'أدخل كائن JSON، مثل {"key": "value"}.',
  },
  de: {
    notJson: 'Geben Sie ein JSON-Objekt ein, etwa {"key": "value"}.',
  },
  es: {
    notJson: 'Escribe un objeto JSON, por ejemplo {"key": "value"}.',
  },
  fa: {
    notJson: 'یک شیء JSON وارد کنید، مثلاً {"key": "value"}.',
  },
  fr: {
    notJson: 'Saisissez un objet JSON, par exemple {"key": "value"}.',
  },
  it: {
    notJson: 'Inserisci un oggetto JSON, ad esempio {"key": "value"}.',
  },
  ja: {
    notJson: 'JSON オブジェクトを入力してください（例: {"key": "value"}）。',
  },
  ko: {
    notJson: 'JSON 객체를 입력하세요(예: {"key": "value"}).',
  },
  pt: {
    notJson: 'Insira um objeto JSON, como {"key": "value"}.',
  },
  ru: {
    notJson: 'Введите JSON-объект, например {"key": "value"}.',
  },
  'zh-Hans': {
    notJson: '请输入 JSON 对象，例如 {"key": "value"}。',
  },
  'zh-Hant': {
    notJson: '請輸入 JSON 物件，例如 {"key": "value"}。',
  },
} satisfies FeatureStrings<FormStrings>;
