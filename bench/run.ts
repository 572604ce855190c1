// `npm run bench`: our proxy against nginx, http-proxy and a bare Node pipe, with Dify (a lean fake) direct
// as the baseline, then the widget's figures. Loopback only; every step is bounded and the whole run
// stops by itself within ten minutes. Writes bench/results.json and bench/report.md and prints the table.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dropIdleConnections, mintSession, type Target } from './client.ts';
import { findNginx, startNginx } from './nginx.ts';
import { steps } from './plan.ts';
import { startScript, type Started } from './processes.ts';
import { benchKey, startOurProxy } from './proxy-process.ts';
import {
  checkLines,
  direct,
  markdownReport,
  ours,
  pipe,
  relayChecks,
  relayTable,
  withReadmeFigures,
  type BenchResults,
  type StepResult,
} from './report.ts';
import { figuresOf } from './stats.ts';
import { loadRound } from './steps.ts';
import { measureWidget } from './widget.ts';

const stepLimitMs = 60_000;
const runLimitMs = 10 * 60_000;
const began = Date.now();
const started: Started[] = [];
const notices: string[] = [];
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

async function stopEverything(): Promise<void> {
  await Promise.allSettled(started.map((process) => process.stop()));
}

const runLimit = setTimeout(() => {
  say('the run passed 10 minutes: stopping');
  void stopEverything().finally(() => process.exit(2));
}, runLimitMs);

function withinStep<T>(name: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`step ${name} passed ${stepLimitMs / 1000} s`)), stepLimitMs);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const binary = findNginx();
  // nginx prints its version on stderr.
  const nginx =
    binary === undefined ? '' : `, ${spawnSync(binary, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '')}`;
  // The load average says how much else ran on the machine meanwhile (other work shares these cores).
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
  return `${model}, ${cpus().length} cores (shared with other work; load average ${load} at the end), Linux, Node ${process.version}${nginx}`;
}

async function startTargets(): Promise<Target[]> {
  const fake = await startScript('./fake-dify.mjs');
  started.push(fake);
  const proxy = await startOurProxy(
    fake.url,
    process.env['BENCH_PROFILE'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE']}`],
  );
  started.push(proxy);
  const httpProxy = await startScript('./relay-http-proxy.mjs', [fake.url]);
  started.push(httpProxy);
  const rawPipe = await startScript('./relay-pipe.mjs', [fake.url]);
  started.push(rawPipe);
  const key = `Bearer ${benchKey}`;
  const targets: Target[] = [
    { name: direct, url: fake.url, authorization: key, pid: undefined },
    { name: ours, url: proxy.url, authorization: `Bearer ${await mintSession(proxy.url)}`, pid: proxy.pid },
  ];
  const nginx = await startNginx(fake.url);
  if ('skipped' in nginx) {
    notices.push(`nginx skipped: ${nginx.skipped}`);
    say(`notice: ${nginx.skipped}`);
  } else {
    started.push(nginx);
    targets.push({ name: 'nginx', url: nginx.url, authorization: key, pid: nginx.pid });
  }
  targets.push({ name: 'http-proxy', url: httpProxy.url, authorization: key, pid: httpProxy.pid });
  targets.push({ name: pipe, url: rawPipe.url, authorization: key, pid: rawPipe.pid });
  return targets;
}

async function runSteps(targets: readonly Target[], fakeUrl: string): Promise<Record<string, StepResult>> {
  // Warm-up: JIT, keep-alive pools and first allocations happen before anything counts.
  for (const target of targets) await loadRound(target, 20, 10, { tokens: 10, gap: 0 });
  const only = process.env['BENCH_STEPS']?.split(',');
  const results: Record<string, StepResult> = {};
  for (const step of steps) {
    if (only !== undefined && !only.includes(step.name)) continue;
    const stepBegan = Date.now();
    const chosen = step.proxyOnly === true ? targets.filter((target) => target.name === ours) : targets;
    try {
      const samples = await withinStep(step.name, step.run(chosen, fakeUrl));
      results[step.name] = { description: step.description, figures: figuresOf(samples, step.proxyOnly === true ? ours : direct) };
    } catch (error) {
      notices.push(`step ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    dropIdleConnections();
    say(`${step.name}: ${((Date.now() - stepBegan) / 1000).toFixed(1)} s`);
  }
  return results;
}

async function main(): Promise<void> {
  const targets = await startTargets();
  const fakeUrl = targets[0]?.url ?? '';
  const proxyUrl = targets.find((target) => target.name === ours)?.url ?? '';
  say(`targets: ${targets.map((target) => target.name).join(', ')}`);
  const stepResults = await runSteps(targets, fakeUrl);
  const widget = process.env['BENCH_SKIP_WIDGET'] === undefined ? await measureWidget(proxyUrl, fakeUrl, notices, say) : undefined;
  await stopEverything();
  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: machine(),
    durationSeconds: Math.round((Date.now() - began) / 1000),
    notices,
    targets: targets.map((target) => target.name),
    steps: stepResults,
    ...(widget === undefined ? {} : { widget }),
  };
  writeFileSync(new URL('results.json', new URL('./', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
  writeReports(results);
  console.log(
    [
      '',
      ...relayTable(results),
      '',
      ...(widget?.lines ?? []),
      '',
      ...checkLines([...relayChecks(results), ...(widget?.checks ?? [])]),
    ].join('\n'),
  );
  say(`done in ${results.durationSeconds} s: bench/results.json, bench/report.md, README.md (Performance)`);
}

/** bench/report.md (with bench/closing-note.md at its end) and the README's Performance figures. */
function writeReports(results: BenchResults): void {
  const folder = new URL('./', import.meta.url);
  const notePath = new URL('closing-note.md', folder);
  const closingNote = existsSync(notePath) ? readFileSync(notePath, 'utf8').split('\n') : [];
  writeFileSync(new URL('report.md', folder), `${markdownReport(results, closingNote)}\n`);
  const readme = new URL('../README.md', folder);
  writeFileSync(readme, withReadmeFigures(readFileSync(readme, 'utf8'), results));
}

/** `--report`: writes the report and the README's figures again from bench/results.json (after editing bench/closing-note.md). */
function reportAgain(): void {
  writeReports(JSON.parse(readFileSync(new URL('results.json', new URL('./', import.meta.url)), 'utf8')) as BenchResults);
}

if (process.argv.includes('--report')) {
  clearTimeout(runLimit);
  reportAgain();
} else
  main()
    .catch(async (error: unknown) => {
      console.error(error);
      await stopEverything();
      process.exitCode = 1;
    })
    .finally(() => clearTimeout(runLimit));
