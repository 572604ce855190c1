/**
 * `npm run simulator -- --port 5001 --app app-KEY=chat --app app-KEY2=completion`
 * Starts the Dify simulator alone. `--app key=mode[+required][+audio]` may repeat; without it, one app of
 * every mode is served with fixed demo keys.
 */
import { parseArgs } from 'node:util';
import { defaultSimulatedApps, startSimulator, type SimulatedApp } from './index.ts';
import { allModes, isAppMode } from './route.ts';

function parseApp(spec: string): SimulatedApp {
  const separator = spec.lastIndexOf('=');
  const key = spec.slice(0, separator);
  const [mode = '', ...flags] = spec.slice(separator + 1).split('+');
  if (separator <= 0 || !isAppMode(mode)) {
    throw new Error(`--app ${spec}: expected key=mode with mode one of ${allModes.join(', ')} (e.g. app-abc=chat+audio)`);
  }
  return { key, mode, requiredInputs: flags.includes('required'), audio: flags.includes('audio') };
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5001' },
      host: { type: 'string', default: '127.0.0.1' },
      app: { type: 'string', multiple: true },
      'chunk-delay': { type: 'string' },
      'ping-interval': { type: 'string' },
    },
  });
  const apps = values.app === undefined || values.app.length === 0 ? [...defaultSimulatedApps] : values.app.map(parseApp);
  const chunkDelayMs = numberOption('chunk-delay', values['chunk-delay']);
  const pingIntervalMs = numberOption('ping-interval', values['ping-interval']);
  const simulator = await startSimulator({
    apps,
    port: numberOption('port', values.port) ?? 5001,
    host: values.host ?? '127.0.0.1',
    ...(chunkDelayMs === undefined ? {} : { chunkDelayMs }),
    ...(pingIntervalMs === undefined ? {} : { pingIntervalMs }),
  });
  console.log(`Dify simulator listening on ${simulator.url}`);
  console.log('Apps (simulator keys, use them as DIFY_API_KEY against this URL):');
  for (const app of apps) {
    const flags = [app.requiredInputs === true ? 'required inputs' : '', app.audio === true ? 'audio' : ''].filter(Boolean);
    console.log(`  ${app.mode.padEnd(13)} ${app.key}${flags.length > 0 ? `  (${flags.join(', ')})` : ''}`);
  }
  console.log('Scripted queries: "echo: <text>", "scenario: markdown | slow | error-midstream | drop | stall".');
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
