import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../demo/simulator/index.ts';
import { canaryKey, startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';

let simulator: Simulator | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await simulator?.close();
  proxy = undefined;
  simulator = undefined;
});

async function diagnose(app: Record<string, unknown>, simulated: 'chat' | 'advanced-chat' | 'none' = 'chat'): Promise<string[]> {
  simulator = await startSimulator({ apps: simulated === 'none' ? [] : [{ key: canaryKey, mode: simulated }] });
  proxy = await startProxy(testConfig(simulator.url, { apps: [{ id: 'main', apiKey: canaryKey, apiUrl: simulator.url, ...app }] }));
  return proxy.app.diagnose();
}

describe('the check of every app at start', () => {
  it('finds nothing wrong when the key works and the mode matches', async () => {
    expect(await diagnose({ mode: 'chat' })).toEqual([]);
  });

  it('says a rejected key is rejected, and where to copy the right one from, without printing the key', async () => {
    const problems = await diagnose({ mode: 'chat' }, 'none');
    expect(problems).toEqual([expect.stringMatching(/^app 'main': Dify rejected its key\. Copy the key from the app's "API Access" page/)]);
    expect(problems.join('\n')).not.toContain(canaryKey);
  });

  it('says when the configured mode is not the app’s mode in Dify', async () => {
    expect(await diagnose({ mode: 'chat' }, 'advanced-chat')).toEqual([
      expect.stringContaining("configured as mode 'chat' but Dify says the app is 'advanced-chat'"),
    ]);
  });

  it('says when Dify cannot be reached at the configured URL', async () => {
    simulator = await startSimulator({ apps: [] });
    const closedUrl = simulator.url;
    await simulator.close();
    simulator = undefined;
    proxy = await startProxy(testConfig(closedUrl, { apps: [{ id: 'main', apiKey: canaryKey, apiUrl: closedUrl, mode: 'chat' }] }));
    expect(await proxy.app.diagnose()).toEqual([expect.stringMatching(/^app 'main': /)]);
  });
});
