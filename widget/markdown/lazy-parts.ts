// Which lazily loaded part of the renderer an answer needs, by cheap tests on its source; each part is
// fetched once (again after a failed fetch) and re-renders the answers when it arrives. Every part
// decides itself what really is math, code or an image: these tests only have to find all of them.
import { lazyChunkArrived } from './entities.ts';
import { extensions } from './extensions.ts';

let pending: [RegExp, () => Promise<unknown>][] = [
  [/\[\^/, () => import('./footnotes.ts')],
  // `$$`, `\(`, `\[`, or `$…$` whose closing `$` is not followed by a digit ("$5 and $10" is no formula).
  [/\$\$|\\[([]|\$[^\s$][^$\n]*\$(?!\d)/, () => import('./math/math-inline.tsx')],
  [/^ {0,3}(?:`{3,}|~{3,})[ \t]*\w/m, () => import('./highlight/highlighted-code.tsx')],
  [/!\[/, () => import('./markdown-image.tsx')],
  [/\w@[\w-]+\./, () => import('./email-autolinks.tsx')],
];

extensions.load = (source) => {
  pending = pending.filter((entry) => {
    if (!entry[0].test(source)) return true;
    entry[1]().then(lazyChunkArrived, () => pending.push(entry));
    return false;
  });
};
