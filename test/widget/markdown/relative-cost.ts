import { sampleAnswer } from './sample-answer.ts';

/**
 * The largest cost per character, relative to ordinary markdown, that still counts as linear. A linear
 * parser spends up to about 20 times the ordinary cost on its worst constructs (200 000 unclosed link
 * tails, 2 000 code fences with their copy buttons); a quadratic or exponential step on inputs of these
 * sizes spends hundreds to thousands of times as much.
 */
export const linearCostBound = 50;

/**
 * How many times more a hostile input costs per character than ordinary markdown (`sampleAnswer`), both
 * measured by `timeMs` on this machine, back to back.
 *
 * A wall-clock deadline fails on a loaded machine and passes on a fast one whatever the code does; a
 * ratio of two runs made back to back does neither, since both share the machine's load. Load only ever
 * makes a run slower, so the lowest ratio of up to `pairs` pairs (ordinary, then hostile) is the one
 * closest to the code's own cost; measuring stops at the first pair below `bound`.
 *
 * The ordinary text has the hostile one's length, at most `ordinaryLength` characters (rendering megabytes
 * of ordinary markdown into a DOM takes many seconds and proves nothing more).
 */
export function relativeCost(
  hostile: string,
  timeMs: (source: string) => number,
  { bound = linearCostBound, pairs = 5, ordinaryLength = Number.POSITIVE_INFINITY } = {},
): { ratio: number; report: string } {
  const ordinary = sampleAnswer(Math.min(hostile.length, ordinaryLength));
  const runs: string[] = [];
  let ratio = Number.POSITIVE_INFINITY;
  for (let pair = 0; pair < pairs && ratio >= bound; pair += 1) {
    const ordinaryMs = timeMs(ordinary);
    const hostileMs = timeMs(hostile);
    // performance.now() is coarsened (to 0.1 ms or so): never divide by a zero reading.
    const perCharacter = (ms: number, length: number) => Math.max(ms, 0.1) / length;
    ratio = Math.min(ratio, perCharacter(hostileMs, hostile.length) / perCharacter(ordinaryMs, ordinary.length));
    runs.push(
      `${hostileMs.toFixed(1)} ms for ${hostile.length} hostile characters against ${ordinaryMs.toFixed(1)} ms for ${ordinary.length} ordinary ones`,
    );
  }
  return { ratio, report: `cost per character ${ratio.toFixed(2)} times the ordinary (bound ${bound}): ${runs.join('; ')}` };
}
