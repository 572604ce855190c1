import type { Target } from './client.ts';
import { abortRound, alternate, idleRound, loadRound, mintRound, type StepSamples } from './steps.ts';

/** One step of the bench: what it measures and how; each is bounded well inside a minute. */
export interface Step {
  readonly name: string;
  readonly description: string;
  /** Our proxy only (session minting), or every target. */
  readonly proxyOnly?: boolean;
  run(targets: readonly Target[], fakeUrl: string): Promise<StepSamples>;
}

/**
 * A short answer: 10 tokens and `message_end`, 11 frames, one per write. Alone, back to back (the relay's
 * own latency); with N at once, a token every 100 ms, so N streams stay open and about N start each second.
 */
const load = (clients: number, perClient: number, rounds: number, gap: number): Step => ({
  name: `n${clients}`,
  description: `${clients} concurrent visitor(s), ${perClient} 11-frame answer(s) each one after another, ${gap} ms between frames; ${rounds} rounds`,
  run: (targets) => alternate(targets, rounds, (target) => loadRound(target, clients, perClient, { tokens: 10, gap })),
});

export const steps: readonly Step[] = [
  load(1, 150, 5, 0),
  load(50, 2, 3, 100),
  load(200, 2, 3, 100),
  load(1000, 1, 3, 100),
  {
    name: 'events',
    description: '20 streams of 1,500 tokens at once, one event per write, no gap; 3 rounds',
    run: (targets) => alternate(targets, 3, (target) => loadRound(target, 20, 1, { tokens: 1500, gap: 0 })),
  },
  {
    name: 'idle',
    description: '2,000 streams held open on Dify pings only; resident memory of the relay per stream; 2 rounds',
    run: (targets) => alternate(targets, 2, (target) => idleRound(target, 2000)),
  },
  {
    name: 'abort',
    description: 'a visitor leaves mid-answer: client abort → upstream closed, and whether Dify’s stop was called; 6 rounds',
    run: (targets, fakeUrl) => alternate(targets, 6, (target) => abortRound(target, fakeUrl)),
  },
  {
    name: 'sessions',
    description: '`POST /session` from 50 callers at once for 3 s; 3 rounds',
    proxyOnly: true,
    run: (targets) => alternate(targets, 3, (target) => mintRound(target, 50, 3000)),
  },
];
