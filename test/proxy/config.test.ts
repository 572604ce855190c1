import { describe, expect, it } from 'vitest';
import { defineConfig, loadConfig, readConfigSource, resolveConfig, settingName, variableName } from '../../proxy/config.ts';

const key = 'app-test-key-0123456789';
const secret = 'x'.repeat(32);

function problemsOf(result: ReturnType<typeof loadConfig>): string[] {
  return result.ok ? [] : result.problems;
}

describe('configuration from the environment', () => {
  it('fills in the documented defaults for a one-app setup', () => {
    const result = loadConfig({ environment: { DIFY_API_KEY: key } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8787);
    expect(config.demo).toBe(false);
    expect(config.apps).toHaveLength(1);
    expect(config.apps[0]?.apiUrl).toBe('https://api.dify.ai/v1');
    expect(config.apps[0]?.allowedOrigins).toEqual(['http://127.0.0.1:8787', 'http://localhost:8787']);
    expect(config.defaultAppId).toBe('default');
    expect(config.identitySecret).toBeUndefined();
    expect(config.warnings.join('\n')).toMatch(/SESSION_SECRET is unset/);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.apps[0])).toBe(true);
  });

  it('lists every problem together, each named after its variable', () => {
    const problems = problemsOf(
      loadConfig({
        environment: {
          DIFY_API_KEY: 'dataset-abc',
          DIFY_API_URL: 'ftp://dify',
          PORT: 'eighty',
          ALLOWED_ORIGINS: 'https://ok.example, https://bad.example/path',
          SESSION_SECRET: 'short',
          RATE_LIMIT_PER_IP: '-3',
          DIFY_APP_MODE: 'chatbot',
        },
      }),
    );
    const text = problems.join('\n');
    expect(problems.length).toBeGreaterThanOrEqual(7);
    for (const name of [
      'DIFY_API_KEY',
      'DIFY_API_URL',
      'PORT',
      'ALLOWED_ORIGINS',
      'SESSION_SECRET',
      'RATE_LIMIT_PER_IP',
      'DIFY_APP_MODE',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('https://bad.example/path');
  });

  it('lists problems across fields together with malformed values, not one batch per start', () => {
    const problems = problemsOf(
      loadConfig({
        environment: { DIFY_API_KEY: key, IDENTITY_SECRET: 'abc', REDIS_URL: 'http://127.0.0.1:6379', NODE_ENV: 'production' },
      }),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^IDENTITY_SECRET/m);
    expect(text).toMatch(/^REDIS_URL/m);
    expect(text).toMatch(/^SESSION_SECRET: required when NODE_ENV=production/m);
  });

  it("refuses '*' as an allowed origin and says why", () => {
    const problems = problemsOf(loadConfig({ environment: { DIFY_API_KEY: key, ALLOWED_ORIGINS: '*' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ALLOWED_ORIGINS.*'\*' is refused/);
  });

  it('requires SESSION_SECRET when NODE_ENV=production', () => {
    const problems = problemsOf(loadConfig({ environment: { DIFY_API_KEY: key, NODE_ENV: 'production' } }));
    expect(problems.join('\n')).toMatch(/^SESSION_SECRET: required when NODE_ENV=production/m);
    const fixed = loadConfig({ environment: { DIFY_API_KEY: key, NODE_ENV: 'production', SESSION_SECRET: secret } });
    expect(fixed.ok).toBe(true);
  });

  it('refuses demo mode in production', () => {
    const problems = problemsOf(loadConfig({ environment: { NODE_ENV: 'production', SESSION_SECRET: secret } }));
    expect(problems.join('\n')).toMatch(/^DIFY_API_KEY: required when NODE_ENV=production/m);
  });

  it('refuses TRUST_PROXY=true, which lets clients forge their address', () => {
    const problems = problemsOf(loadConfig({ environment: { DIFY_API_KEY: key, TRUST_PROXY: 'true' } }));
    expect(problems.join('\n')).toMatch(/^TRUST_PROXY: 'true' is refused/m);
    const hops = loadConfig({ environment: { DIFY_API_KEY: key, TRUST_PROXY: '1' } });
    expect(hops.ok && hops.config.trustProxy).toBe(1);
  });

  it.each([
    ['TRUE', /'true' is refused/],
    ['True', /'true' is refused/],
    ['99', /at most 5 hops/],
    ['0.0.0.0/0', /large part of the internet/],
    ['0.0.0.0/1,128.0.0.0/1', /'0\.0\.0\.0\/1' trusts a large part of the internet/],
    ['::/0', /large part of the internet/],
    ['10.0.0.0/8, not-an-address', /'not-an-address' is not an IP address/],
  ])('lists TRUST_PROXY=%s as a problem instead of crashing or trusting every hop', (value, problem) => {
    const problems = problemsOf(loadConfig({ environment: { DIFY_API_KEY: key, TRUST_PROXY: value } }));
    expect(problems.join('\n')).toMatch(/^TRUST_PROXY: /m);
    expect(problems.join('\n')).toMatch(problem);
  });

  it.each(['2', 'loopback', '10.0.0.0/8, 172.16.0.0/12', '173.245.48.0/20', '2400:cb00::/32', '127.0.0.1'])(
    'accepts TRUST_PROXY=%s, as Express reads it',
    (value) => {
      expect(loadConfig({ environment: { DIFY_API_KEY: key, TRUST_PROXY: value } }).ok).toBe(true);
    },
  );

  it('refuses one secret for both SESSION_SECRET and IDENTITY_SECRET', () => {
    const problems = problemsOf(loadConfig({ environment: { DIFY_API_KEY: key, SESSION_SECRET: secret, IDENTITY_SECRET: secret } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^IDENTITY_SECRET: must differ from SESSION_SECRET/);
    expect(loadConfig({ environment: { DIFY_API_KEY: key, SESSION_SECRET: secret, IDENTITY_SECRET: 'y'.repeat(32) } }).ok).toBe(true);
  });

  it('refuses a DIFY_API_URL with credentials, a query or a fragment, which would end up in logs', () => {
    for (const url of [
      'https://user:pass@dify.example/v1',
      'https://dify.example/v1?token=abc',
      'https://dify.example/v1#x',
      'https://dify.example/v1?',
    ]) {
      const problems = problemsOf(loadConfig({ environment: { DIFY_API_KEY: key, DIFY_API_URL: url } }));
      expect(problems, url).toHaveLength(1);
      expect(problems[0]).toMatch(/^DIFY_API_URL: must be an http\(s\) URL without credentials, query or fragment/);
    }
  });

  it('is in demo mode without DIFY_API_KEY or a config file', () => {
    const read = readConfigSource({ environment: {} });
    expect(read.ok && read.source.demo).toBe(true);
  });

  it('reads limits, timeouts and the single app settings from their variables', () => {
    const result = loadConfig({
      environment: {
        DIFY_API_KEY: key,
        DIFY_APP_MODE: 'completion',
        DIFY_APP_INPUTS: '{"site":"docs"}',
        DIFY_VISITOR_INPUTS: 'topic, name',
        RATE_LIMIT_PER_VISITOR: '7',
        MAX_STREAMS_PER_VISITOR: '1',
        MAX_STREAMS_PER_IP: '3',
        UPSTREAM_IDLE_TIMEOUT_MS: '1234',
        SESSION_TTL_SECONDS: '600',
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const app = result.config.apps[0];
    expect(app?.mode).toBe('completion');
    expect(app?.fixedInputs).toEqual({ site: 'docs' });
    expect(app?.visitorInputs).toEqual(['topic', 'name']);
    expect(app?.limits.requestsPerVisitor).toBe(7);
    expect(app?.limits.streamsPerVisitor).toBe(1);
    expect(app?.limits.streamsPerIp).toBe(3);
    expect(result.config.timeouts.idleMs).toBe(1234);
    expect(result.config.session.ttlSeconds).toBe(600);
  });
});

describe('configuration from a JSON file', () => {
  const file = JSON.stringify({
    allowedOrigins: ['https://www.example.com'],
    limits: { requestsPerVisitor: 10 },
    apps: [
      { id: 'support', default: true, apiKeyEnv: 'SUPPORT_KEY', mode: 'chat' },
      {
        id: 'writer',
        apiKey: 'app-writer-key-123',
        mode: 'completion',
        allowedOrigins: ['https://docs.example.com'],
        limits: { maxQueryChars: 500 },
      },
    ],
  });

  it('serves several apps with their own keys, origins and limits', () => {
    const result = loadConfig({
      environment: { SUPPORT_KEY: 'app-support-key-123', RATE_LIMIT_PER_IP: '99' },
      argv: ['--config', 'apps.json'],
      readFile: () => file,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [support, writer] = result.config.apps;
    expect(result.config.defaultAppId).toBe('support');
    expect(support?.apiKey).toBe('app-support-key-123');
    expect(support?.allowedOrigins).toEqual(['https://www.example.com']);
    expect(writer?.allowedOrigins).toEqual(['https://docs.example.com']);
    expect(writer?.limits.maxQueryChars).toBe(500);
    expect(writer?.limits.requestsPerVisitor).toBe(10);
    expect(writer?.limits.requestsPerIp).toBe(99);
  });

  it('names the file and the key in every problem, and lists them all', () => {
    const broken = JSON.stringify({
      apps: [
        { id: 'Bad Id', apiKey: 'nope', allowedOrigins: ['*'] },
        { id: 'two', apiKeyEnv: 'MISSING_KEY', default: true, colour: 'red' },
      ],
    });
    const result = loadConfig({ environment: {}, argv: ['--config=apps.json'], readFile: () => broken });
    const problems = problemsOf(result);
    expect(problems.join('\n')).toContain('apps.json: apps[1].apiKeyEnv: environment variable MISSING_KEY is not set');
    const validated = loadConfig({
      environment: { MISSING_KEY: 'app-fine-123' },
      argv: ['--config=apps.json'],
      readFile: () => broken,
    });
    const text = problemsOf(validated).join('\n');
    expect(text).toContain('apps.json: apps[0].id');
    expect(text).toContain('apps.json: apps[0].apiKey');
    expect(text).toContain('apps.json: apps[0].allowedOrigins[0]');
    expect(text).toMatch(/apps\.json: apps\[1\].*colour/);
  });

  it('reports an unreadable or malformed file instead of starting', () => {
    const missing = loadConfig({
      environment: {},
      argv: ['--config', 'nope.json'],
      readFile: () => {
        throw new Error('ENOENT: no such file');
      },
    });
    expect(problemsOf(missing)[0]).toMatch(/^nope\.json: cannot read the config file/);
    const malformed = loadConfig({ environment: {}, argv: ['--config', 'bad.json'], readFile: () => '{ apps: ' });
    expect(problemsOf(malformed)[0]).toMatch(/^bad\.json: not valid JSON/);
  });
});

describe('defineConfig', () => {
  it('throws one error listing every problem of a programmatic config', () => {
    const attempt = () => defineConfig({ apps: [{ id: 'a', apiKey: 'bad' }], allowedOrigins: ['*'], port: 70000 });
    expect(attempt).toThrow(/^- apps\[0\]\.apiKey: /m);
    expect(attempt).toThrow(/^- allowedOrigins\[0\]: /m);
    expect(attempt).toThrow(/^- port: /m);
  });

  it('rejects two apps marked default', () => {
    const result = resolveConfig({
      apps: [
        { id: 'a', apiKey: 'app-a-123', default: true },
        { id: 'b', apiKey: 'app-b-123', default: true },
      ],
    });
    expect(result.ok ? [] : result.problems).toEqual(['apps: 2 apps are marked default; mark at most one']);
  });
});

describe('the parsed configuration', () => {
  it('is in machine units, whatever units the settings are written in', () => {
    const config = defineConfig({
      apps: [{ id: 'a', apiKey: 'app-a-123', limits: { maxUploadMb: 2 } }],
      limits: { windowSeconds: 10, maxBodyKb: 3, maxUploadMb: 1 },
      session: { renewalWindowDays: 2, mintWindowSeconds: 5 },
      timeouts: { headersTimeoutMs: 11, idleTimeoutMs: 22, streamTimeoutMs: 33, stopTimeoutMs: 44 },
    });
    expect(config.apps[0]?.limits).toMatchObject({
      windowMs: 10_000,
      maxBodyBytes: 3 * 1024,
      maxUploadBytes: 2 * 1024 * 1024,
      requestsPerIp: 300,
    });
    expect(config.session).toEqual({ ttlSeconds: 86_400, renewalWindowSeconds: 2 * 86_400, mintPerIp: 30, mintWindowMs: 5000 });
    expect(config.timeouts).toMatchObject({ headersMs: 11, idleMs: 22, streamMs: 33, stopMs: 44, heartbeatMs: 15_000 });
  });

  it('warns under the name of the setting that chose a plain-http Dify URL', () => {
    const shared = loadConfig({ environment: { DIFY_API_KEY: key, DIFY_API_URL: 'http://dify.example/v1' } });
    expect(shared.ok && shared.config.warnings.join('\n')).toMatch(/^DIFY_API_URL uses plain http/m);
    const own = resolveConfig({ apps: [{ id: 'a', apiKey: 'app-a-123', apiUrl: 'http://dify.example/v1' }] });
    expect(own.ok && own.config.warnings.join('\n')).toMatch(/^apps\[0\]\.apiUrl uses plain http/m);
  });
});

describe('names in runtime hints', () => {
  it('come from the table of variables, with the config-file key where an app has one', () => {
    expect(variableName('trustProxy')).toBe('TRUST_PROXY');
    expect(settingName('identitySecret')).toBe('IDENTITY_SECRET');
    expect(settingName('apiUrl')).toBe("DIFY_API_URL (or the app's apiUrl in the config file)");
    expect(settingName('apiKey')).toBe("DIFY_API_KEY (or the app's apiKey in the config file)");
  });
});

describe('proxy/config.example.json', () => {
  it('is a valid config file once its key variables are set', () => {
    const result = loadConfig({
      environment: { SUPPORT_DIFY_KEY: 'app-support-1234', WRITER_DIFY_KEY: 'app-writer-1234' },
      argv: ['--config', 'proxy/config.example.json'],
    });
    expect(result.ok ? result.config.apps.map((app) => app.id) : result.problems).toEqual(['support', 'writer']);
  });
});

describe('REDIS_URL', () => {
  it('takes redis:// and rediss:// URLs, with the slot lease from REDIS_SLOT_LEASE_MS', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://:pw@redis.internal:6380/2']) {
      const result = loadConfig({ environment: { DIFY_API_KEY: key, REDIS_URL: url, REDIS_SLOT_LEASE_MS: '5000' } });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.config.redisUrl).toBe(url);
      expect(result.config.timeouts.slotLeaseMs).toBe(5000);
    }
  });

  it('refuses anything else without quoting the value, which may hold a password', () => {
    for (const url of ['http://:hunter2-password@redis.internal', 'redis://', 'hunter2-password', 'redis://:hunter2%zz@redis.internal']) {
      const problems = problemsOf(loadConfig({ environment: { DIFY_API_KEY: key, REDIS_URL: url } }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
      expect(problems[0]).not.toContain('hunter2');
    }
  });

  it('warns when the password would cross the network in clear text', () => {
    const remote = loadConfig({ environment: { DIFY_API_KEY: key, REDIS_URL: 'redis://:pw@redis.internal:6379' } });
    const local = loadConfig({ environment: { DIFY_API_KEY: key, REDIS_URL: 'redis://127.0.0.1:6379' } });
    expect(remote.ok && remote.config.warnings.join('\n')).toMatch(/REDIS_URL uses plain redis:\/\/ to a remote host/);
    expect(local.ok && local.config.warnings.join('\n')).not.toMatch(/REDIS_URL/);
  });
});
