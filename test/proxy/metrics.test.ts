import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from '../helpers/api.ts';
import { mintSession } from '../helpers/session.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The value of one series in Prometheus's text format, e.g. `dify_widget_tokens_total{app="chat"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests by endpoint and status, tokens and price from Dify, refusals by code, and time to Dify’s headers', async () => {
    stack = await startStack({ limits: { maxQueryChars: 20 } });
    const session = await mintSession(stack.urls.proxy);
    const answer = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, {
      query: 'echo: hi',
      inputs: {},
      response_mode: 'streaming',
    });
    await answer.text();
    const refused = await postJson(stack.urls.proxy, '/v1/chat-messages', session.token, {
      query: 'x'.repeat(50),
      inputs: {},
      response_mode: 'streaming',
    });
    expect(refused.status).toBe(400);
    await refused.text();

    // The request log line is written on the turn after the response closes; the metrics with it.
    await expect
      .poll(async () =>
        sample(
          await (await fetch(`${stack?.urls.proxy}/metrics`)).text(),
          'dify_widget_requests_total{app="chat",endpoint="chat-messages",status="400"}',
        ),
      )
      .toBe(1);
    const response = await fetch(`${stack.urls.proxy}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(sample(text, 'dify_widget_requests_total{app="chat",endpoint="chat-messages",status="200"}')).toBe(1);
    expect(sample(text, 'dify_widget_tokens_total{app="chat"}')).toBeGreaterThan(0);
    expect(sample(text, 'dify_widget_price_total{app="chat",currency="USD"}')).toBeGreaterThan(0);
    expect(text).toMatch(/^dify_widget_refusals_total\{code="[a-z_]+",status="400"\} 1$/m);
    expect(sample(text, 'dify_widget_upstream_headers_seconds_count{app="chat"}')).toBe(1);
    expect(sample(text, 'dify_widget_open_streams')).toBe(0);
    expect(text).toContain('dify_widget_process_resident_memory_bytes');
    expect(text).not.toContain(stack.keys['chat'] ?? 'app-');
  });

  it('answers only this machine without METRICS_TOKEN, and only the bearer of it with one', async () => {
    stack = await startStack();
    // A forwarded address does not make a remote scraper local.
    expect((await fetch(`${stack.urls.proxy}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(200);
    await stack.close();
    const token = 'metrics-token-0123456789abcdef0123456789';
    stack = await startStack({ metricsToken: token });
    expect((await fetch(`${stack.urls.proxy}/metrics`)).status).toBe(401);
    expect((await fetch(`${stack.urls.proxy}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${stack.urls.proxy}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
