import { chatIconPath } from '../shared/icons.ts';
import type { WidgetConfig } from '../shared/contract.ts';

const svgNamespace = 'http://www.w3.org/2000/svg';

/**
 * Paints the bubble before Preact loads: the same markup the app renders, so the swap is invisible.
 * Returns the button, or undefined for inline widgets (they have no bubble).
 */
export function paintLauncher(root: ShadowRoot, config: WidgetConfig): HTMLButtonElement | undefined {
  const container = document.createElement('div');
  container.className = 'dw-root';
  container.dataset.mode = config.mode;
  container.dataset.position = config.position;
  // The bubble's corner follows the widget's direction, not an rtl host page's: the app sets rtl for ar/fa.
  container.dir = 'ltr';
  // A CSSOM write, not a style attribute string: allowed under a strict style-src CSP.
  if (config.primaryColor) container.style.setProperty('--dw-option-primary', config.primaryColor);
  root.append(container);
  if (config.mode !== 'bubble') return undefined;

  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'dw-launcher';
  button.setAttribute('part', 'launcher');
  button.setAttribute('aria-label', config.title ? `Chat with ${config.title}` : 'Open chat');
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  const icon = document.createElementNS(svgNamespace, 'svg');
  icon.setAttribute('class', 'dw-icon');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('fill', 'none');
  icon.setAttribute('stroke', 'currentColor');
  icon.setAttribute('stroke-width', '2');
  icon.setAttribute('stroke-linecap', 'round');
  icon.setAttribute('stroke-linejoin', 'round');
  const path = document.createElementNS(svgNamespace, 'path');
  path.setAttribute('d', chatIconPath);
  icon.append(path);
  button.append(icon);
  container.append(button);
  return button;
}
