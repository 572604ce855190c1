import type { FeatureStrings } from '../../i18n/feature-strings.ts';

/** What a drawn diagram says, in every language (see FeatureStrings): its image's alt text names it. */
export interface DiagramStrings {
  diagram: string;
}

/** In the render-diagram chunk: fetched with mermaid, on sites that opted in, never with the chat. */
export const diagramStrings = {
  en: { diagram: 'Diagram' },
  ar: { diagram: 'مخطط' },
  de: { diagram: 'Diagramm' },
  es: { diagram: 'Diagrama' },
  fa: { diagram: 'نمودار' },
  fr: { diagram: 'Diagramme' },
  it: { diagram: 'Diagramma' },
  ja: { diagram: '図' },
  ko: { diagram: '다이어그램' },
  pt: { diagram: 'Diagrama' },
  ru: { diagram: 'Диаграмма' },
  'zh-Hans': { diagram: '图表' },
  'zh-Hant': { diagram: '圖表' },
} satisfies FeatureStrings<DiagramStrings>;
