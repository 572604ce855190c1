import { safeHref } from '../markdown/safe-url.ts';

/**
 * Dify hands out its files by signed file URLs (`…/files/<id>/file-preview?…&sign=…`, `…/files/tools/<id>.png?…`):
 * only those load, never an address a model could have chosen, whose fetch would leak the visitor's visit.
 * Shared by the tool images (widget/steps/) and the answer's files (widget/files/).
 */
export function difyFileUrl(raw: string | undefined): string | undefined {
  const href = raw && safeHref(raw);
  return href && /^https?:/.test(href) && /\/files\//.test(new URL(href).pathname) ? href : undefined;
}
