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
    { 'text-input': { variable: 'topic', label: 'Topic', required: true, max_length: 20 } },
    { paragraph: { variable: 'notes', label: 'Notes', required: false } },
    { select: { variable: 'tone', label: 'Tone', required: true, options: ['formal', 'casual'] } },
    { number: { variable: 'words', label: 'Words', required: false } },
  ],
};

function setup() {
  const target = document.createElement('div');
  document.body.append(target);
  mounted = mountWidget({
    proxy: createFakeProxy({ mode: 'completion', parameters }),
    config: { mode: 'inline', target: '#x' },
    parent: target,
  });
  return { ...mounted, ui: within(mounted.view) };
}

// First in the file: the view's chunk must not be loaded yet, as on a real page.
describe('completion app in the bubble', () => {
  it('moves focus to the first field once the lazily loaded view is on screen', async () => {
    mounted = mountWidget({ proxy: createFakeProxy({ mode: 'completion', parameters }) });
    const ui = within(mounted.view);
    fireEvent.click(ui.getByRole('button', { name: 'Open chat' }));
    const topic = await ui.findByRole('textbox', { name: 'Topic' });
    await waitFor(() => expect(mounted?.root.activeElement).toBe(topic));
  });
});

describe('completion app inline', () => {
  it('renders the app form with labelled text, paragraph, select and number fields and a Generate button', async () => {
    const widget = setup();
    expect(await widget.ui.findByRole('region', { name: 'Test bot' })).toBeTruthy();
    // The completion view is a lazily loaded chunk.
    expect((await widget.ui.findByRole('textbox', { name: 'Topic' })).tagName).toBe('INPUT');
    expect(widget.ui.getByRole('textbox', { name: /Notes/ }).tagName).toBe('TEXTAREA');
    expect(widget.ui.getByRole('combobox', { name: 'Tone' })).toBeTruthy();
    expect(widget.ui.getByRole('textbox', { name: /Words/ }).getAttribute('inputmode')).toBe('decimal');
    expect(widget.ui.getByRole('button', { name: 'Generate' })).toBeTruthy();
    expect(widget.ui.queryByRole('button', { name: 'Open chat' })).toBeNull();
  });

  it('refuses to generate with missing or invalid fields, says why next to each, and focuses the first', async () => {
    const widget = setup();
    const topic = await widget.ui.findByRole('textbox', { name: 'Topic' });
    fireEvent.input(widget.ui.getByRole('textbox', { name: /Words/ }), { target: { value: 'many' } });
    fireEvent.click(widget.ui.getByRole('button', { name: 'Generate' }));
    expect(await widget.ui.findAllByText('Fill in this field.')).toHaveLength(2);
    expect(widget.ui.getByText('Enter a number.')).toBeTruthy();
    expect(topic.getAttribute('aria-invalid')).toBe('true');
    expect(topic.getAttribute('aria-describedby')).toBe(widget.view.querySelector('.dw-field-error')?.id);
    await waitFor(() => expect(widget.root.activeElement).toBe(topic));
    expect(widget.proxy.requestsTo('POST', '/v1/completion-messages')).toHaveLength(0);
  });

  it('generates: streams the result in, offers Stop while streaming, then Copy', async () => {
    const widget = setup();
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Topic' }), { target: { value: 'dragons' } });
    fireEvent.change(widget.ui.getByRole('combobox', { name: 'Tone' }), { target: { value: 'casual' } });
    fireEvent.input(widget.ui.getByRole('textbox', { name: /Words/ }), { target: { value: '50' } });
    const streamOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Generate' }));
    const stream = await streamOpened;
    expect(widget.proxy.requestsTo('POST', '/v1/completion-messages')[0]?.body).toEqual({
      inputs: { topic: 'dragons', tone: 'casual', words: 50 },
      response_mode: 'streaming',
    });
    expect(await widget.ui.findByRole('button', { name: 'Stop' })).toBeTruthy();
    stream.delta('Here be ');
    stream.delta('dragons.');
    stream.end();
    expect(await widget.ui.findByText(/Here be dragons\./)).toBeTruthy();
    fireEvent.click(await widget.ui.findByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('Here be dragons.'));
    expect(await widget.ui.findByRole('button', { name: 'Copied' })).toBeTruthy();
    expect(widget.ui.getByRole('button', { name: 'Generate' })).toBeTruthy();
  });

  it('Stop aborts the generation and keeps what was written', async () => {
    const widget = setup();
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Topic' }), { target: { value: 'cats' } });
    fireEvent.change(widget.ui.getByRole('combobox', { name: 'Tone' }), { target: { value: 'formal' } });
    const streamOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Generate' }));
    const stream = await streamOpened;
    stream.delta('Cats are');
    await widget.ui.findByText(/Cats are/);
    fireEvent.click(widget.ui.getByRole('button', { name: 'Stop' }));
    expect(await widget.ui.findByText('Stopped.')).toBeTruthy();
    expect(stream.aborted).toBe(true);
    expect(widget.ui.getByText(/Cats are/)).toBeTruthy();
  });

  it('says when the app’s content filter replaced the result, as the chat does', async () => {
    const widget = setup();
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Topic' }), { target: { value: 'cats' } });
    fireEvent.change(widget.ui.getByRole('combobox', { name: 'Tone' }), { target: { value: 'formal' } });
    const streamOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Generate' }));
    const stream = await streamOpened;
    stream.delta('Something rude');
    stream.frame({ event: 'message_replace', answer: 'Sorry, I can’t write that.', reason: 'output_moderation' });
    stream.end();
    expect(await widget.ui.findByText('Sorry, I can’t write that.')).toBeTruthy();
    expect(widget.ui.getByText('This answer was replaced by the app’s content filter.')).toBeTruthy();
    expect(widget.ui.queryByText(/Something rude/)).toBeNull();
  });

  it('shows an error in plain words and lets the visitor generate again', async () => {
    const widget = setup();
    fireEvent.input(await widget.ui.findByRole('textbox', { name: 'Topic' }), { target: { value: 'cats' } });
    fireEvent.change(widget.ui.getByRole('combobox', { name: 'Tone' }), { target: { value: 'formal' } });
    let streamOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Generate' }));
    (await streamOpened).fail('provider_quota_exceeded', 400, 'Quota exhausted');
    expect(await widget.ui.findByText('The answer stopped because of an error.')).toBeTruthy();
    streamOpened = widget.proxy.nextStream();
    fireEvent.click(widget.ui.getByRole('button', { name: 'Generate' }));
    const second = await streamOpened;
    second.delta('Fine now.');
    second.end();
    expect(await widget.ui.findByText(/Fine now\./)).toBeTruthy();
  });
});
