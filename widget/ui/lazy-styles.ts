import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds `cssText` to the shadow root the returned ref's element is rendered in, once per root: how a part
 * loaded as its own chunk brings its styles (a constructable stylesheet, like the widget's own, so the
 * host page's CSP does not apply).
 */
export function useShadowStyles<T extends Element>(cssText: string): RefObject<T | null> {
  const ref = useRef<T | null>(null);
  useLayoutEffect(() => {
    const root = ref.current?.getRootNode();
    if (!(root instanceof ShadowRoot)) return;
    let sheet = sheets.get(cssText);
    if (sheet === undefined) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(cssText);
      sheets.set(cssText, sheet);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }, []);
  return ref;
}
