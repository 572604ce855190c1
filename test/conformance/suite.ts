/**
 * The conformance suite: every check, for every mode that has an app, directly against Dify and through our
 * proxy. Both runners call this: `npm run test:dify` (a real Dify) and the vitest file (the simulator per version).
 */
import { randomBytes } from 'node:crypto';
import type { DifyVersion } from '../../shared/dify-wire.ts';
import { directChannel, proxyChannel, type Bounds, type Channel } from './channel.ts';
import type { Queries } from './context.ts';
import { readForm } from './form.ts';
import { brief, text } from './json.ts';
import { modes, modeSpec, type ModeName, type ModeSpec } from './modes.ts';
import { checkNames, pathNames, type PathName } from './plan.ts';
import { startSuiteProxy } from './proxy.ts';
import { errorText, skip, type CellResult } from './results.ts';
import { initialCells, runSteps, type Cells } from './steps.ts';

export interface SuiteApp {
  readonly mode: ModeName;
  readonly key: string;
}

export interface SuiteOptions {
  /** Dify's base URL including /v1. */
  readonly apiUrl: string;
  readonly apps: readonly SuiteApp[];
  /** Why a mode has no app (e.g. its variable is unset); its cells are skipped with this reason. */
  readonly skipped?: Readonly<Partial<Record<ModeName, string>>>;
  readonly requiredInputs: readonly string[];
  readonly queries: Queries;
  readonly bounds: Bounds;
  readonly version?: DifyVersion;
  readonly onProgress?: (line: string) => void;
}

/** One app of the suite, with what its checks need. */
interface Target {
  readonly options: SuiteOptions;
  readonly spec: ModeSpec;
  readonly app: SuiteApp;
  readonly proxyUrl: string;
  /** The `user` of direct calls, new to this run. */
  readonly user: string;
}

/**
 * The key must belong to an app of the mode it was given for: otherwise every check would fail in confusing
 * ways, and spend generations on the wrong app.
 */
async function modeProblem({ options, spec, app, user }: Target): Promise<string | undefined> {
  try {
    const reply = await directChannel(options.apiUrl, app.key, user, options.bounds).call('GET', '/info');
    const found = text(reply.json, 'mode');
    if (reply.status !== 200) return `GET /info answered ${reply.status} ${brief(reply.body)}`;
    if (found === spec.difyMode) return undefined;
    return `the key in ${spec.keyVariable} belongs to a '${found ?? '?'}' app, not '${spec.difyMode}'`;
  } catch (error) {
    return errorText(error);
  }
}

function openChannel({ options, app, proxyUrl, user }: Target, path: PathName): Promise<Channel> {
  if (path === 'direct') return Promise.resolve(directChannel(options.apiUrl, app.key, user, options.bounds));
  return proxyChannel(proxyUrl, app.mode, options.bounds);
}

async function runOne(target: Target, path: PathName): Promise<Cells> {
  const { options, spec } = target;
  try {
    const channel = await openChannel(target, path);
    const form = await readForm(channel);
    const { queries, requiredInputs, version } = options;
    return await runSteps({ mode: spec, channel, form, queries, requiredInputs, version });
  } catch (error) {
    return initialCells({ mode: spec }, errorText(error));
  }
}

function toResults(spec: ModeSpec, path: PathName, cells: Cells): CellResult[] {
  return [...cells].map(([check, outcome]) => ({ check, mode: spec.name, path, outcome }));
}

function summary(cells: Cells): string {
  const counts = { pass: 0, fail: 0, skip: 0 };
  for (const outcome of cells.values()) counts[outcome.kind] += 1;
  return `${counts.pass} pass, ${counts.fail} fail, ${counts.skip} skipped`;
}

function skippedMode(spec: ModeSpec, reason: string): CellResult[] {
  return pathNames.flatMap((path) => toResults(spec, path, new Map(checkNames.map((check) => [check, skip(reason)]))));
}

/** Runs the suite, one mode and path at a time (it may be someone's paid Dify); resolves with every cell. */
export async function runSuite(options: SuiteOptions): Promise<CellResult[]> {
  const user = `dify-widget-conformance-${randomBytes(6).toString('hex')}`;
  const proxy = await startSuiteProxy(
    options.apiUrl,
    options.apps.map((app) => ({ id: app.mode, key: app.key, mode: modeSpec(app.mode).difyMode })),
  );
  const results: CellResult[] = [];
  try {
    for (const spec of modes) {
      const app = options.apps.find((candidate) => candidate.mode === spec.name);
      if (app === undefined) {
        results.push(...skippedMode(spec, options.skipped?.[spec.name] ?? `no ${spec.name} app was given`));
        continue;
      }
      const target: Target = { options, spec, app, proxyUrl: proxy.url, user };
      const problem = await modeProblem(target);
      for (const path of pathNames) {
        const cells = problem === undefined ? await runOne(target, path) : initialCells({ mode: spec }, problem);
        options.onProgress?.(`${spec.name} · ${path}: ${summary(cells)}`);
        results.push(...toResults(spec, path, cells));
      }
    }
  } finally {
    await proxy.close();
  }
  return results;
}
