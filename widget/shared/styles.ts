/**
 * Adds `cssText` to the shadow root's stylesheets, after those already there. Constructable
 * stylesheets are not subject to the host page's `style-src` CSP (no `<style>` element, no style
 * attribute), and never leave the shadow root. The loader adopts the launcher's rules first; the
 * chat adds its own after them, so the launcher's CSS is not shipped (and gzipped) twice.
 */
export function adoptStyles(root: ShadowRoot, cssText: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
