import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../helpers/listen.ts';
import { canaryKey, startProxy, testConfig, type RunningProxy } from '../helpers/proxy.ts';
import { bearer, mintSession } from '../helpers/session.ts';
import { startStubUpstream, type StubRequest, type StubUpstream } from '../helpers/stub-upstream.ts';

let upstream: StubUpstream | undefined;
let proxy: RunningProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await upstream?.close();
  proxy = undefined;
  upstream = undefined;
});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

async function withUpstream(respond: (request: StubRequest, res: ServerResponse) => void, overrides: Record<string, unknown> = {}) {
  upstream = await startStubUpstream(respond);
  proxy = await startProxy(testConfig(upstream.url, overrides));
  const session = await mintSession(proxy.url);
  return { proxy, session };
}

async function getParameters(running: RunningProxy, token: string) {
  const response = await fetch(`${running.url}/v1/parameters`, { headers: bearer(token) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('when Dify rejects the key', () => {
  for (const [status, code] of [
    [401, 'unauthorized'],
    [403, 'forbidden'],
  ] as const) {
    it(`turns Dify's ${status} into 502 upstream_auth_failed and logs it for the operator without the key`, async () => {
      const { proxy: running, session } = await withUpstream((_request, res) =>
        json(res, status, { code, message: `Access token is invalid: ${canaryKey}`, status }),
      );
      const result = await getParameters(running, session.token);
      expect(result.status).toBe(502);
      expect(JSON.parse(result.text)).toMatchObject({ code: 'upstream_auth_failed', status: 502 });
      expect(result.text).not.toContain(canaryKey);
      const logLine = running.logs.entries().find((entry) => String(entry['msg']).includes('rejected the API key'));
      expect(logLine).toBeDefined();
      expect(running.logs.lines().join('\n')).not.toContain(canaryKey);
    });
  }

  it("passes /site's 403 through, since Dify uses it for a missing site", async () => {
    const { proxy: running, session } = await withUpstream((_request, res) =>
      json(res, 403, { code: 'forbidden', message: 'Site not found.', status: 403 }),
    );
    const response = await fetch(`${running.url}/v1/site`, { headers: bearer(session.token) });
    expect(response.status).toBe(403);
  });
});

describe('when Dify answers with its own error', () => {
  it('passes the status and the body through unchanged', async () => {
    const body = { code: 'not_found', message: 'Conversation Not Exists.', status: 404 };
    const { proxy: running, session } = await withUpstream((_request, res) => json(res, 404, body));
    const response = await fetch(`${running.url}/v1/messages?conversation_id=abc`, { headers: bearer(session.token) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(body);
  });

  it('wraps a non-Dify error page (a gateway in between) in Dify shape', async () => {
    const { proxy: running, session } = await withUpstream((_request, res) => {
      res.statusCode = 502;
      res.setHeader('Content-Type', 'text/html');
      res.end('<html>Bad Gateway</html>');
    });
    const result = await getParameters(running, session.token);
    expect(result.status).toBe(502);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'upstream_error', status: 502 });
  });

  it('does not follow a redirect', async () => {
    const { proxy: running, session } = await withUpstream((_request, res) => {
      res.statusCode = 301;
      res.setHeader('Location', 'http://169.254.169.254/latest/meta-data');
      res.end();
    });
    const result = await getParameters(running, session.token);
    expect(result.status).toBe(502);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'upstream_redirect' });
    expect(upstream?.requests).toHaveLength(1);
  });
});

describe('when Dify cannot be reached', () => {
  it('answers 502 with a message naming DIFY_API_URL', async () => {
    const closed = await listen((_req, res) => res.end());
    const deadUrl = `${closed.url}/v1`;
    await closed.close();
    proxy = await startProxy(testConfig(deadUrl));
    const session = await mintSession(proxy.url);
    const result = await getParameters(proxy, session.token);
    expect(result.status).toBe(502);
    const body: unknown = JSON.parse(result.text);
    expect(body).toMatchObject({ code: 'upstream_unreachable', status: 502 });
    expect(result.text).toContain('DIFY_API_URL');
    expect(result.text).toContain('refused');
  });

  it('answers 504 when Dify accepts but never sends headers, after the configured headers timeout', async () => {
    const { proxy: running, session } = await withUpstream(() => undefined, { timeouts: { headersTimeoutMs: 150 } });
    const result = await getParameters(running, session.token);
    expect(result.status).toBe(504);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(result.text).toContain('DIFY_API_URL');
    // The configured 150 ms is the timeout that fired, not the 30 s default (which would also outlast this
    // test's timeout): read from the proxy's warning, not from a stopwatch.
    const warning = running.logs.entries().find((entry) => entry['msg'] === 'Dify did not answer in time');
    expect(warning).toMatchObject({ endpoint: 'parameters', timeoutMs: 150 });
  });
});

describe('when Dify goes silent in the middle of an answer that is not a stream', () => {
  function stallAfter(status: number, partialBody: string, closed: { upstream?: Promise<unknown> }) {
    return (_request: StubRequest, res: ServerResponse) => {
      closed.upstream = once(res, 'close');
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.write(partialBody);
    };
  }

  it('answers 504 when Dify sent an error status and its body stalls', async () => {
    const closed: { upstream?: Promise<unknown> } = {};
    const { proxy: running, session } = await withUpstream(stallAfter(400, '{"code": "invalid_param", ', closed), {
      timeouts: { idleTimeoutMs: 200 },
    });
    const result = await getParameters(running, session.token);
    expect(result.status).toBe(504);
    expect(JSON.parse(result.text)).toMatchObject({ code: 'upstream_timeout', status: 504 });
    await closed.upstream;
  });

  it('cuts the visitor off and frees the upstream connection instead of waiting minutes', async () => {
    const closed: { upstream?: Promise<unknown> } = {};
    const { proxy: running, session } = await withUpstream(stallAfter(200, '{"opening_statement": "Hel', closed), {
      timeouts: { idleTimeoutMs: 200 },
    });
    const response = await fetch(`${running.url}/v1/parameters`, { headers: bearer(session.token) });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    await closed.upstream;
  });
});

describe('403 answers that are not about the key', () => {
  it('passes a feature-disabled 403 through unchanged', async () => {
    const body = { code: 'app_suggested_questions_after_answer_disabled', message: 'Suggested questions are disabled.', status: 403 };
    const { proxy: running, session } = await withUpstream((_request, res) => json(res, 403, body));
    const response = await fetch(`${running.url}/v1/messages/m-1/suggested`, { headers: bearer(session.token) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(body);
  });
});
