// The references models write most are decoded at once; the full HTML5 table (2,125 names) is a
// lazily imported chunk, fetched the first time an answer uses another name. Until it arrives that
// reference shows as written, then every mounted answer re-renders (see `onLazyChunk`).
const COMMON: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0' };

let table: Map<string, string> | undefined;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

/** Fetches the full table once; resolves when references of every name decode. */
export function loadEntityTable(): Promise<void> {
  loading ??= import('./entity-table.ts').then(
    ({ NAMED_REFERENCES }) => {
      table = new Map([['fjlig', 'fj']]);
      for (const [, name, value] of NAMED_REFERENCES.matchAll(/([A-Za-z0-9]+)([^A-Za-z0-9]+)/g)) table.set(name ?? '', value ?? '');
      lazyChunkArrived();
    },
    () => {
      loading = undefined;
    },
  );
  return loading;
}

/** Calls `listener` whenever a lazily loaded part of the renderer arrives; returns the unsubscribe function. */
export function onLazyChunk(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every mounted answer to parse again, now that more of the renderer is here. */
export function lazyChunkArrived(): void {
  for (const listener of listeners) listener();
}

/** Matches one character reference at a sticky position. */
export const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));/y;
const ENTITY_GLOBAL = new RegExp(ENTITY.source, 'g');

/** Decodes the reference matched by ENTITY; null when the name is unknown (or not loaded yet). */
export function decodeEntity(hex: string | undefined, decimal: string | undefined, name: string | undefined): string | null {
  if (name !== undefined) {
    const value = COMMON[name] ?? table?.get(name);
    if (value === undefined && !table) void loadEntityTable();
    return value ?? null;
  }
  const code = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal ?? '0', 10);
  // CommonMark: NUL, surrogates and out-of-range code points become U+FFFD.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

/** Decodes every known character reference in `text` (used for link destinations). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_GLOBAL, (whole, hex?: string, decimal?: string, name?: string) => decodeEntity(hex, decimal, name) ?? whole);
}
