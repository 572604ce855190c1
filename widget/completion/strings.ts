import type { FeatureStrings } from '../i18n/feature-strings.ts';

/** What the completion view adds to the catalogue, in every language (see FeatureStrings). */
export interface CompletionStrings {
  moreLikeThis: string;
}

export const completionStrings = {
  en: {
    moreLikeThis: 'More like this',
  },
  ar: {
    moreLikeThis: 'المزيد من هذا النوع',
  },
  de: {
    moreLikeThis: 'Mehr davon',
  },
  es: {
    moreLikeThis: 'Más como este',
  },
  fa: {
    moreLikeThis: 'بیشتر از این دست',
  },
  fr: {
    moreLikeThis: 'D’autres comme celui-ci',
  },
  it: {
    moreLikeThis: 'Altri simili',
  },
  ja: {
    moreLikeThis: '似たものをもう一つ',
  },
  ko: {
    moreLikeThis: '비슷한 결과 더 보기',
  },
  pt: {
    moreLikeThis: 'Mais como este',
  },
  ru: {
    moreLikeThis: 'Ещё похожий',
  },
  'zh-Hans': {
    moreLikeThis: '更多类似结果',
  },
  'zh-Hant': {
    moreLikeThis: '更多類似結果',
  },
} satisfies FeatureStrings<CompletionStrings>;
