/**
 * `npm run simulator -- --dify 1.13 --port 5001 --app app-KEY=chat --app app-KEY2=advanced-chat+flow:echo`
 * Starts the Dify simulator alone. `--app key=mode[+required][+audio][+flow:<name>]` may repeat; without it,
 * one app of every mode the release has is served with fixed demo keys.
 */
import { parseArgs } from 'node:util';
import { defaultSimulatedAppsFor, difyVersions, flowNames, isDifyVersion, isFlowName, startSimulator, type SimulatedApp } from './index.ts';
import { allModes, isAppMode } from './route.ts';

function parseFlow(spec: string, flags: string[]): Pick<SimulatedApp, 'flow'> {
  const flag = flags.find((candidate) => candidate.startsWith('flow:'));
  if (flag === undefined) return {};
  const name = flag.slice('flow:'.length);
  if (!isFlowName(name)) throw new Error(`--app ${spec}: flow must be one of ${flowNames.join(', ')}`);
  return { flow: name };
}

function parseApp(spec: string): SimulatedApp {
  const separator = spec.lastIndexOf('=');
  const key = spec.slice(0, separator);
  const [mode = '', ...flags] = spec.slice(separator + 1).split('+');
  if (separator <= 0 || !isAppMode(mode)) {
    throw new Error(`--app ${spec}: expected key=mode with mode one of ${allModes.join(', ')} (e.g. app-abc=chat+audio)`);
  }
  return { key, mode, requiredInputs: flags.includes('required'), audio: flags.includes('audio'), ...parseFlow(spec, flags) };
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function versionOption(value: string | undefined): (typeof difyVersions)[number] {
  if (value === undefined) return 'main';
  if (!isDifyVersion(value)) throw new Error(`--dify must be one of ${difyVersions.join(', ')}, got "${value}"`);
  return value;
}

/** The numeric options that are passed on only when given. */
function pacingOptions(values: Readonly<Record<string, unknown>>): Record<string, number> {
  const names = {
    'chunk-delay': 'chunkDelayMs',
    'ping-interval': 'pingIntervalMs',
    'worker-idle-close': 'workerIdleCloseMs',
    'max-active-requests': 'maxActiveRequests',
  };
  const options: Record<string, number> = {};
  for (const [flag, option] of Object.entries(names)) {
    const raw = values[flag];
    const value = numberOption(flag, typeof raw === 'string' ? raw : undefined);
    if (value !== undefined) options[option] = value;
  }
  return options;
}

function describe(apps: readonly SimulatedApp[]): void {
  console.log('Apps (simulator keys, use them as DIFY_API_KEY against this URL):');
  for (const app of apps) {
    const flags = [
      app.requiredInputs === true ? 'required inputs' : '',
      app.audio === true ? 'audio' : '',
      app.flow === undefined ? '' : `flow ${app.flow}`,
    ];
    const shown = flags.filter(Boolean);
    console.log(`  ${app.mode.padEnd(13)} ${app.key}${shown.length > 0 ? `  (${shown.join(', ')})` : ''}`);
  }
  console.log(
    'Scripted queries: "echo: <text>", "scenario: markdown | slow | hold | error-midstream | node-fail | image-first | approval | drop | stall".',
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5001' },
      host: { type: 'string', default: '127.0.0.1' },
      dify: { type: 'string' },
      app: { type: 'string', multiple: true },
      'chunk-delay': { type: 'string' },
      'ping-interval': { type: 'string' },
      'worker-idle-close': { type: 'string' },
      'max-active-requests': { type: 'string' },
    },
  });
  const dify = versionOption(values.dify);
  const apps = values.app === undefined || values.app.length === 0 ? [...defaultSimulatedAppsFor(dify)] : values.app.map(parseApp);
  const simulator = await startSimulator({
    apps,
    dify,
    port: numberOption('port', values.port) ?? 5001,
    host: values.host ?? '127.0.0.1',
    ...pacingOptions(values),
  });
  console.log(`Dify simulator (playing Dify ${dify}) listening on ${simulator.url}`);
  describe(apps);
  const shutdown = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
