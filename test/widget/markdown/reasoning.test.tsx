import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeContainer, renderMarkdown, root } from './render-markdown.tsx';

const DIFY_OPENER =
  '<details style="color:gray;background-color: #f8f8f8;padding: 8px;border-radius: 4px;" open> <summary> Thinking... </summary>';

function disclosure(container: HTMLElement): HTMLDetailsElement {
  const details = root(container).querySelector('details');
  if (!(details instanceof HTMLDetailsElement)) throw new Error('no reasoning disclosure');
  return details;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('reasoning of reasoning models', () => {
  it('folds <think>…</think> into a closed disclosure before the answer', () => {
    const container = renderMarkdown('<think>\nFirst, *plan*.\n</think>\n\nThe answer is **42**.');
    const details = disclosure(container);
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Thought');
    expect(details.querySelector('em')?.textContent).toBe('plan');
    expect(root(container).lastElementChild?.outerHTML).toBe('<p>The answer is <strong>42</strong>.</p>');
    expect(root(container).textContent).not.toContain('think>');
  });

  it("folds Dify's <details> Thinking... form the same way, without its style or open attribute", () => {
    const details = disclosure(renderMarkdown(`${DIFY_OPENER}Weighing options.</details>\n\nDone.`));
    expect(details.open).toBe(false);
    expect(details.hasAttribute('style')).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Thought');
    expect(details.textContent).toContain('Weighing options.');
  });

  it('says Thinking… while the reasoning streams, then how long it took', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
    const container = makeContainer();
    const source = '<think>step one, step two</think>Answer.';
    renderMarkdown('<thi', true, container);
    expect(root(container).textContent).toBe('');
    renderMarkdown('<think>step one', true, container);
    expect(disclosure(container).querySelector('summary')?.textContent).toBe('Thinking…');
    vi.setSystemTime(3_000);
    for (let end = '<think>step one'.length; end <= source.length; end += 1) renderMarkdown(source.slice(0, end), true, container);
    renderMarkdown(source, false, container);
    expect(disclosure(container).querySelector('summary')?.textContent).toBe('Thought for 3 s');
    expect(root(container).lastElementChild?.textContent).toBe('Answer.');
  });

  it('leaves an answer alone that merely starts with other markup', () => {
    expect(root(renderMarkdown('<b>bold?</b> no')).textContent).toBe('<b>bold?</b> no');
    expect(root(renderMarkdown('Say <think> later')).querySelector('details')).toBeNull();
  });
});
