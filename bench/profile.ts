// Summarises a `node --cpu-prof` profile: self time by package (or Node's internals, GC, our code) and the
// hottest functions, leaving out idle time. `npx tsx bench/profile.ts <file.cpuprofile>`.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

export interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a function belongs: an npm package, Node itself, V8's bookkeeping, or the proxy's own code. */
export function categoryOf(url: string, functionName: string): string {
  if (functionName.startsWith('(')) return functionName;
  const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (packageName !== undefined) return packageName;
  if (url.startsWith('node:') || url === '') return 'node internals';
  return 'our code';
}

export interface Share {
  readonly name: string;
  readonly percent: number;
}

/** Self-time shares (percent of the busy time) by category and by function, largest first. */
export function summarise(profile: Profile, top = 15): { busyMs: number; categories: Share[]; functions: Share[] } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    const delta = profile.timeDeltas[index] ?? 0;
    if (frame === undefined || frame.functionName === '(idle)') return;
    busy += delta;
    const category = categoryOf(frame.url, frame.functionName);
    byCategory.set(category, (byCategory.get(category) ?? 0) + delta);
    const where = frame.url === '' ? '' : ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const shares = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => ({ name, percent: (time / Math.max(1, busy)) * 100 }));
  return { busyMs: busy / 1000, categories: shares(byCategory), functions: shares(byFunction) };
}

function isProfile(value: unknown): value is Profile {
  return typeof value === 'object' && value !== null && 'nodes' in value && 'samples' in value && 'timeDeltas' in value;
}

if (process.argv[1]?.endsWith('profile.ts') === true && process.argv[2] !== undefined) {
  const parsed: unknown = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  if (!isProfile(parsed)) throw new Error('not a .cpuprofile');
  const summary = summarise(parsed, Number(process.argv[3] ?? 25));
  console.log(`busy ${summary.busyMs.toFixed(0)} ms`);
  for (const share of summary.categories) console.log(`${share.percent.toFixed(1).padStart(5)}%  ${share.name}`);
  console.log('');
  for (const share of summary.functions) console.log(`${share.percent.toFixed(1).padStart(5)}%  ${share.name}`);
}
