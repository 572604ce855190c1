import type { FeatureStrings } from '../i18n/feature-strings.ts';

/** What the workflow view adds to the catalogue, in every language (see FeatureStrings). */
export interface WorkflowStrings {
  run: string;
  outputs: string;
}

export const workflowStrings = {
  en: {
    run: 'Run',
    outputs: 'Outputs',
  },
  ar: {
    run: 'تشغيل',
    outputs: 'المخرجات',
  },
  de: {
    run: 'Ausführen',
    outputs: 'Ergebnisse',
  },
  es: {
    run: 'Ejecutar',
    outputs: 'Resultados',
  },
  fa: {
    run: 'اجرا',
    outputs: 'خروجی‌ها',
  },
  fr: {
    run: 'Exécuter',
    outputs: 'Résultats',
  },
  it: {
    run: 'Esegui',
    outputs: 'Risultati',
  },
  ja: {
    run: '実行',
    outputs: '出力',
  },
  ko: {
    run: '실행',
    outputs: '출력',
  },
  pt: {
    run: 'Executar',
    outputs: 'Resultados',
  },
  ru: {
    run: 'Запустить',
    outputs: 'Результаты',
  },
  'zh-Hans': {
    run: '运行',
    outputs: '输出',
  },
  'zh-Hant': {
    run: '執行',
    outputs: '輸出',
  },
} satisfies FeatureStrings<WorkflowStrings>;
