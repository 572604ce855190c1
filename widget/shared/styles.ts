/**
 * Makes `cssText` the shadow root's only stylesheet. Constructable stylesheets are not subject to
 * the host page's `style-src` CSP (no `<style>` element, no style attribute), and never leave the
 * shadow root.
 */
export function adoptStyles(root: ShadowRoot, cssText: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  root.adoptedStyleSheets = [sheet];
}
