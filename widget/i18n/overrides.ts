type Loose = Record<string, unknown>;

/**
 * The site owner's `strings` on top of a catalogue (or a lazily loaded feature's strings), key by key. A key that takes a value is
 * written with a placeholder (`chatWith: "Talk to {title}"`), replaced by the value. Unknown keys
 * and wrong types are ignored, so the result keeps the catalogue's shape.
 */
export function applyOverrides<Strings extends object>(base: Strings, overrides: unknown): Strings {
  const merge = (into: Loose, over: unknown): Loose => {
    const out: Loose = { ...into };
    for (const [key, value] of Object.entries(Object(over) as Loose)) {
      const original = into[key];
      if (original === undefined) continue;
      if (typeof value === 'string' && typeof original !== 'object')
        out[key] = typeof original === 'string' ? value : (arg: unknown) => value.replace(/\{\w*\}/g, String(arg ?? ''));
      else if (typeof original === 'object') out[key] = merge(original as Loose, value);
    }
    return out;
  };
  return merge(base as Loose, overrides) as Strings;
}
