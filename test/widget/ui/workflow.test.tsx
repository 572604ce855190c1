import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeProxy } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());

afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
  vi.unstubAllGlobals();
});

const parameters = {
  user_input_form: [
    { paragraph: { variable: 'query', label: 'Request', required: true, type: 'paragraph' } },
    { json_object: { variable: 'settings', label: 'Settings', required: false, type: 'json_object' } },
  ],
};

function setup(proxy = createFakeProxy({ mode: 'workflow', parameters })) {
  const target = document.createElement('div');
  document.body.append(target);
  mounted = mountWidget({
    proxy,
    config: { mode: 'inline', target: '#x' },
    parent: target,
  });
  return { ...mounted, ui: within(mounted.view) };
}

const chunk = (text: string) => ({ event: 'text_chunk', data: { text, from_variable_selector: ['llm', 'text'] } });
const finished = (status: string, outputs: Record<string, unknown>, error: string | null = null) => ({
  event: 'workflow_finished',
  data: { id: 'run-1', status, outputs, error, elapsed_time: 0.1 },
});

describe('a workflow app', () => {
  it('runs with the form’s inputs, streams text_chunk output, then shows the outputs: text as markdown, the rest as a list', async () => {
    const widget = setup();
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Request' }), { target: { value: 'Summarise tides' } });
    fireEvent.input(widget.ui.getByRole('textbox', { name: /Settings/ }), { target: { value: '{"depth": 2}' } });
    const opened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Run' }));
    const stream = await opened;
    expect(widget.proxy.requestsTo('POST', '/v1/workflows/run')[0]?.body).toEqual({
      inputs: { query: 'Summarise tides', settings: { depth: 2 } },
      response_mode: 'streaming',
    });
    stream.frame({ event: 'workflow_started', data: { id: 'run-1' } });
    stream.frame(chunk('Tides are '));
    expect(await widget.ui.findByText(/Tides are/)).toBeTruthy();
    expect(widget.ui.getByRole('button', { name: 'Stop' })).toBeTruthy();
    stream.frame(chunk('**moon-driven**.'));
    stream.frame(
      finished('succeeded', { text: 'Tides are **moon-driven**.', sources: ['NOAA', 'Wikipedia'], meta: { pages: 3, draft: false } }),
    );
    const outputs = await widget.ui.findByRole('heading', { name: 'Outputs' });
    expect(outputs).toBeTruthy();
    const result = widget.view.querySelector('[part~="result"]') as HTMLElement;
    expect(result.dataset.ending).toBe('complete');
    // The streamed text is the `text` output: shown once, as markdown.
    expect(within(result).getAllByText('moon-driven')).toHaveLength(1);
    expect(within(result).getByText('moon-driven').tagName).toBe('STRONG');
    const sources = result.querySelector('[data-output="sources"]') as HTMLElement;
    expect([...sources.querySelectorAll('li')].map((item) => item.textContent)).toEqual(['NOAA', 'Wikipedia']);
    const meta = result.querySelector('[data-output="meta"]') as HTMLElement;
    expect(meta.querySelector('[data-output="pages"] dd')?.textContent).toBe('3');
    expect(meta.querySelector('[data-output="draft"] dd')?.textContent).toBe('false');
    expect(widget.ui.getByRole('button', { name: 'Run' })).toBeTruthy();
  });

  it('refuses a Settings value that is not a JSON object, says why, and sends nothing', async () => {
    const widget = setup();
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Request' }), { target: { value: 'x' } });
    const settings = widget.ui.getByRole('textbox', { name: /Settings/ });
    for (const wrong of ['{depth: 2}', '[1, 2]', '"text"']) {
      fireEvent.input(settings, { target: { value: wrong } });
      fireEvent.click(widget.ui.getByRole('button', { name: 'Run' }));
      expect(await widget.ui.findByText('Enter a JSON object, such as {"key": "value"}.')).toBeTruthy();
      expect(settings.getAttribute('aria-invalid')).toBe('true');
    }
    await waitFor(() => expect(widget.root.activeElement).toBe(settings));
    expect(widget.proxy.requestsTo('POST', '/v1/workflows/run')).toHaveLength(0);
  });

  it('Stop ends the run and keeps the text so far; a failed run says so in plain words', async () => {
    const widget = setup();
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Request' }), { target: { value: 'x' } });
    let opened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Run' }));
    const first = await opened;
    first.frame(chunk('Half a '));
    await widget.ui.findByText(/Half a/);
    fireEvent.click(widget.ui.getByRole('button', { name: 'Stop' }));
    expect(await widget.ui.findByText('Stopped.')).toBeTruthy();
    expect(first.aborted).toBe(true);

    opened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Run' }));
    const second = await opened;
    second.frame(finished('failed', {}, 'HTTP request failed'));
    expect(await widget.ui.findByText(/The app couldn’t finish this answer\./)).toBeTruthy();
    expect(widget.ui.queryByRole('heading', { name: 'Outputs' })).toBeNull();
  });
  it('output moderation (text_replace) replaces the streamed text with what the app says instead', async () => {
    const widget = setup();
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Request' }), { target: { value: 'x' } });
    const opened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Run' }));
    const stream = await opened;
    stream.frame(chunk('Something the policy '));
    await widget.ui.findByText(/the policy/);
    stream.frame({ event: 'text_replace', data: { text: 'This answer was withheld.' } });
    expect(await widget.ui.findByText('This answer was withheld.')).toBeTruthy();
    expect(widget.ui.queryByText(/the policy/)).toBeNull();
  });

  it('shows the last run again after a reload, its form filled in as it was; a new run replaces it; another visitor sees none', async () => {
    const proxy = createFakeProxy({ mode: 'workflow', parameters });
    const first = setup(proxy);
    fireEvent.input(await first.ui.findByRole('textbox', { name: 'Request' }), { target: { value: 'Summarise tides' } });
    fireEvent.input(first.ui.getByRole('textbox', { name: /Settings/ }), { target: { value: '{"depth": 2}' } });
    let opened = proxy.nextStream();
    fireEvent.click(first.ui.getByRole('button', { name: 'Run' }));
    let stream = await opened;
    stream.frame(chunk('Tides follow the moon.'));
    stream.frame(finished('succeeded', { text: 'Tides follow the moon.', sources: ['NOAA'] }));
    await first.ui.findByRole('heading', { name: 'Outputs' });
    // Edited after the run: the reload shows the form the run was made from.
    fireEvent.input(first.ui.getByRole('textbox', { name: 'Request' }), { target: { value: 'something else' } });
    first.controller.destroy();
    first.host.remove();

    const again = setup(proxy);
    expect(await again.ui.findByText('Tides follow the moon.')).toBeTruthy();
    const result = again.view.querySelector('[part~="result"]') as HTMLElement;
    expect(result.dataset.ending).toBe('complete');
    expect(result.querySelector('[data-output="sources"] li')?.textContent).toBe('NOAA');
    await waitFor(() => expect((again.ui.getByRole('textbox', { name: 'Request' }) as HTMLTextAreaElement).value).toBe('Summarise tides'));
    expect((again.ui.getByRole('textbox', { name: /Settings/ }) as HTMLTextAreaElement).value).toBe('{"depth": 2}');
    expect(proxy.requestsTo('POST', '/v1/workflows/run')).toHaveLength(1);

    // A new run replaces it, stopped half-way as well as finished.
    opened = proxy.nextStream();
    fireEvent.click(again.ui.getByRole('button', { name: 'Run' }));
    stream = await opened;
    expect(again.ui.queryByText('Tides follow the moon.')).toBeNull();
    stream.frame(chunk('Half a '));
    await again.ui.findByText(/Half a/);
    fireEvent.click(again.ui.getByRole('button', { name: 'Stop' }));
    await again.ui.findByText('Stopped.');
    again.controller.destroy();
    again.host.remove();

    const third = setup(proxy);
    expect(await third.ui.findByText('Stopped.')).toBeTruthy();
    expect(third.ui.getByText(/Half a/)).toBeTruthy();
    expect(third.ui.queryByText('Tides follow the moon.')).toBeNull();
    third.controller.destroy();
    third.host.remove();

    // Another visitor on the same browser (the session was dropped): nothing is shown, nothing filled in.
    for (const key of Object.keys(localStorage)) if (!key.endsWith(':workflow')) localStorage.removeItem(key);
    const stranger = setup(proxy);
    const request = (await stranger.ui.findByRole('textbox', { name: 'Request' })) as HTMLTextAreaElement;
    await waitFor(() => expect(proxy.requestsTo('POST', '/session').length).toBeGreaterThan(1));
    expect(stranger.view.querySelector('[part~="result"]')).toBeNull();
    expect(request.value).toBe('');
  });

  it('shows a failed run again after a reload, as failed', async () => {
    const proxy = createFakeProxy({ mode: 'workflow', parameters });
    const first = setup(proxy);
    fireEvent.input(await first.ui.findByRole('textbox', { name: 'Request' }), { target: { value: 'x' } });
    const opened = proxy.nextStream();
    fireEvent.click(first.ui.getByRole('button', { name: 'Run' }));
    (await opened).frame(finished('failed', {}, 'HTTP request failed'));
    await first.ui.findByText(/The app couldn’t finish this answer\./);
    first.controller.destroy();
    first.host.remove();

    const again = setup(proxy);
    expect(await again.ui.findByText(/The app couldn’t finish this answer\./)).toBeTruthy();
    expect((again.view.querySelector('[part~="result"]') as HTMLElement).dataset.ending).toBe('failed');
  });
});
