import { describe, expect, it } from 'vitest';
import { useBrowserStack } from './support/browser-stack.ts';
import { hostPage } from './support/pages.ts';
import { requestsTo, watchUpstreamStops } from './support/simulator-calls.ts';
import { recordAnswerGrowth, widgetParts } from './support/widget.ts';

const e2e = useBrowserStack({
  stack: {
    apps: [
      { id: 'chat', mode: 'chat', default: true },
      { id: 'completion', mode: 'completion' },
    ],
    // Slow enough to press Stop in the middle, fast enough to finish in about a second.
    simulator: { chunkDelayMs: 25 },
  },
});

const inlinePage = () =>
  hostPage({
    body: '<main><h1>Write a product blurb</h1><div id="generator"></div><p id="after">Text after the generator.</p></main>',
    widget: { data: { app: 'completion', mode: 'inline', target: '#generator' } },
  });

const completionCalls = () => requestsTo(e2e.stack.simulator, '/v1/completion-messages');

async function openGenerator() {
  await e2e.page.goto(e2e.host.addPage('/', { html: inlinePage() }));
  const widget = widgetParts(e2e.page, 'completion');
  const field = (variable: string) => widget.host.locator(`[data-variable="${variable}"]`);
  await field('topic').locator('input').waitFor({ state: 'visible' });
  return {
    widget,
    field,
    generate: widget.host.locator('[part~="generate"]'),
    result: widget.host.locator('[part~="result"]'),
  };
}

describe('an inline completion (text generator) app', () => {
  it('renders into the page element with the app’s own input form, checks required fields, and Generate streams the result', async () => {
    const { widget, field, generate, result } = await openGenerator();
    // In the page flow, inside #generator, with no bubble.
    expect(await e2e.page.locator('#generator > dify-widget').count()).toBe(1);
    expect(await widget.launcher.count()).toBe(0);
    expect(await widget.panel.getAttribute('role')).toBe('region');
    const generatorBox = await e2e.page.locator('#generator').boundingBox();
    const afterBox = await e2e.page.locator('#after').boundingBox();
    expect((afterBox?.y ?? 0) - (generatorBox?.y ?? 0)).toBeGreaterThan(150);

    // The form is the app's /parameters form: labels, required marks and select options.
    for (const [variable, label] of [
      ['topic', 'Topic'],
      ['details', 'Details'],
      ['tone', 'Tone'],
      ['words', 'Length in words'],
    ] as const) {
      expect(await field(variable).locator('label').innerText()).toContain(label);
    }
    expect(await field('tone').locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['formal', 'casual', 'playful']));

    // A required field left empty is flagged and nothing is sent.
    await field('topic').locator('input').fill('');
    await generate.click();
    await expect.poll(() => field('topic').locator('input').getAttribute('aria-invalid')).toBe('true');
    expect(completionCalls()).toHaveLength(0);

    await field('topic').locator('input').fill('Lighthouses');
    await field('tone').locator('select').selectOption('playful');
    const growth = await recordAnswerGrowth(e2e.page, 'completion', 'result');
    await generate.click();
    await expect.poll(() => result.getAttribute('data-status')).toBe('ready');
    expect(await result.innerText()).toContain("Buckle up, we're talking about Lighthouses!");
    // At least two different texts were on screen: it streamed (every DOM change is recorded, none sampled).
    const texts = await growth();
    expect(new Set(texts).size).toBeGreaterThanOrEqual(2);
    expect(texts.at(-1)).toContain("Buckle up, we're talking about Lighthouses!");
    const sent = completionCalls()[0]?.body;
    expect(sent).toMatchObject({ inputs: { topic: 'Lighthouses', tone: 'playful' }, response_mode: 'streaming' });
    expect(await widget.host.locator('[part~="copy"]').isVisible()).toBe(true);
  });

  it('stops a generation with Stop, keeps what was written, and the simulator sees the stop', async () => {
    const upstream = watchUpstreamStops(e2e.stack.simulator);
    const { widget, field, generate, result } = await openGenerator();

    // The simulator's slow script, chosen through the topic.
    await field('topic').locator('input').fill('scenario: slow');
    await generate.click();
    await expect.poll(async () => ((await result.count()) > 0 ? result.innerText() : ''), { timeout: 10_000 }).toContain('This answer');
    await widget.host.locator('[part~="stop"]').click();

    await expect.poll(() => result.getAttribute('data-ending')).toBe('aborted');
    // Stop did not start another generation.
    expect(completionCalls()).toHaveLength(1);
    expect(await result.innerText()).toContain('This answer');
    expect(await result.innerText()).not.toContain('between words.');
    // The proxy turned the visitor's Stop into Dify's stop call for this task and this visitor, and the
    // stream upstream ended without completing.
    await upstream.expectStopCall('/v1/completion-messages');
    await expect.poll(() => upstream.endReasons()).toEqual([expect.stringMatching(/^(stopped|client-closed)$/)]);
    expect(await generate.isVisible()).toBe(true);
  });
});
