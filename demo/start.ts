import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { resolveConfig, type Config, type ConfigSource } from '../proxy/config.ts';
import type { DifyVersion } from '../shared/dify-wire.ts';
import { defaultSimulatedAppsFor, difyVersions, isDifyVersion, startSimulator, type SimulatedApp } from './simulator/index.ts';
import { createDemoSiteRouter } from './site/router.ts';

/**
 * The demo's proxy app id: the simulator key without `app-demo-` (`chat`, `agent`, `chatflow`, `knowledge`…);
 * `chat` is also the default app at /v1.
 */
const demoAppId = (key: string) => key.replace(/^app-demo-/, '');

/**
 * Apps of the demo's feature pages (demo/site/public/files-voice.html): one feature each. `links` is the one
 * whose proxy app forwards `remote_url` files (`remoteFileUrls`), so its widget offers "Add from a link".
 */
const featureDemoApps: readonly { id: string; simulated: SimulatedApp; remoteFileUrls?: boolean }[] = [
  { id: 'files', simulated: { key: '', mode: 'chat', name: 'Files Assistant', fileTypes: ['image', 'document'] } },
  { id: 'voice', simulated: { key: '', mode: 'chat', name: 'Voice Assistant', audio: true, autoPlay: true, fileTypes: [] } },
  { id: 'links', simulated: { key: '', mode: 'chat', name: 'Links Assistant', fileTypes: ['image', 'document'] }, remoteFileUrls: true },
  { id: 'file-form', simulated: { key: '', mode: 'workflow', name: 'Document Reader', fileInputs: true } },
];

/** The Dify release the demo's simulator plays: `DEMO_DIFY_VERSION` (1.13, 1.14 or main; default main). */
function demoVersion(): { ok: true; version: DifyVersion } | { ok: false; problems: string[] } {
  const raw = process.env['DEMO_DIFY_VERSION'];
  if (raw === undefined || raw === '') return { ok: true, version: 'main' };
  if (isDifyVersion(raw)) return { ok: true, version: raw };
  return { ok: false, problems: [`DEMO_DIFY_VERSION must be one of ${difyVersions.join(', ')}, got "${raw}"`] };
}

export interface Demo {
  readonly config: Config;
  readonly siteRouter: Router;
  readonly simulatorUrl: string;
  close(): Promise<void>;
}

/**
 * Demo mode: the simulator in-process on a loopback port, one proxy app per mode, the demo site at `/`.
 * The operator's settings (where to listen, limits, secrets) still apply; only the apps are the demo's.
 * The process entry loads this module only in demo mode, so a real deployment never loads the simulator.
 */
export async function startDemo(
  source: ConfigSource,
  configured: Config,
): Promise<{ ok: true; demo: Demo } | { ok: false; problems: string[] }> {
  const chosen = demoVersion();
  if (!chosen.ok) return chosen;
  const demoApps: readonly { id: string; simulated: SimulatedApp; remoteFileUrls?: boolean }[] = [
    ...defaultSimulatedAppsFor(chosen.version).map((simulated) => ({ simulated, id: demoAppId(simulated.key) })),
    ...featureDemoApps,
  ];
  const keys = new Map(demoApps.map((app) => [app.id, `app-demo-${app.id}-${randomBytes(12).toString('hex')}`]));
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    dify: chosen.version,
    apps: demoApps.map((app) => ({ ...app.simulated, key: keys.get(app.id) ?? '' })),
  });
  // The demo site plays the host's backend, so it signs identities with the proxy's IDENTITY_SECRET.
  const identitySecret = configured.identitySecret ?? randomBytes(32).toString('hex');
  const apps = demoApps.map((app) => ({
    id: app.id,
    apiKey: keys.get(app.id),
    apiUrl: simulator.url,
    mode: app.simulated.mode,
    default: app.id === 'chat',
    remoteFileUrls: app.remoteFileUrls === true,
  }));
  const resolved = resolveConfig({ ...source.input, identitySecret, apps }, source.describe);
  if (!resolved.ok) {
    await simulator.close();
    return resolved;
  }
  const siteRouter = createDemoSiteRouter({ identitySecret });
  return { ok: true, demo: { config: resolved.config, siteRouter, simulatorUrl: simulator.url, close: () => simulator.close() } };
}
