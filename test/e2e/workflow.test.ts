import { describe, expect, it } from 'vitest';
import { runAxe } from './support/axe.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { recordAnswerGrowth, widgetParts } from './support/widget.ts';
import type { StopRecord } from '../../demo/simulator/index.ts';

const e2e = useBrowserStack({
  stack: {
    apps: [
      { id: 'chat', mode: 'chat', default: true },
      { id: 'workflow', mode: 'workflow', jsonInput: true },
    ],
    simulator: { chunkDelayMs: 25 },
  },
});

async function openWorkflow(mode: 'inline' | 'bubble') {
  const data: Record<string, string> = mode === 'inline' ? { app: 'workflow', mode: 'inline', target: '#runner' } : { app: 'workflow' };
  await e2e.page.goto(
    e2e.host.addPage('/', { html: hostPage({ body: '<main><h1>Runner</h1><div id="runner"></div></main>', widget: { data } }) }),
  );
  const widget = widgetParts(e2e.page, 'workflow');
  if (mode === 'bubble') await widget.launcher.click();
  const field = (variable: string) => widget.host.locator(`[data-variable="${variable}"]`);
  await field('query').locator('textarea').waitFor({ state: 'visible' });
  return { widget, field, run: widget.host.locator('[part~="run"]'), result: widget.host.locator('[part~="result"]') };
}

describe('a workflow app in a real browser', () => {
  it('inline: runs with the form, streams text_chunk output, then shows the outputs (text as markdown, the rest as a list); axe', async () => {
    const { widget, field, run, result } = await openWorkflow('inline');
    await field('query').locator('textarea').fill('The harbour at dawn');
    await field('settings').locator('textarea').fill('{"tone": "calm", "lines": 3}');
    const growth = await recordAnswerGrowth(e2e.page, 'workflow', 'result');
    await run.click();
    await expect.poll(() => result.getAttribute('data-ending'), { timeout: 15_000 }).toBe('complete');
    const texts = await growth();
    expect(new Set(texts).size).toBeGreaterThanOrEqual(3);
    const sent = requestsTo(e2e.stack.simulator, '/v1/workflows/run')[0]?.body;
    expect(sent).toMatchObject({
      inputs: { query: 'The harbour at dawn', settings: { tone: 'calm', lines: 3 } },
      response_mode: 'streaming',
    });
    const outputs = widget.host.locator('[part~="outputs"]');
    expect(await outputs.locator('[data-output="text"] dd').innerText()).toContain('The harbour at dawn');
    expect(await outputs.locator('[data-output="settings"] [data-output="tone"] dd').innerText()).toBe('calm');
    expect(Number(await outputs.locator('[data-output="word_count"] > dd').innerText())).toBeGreaterThan(3);
    expect(await runAxe(e2e.page, 'dify-widget')).toEqual([]);
  });

  it('shows the last run’s result again after a reload, with the form filled in as it was, without running it again', async () => {
    const { widget, field, run, result } = await openWorkflow('inline');
    await field('query').locator('textarea').fill('The harbour at dawn');
    await field('settings').locator('textarea').fill('{"tone": "calm"}');
    await run.click();
    await expect.poll(() => result.getAttribute('data-ending'), { timeout: 15_000 }).toBe('complete');
    const shown = await result.innerText();
    await e2e.page.reload();
    await field('query').locator('textarea').waitFor({ state: 'visible' });
    await expect.poll(() => result.getAttribute('data-ending')).toBe('complete');
    expect(await result.innerText()).toBe(shown);
    expect(await widget.host.locator('[part~="outputs"] [data-output="settings"] [data-output="tone"] dd').innerText()).toBe('calm');
    await expect.poll(() => field('query').locator('textarea').inputValue()).toBe('The harbour at dawn');
    expect(await field('settings').locator('textarea').inputValue()).toBe('{"tone": "calm"}');
    expect(requestsTo(e2e.stack.simulator, '/v1/workflows/run')).toHaveLength(1);
  });

  it('refuses Settings that are not a JSON object before anything is sent', async () => {
    const { widget, field, run } = await openWorkflow('inline');
    await field('query').locator('textarea').fill('x');
    await field('settings').locator('textarea').fill('tone: calm');
    await run.click();
    await expect.poll(() => field('settings').locator('textarea').getAttribute('aria-invalid')).toBe('true');
    expect(await field('settings').innerText()).toContain('Enter a JSON object');
    expect(requestsTo(e2e.stack.simulator, '/v1/workflows/run')).toHaveLength(0);
    expect(await widget.host.locator('[part~="result"]').count()).toBe(0);
  });

  it('in the panel: Stop ends the run, keeps the text so far, and Dify gets workflows/tasks/:id/stop', async () => {
    const stops: StopRecord[] = [];
    e2e.stack.simulator.events.on('stop', (record: StopRecord) => stops.push(record));
    const { widget, field, run, result } = await openWorkflow('bubble');
    await field('query').locator('textarea').fill('scenario: slow');
    await run.click();
    await expect.poll(async () => ((await result.count()) > 0 ? result.innerText() : ''), { timeout: 10_000 }).toContain('This answer');
    await widget.host.locator('[part~="stop"]').click();
    await expect.poll(() => result.getAttribute('data-ending')).toBe('aborted');
    expect(await result.innerText()).toContain('This answer');
    await expect.poll(() => stops.length, { timeout: 10_000 }).toBe(1);
    const stopCall = e2e.stack.simulator.requests.find((request) => request.path.endsWith('/stop'));
    expect(stopCall?.path).toBe(`/v1/workflows/tasks/${stops[0]?.taskId ?? ''}/stop`);
    expect(requestsTo(e2e.stack.simulator, '/v1/workflows/run')).toHaveLength(1);
    expect(await run.isVisible()).toBe(true);
  });
});
