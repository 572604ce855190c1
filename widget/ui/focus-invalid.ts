import type { InputField } from '../core/app-info.ts';
import type { InputIssue } from '../core/inputs.ts';

/**
 * Moves focus to the first field the visitor must fix, so a refused send is never silent. Found by
 * variable rather than by aria-invalid, which is only in the DOM after the next render.
 */
export function focusFirstInvalid(container: Element | null | undefined, fields: InputField[], issues: Record<string, InputIssue>): void {
  const first = fields.find((field) => issues[field.variable] !== undefined);
  if (!container || !first) return;
  const wrapper = Array.from(container.querySelectorAll<HTMLElement>('.dw-field')).find(
    (element) => element.dataset.variable === first.variable,
  );
  wrapper?.querySelector<HTMLElement>('input, select, textarea')?.focus();
}
