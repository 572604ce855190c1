/**
 * A chatflow answer's own files (`message_end.files`: what its answer, end and LLM nodes output), through the
 * real app chunk and a fake proxy: images inline, other files as download links, only from Dify's file URLs.
 */
import { fireEvent, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeApp } from '../../../widget/core/app-info.ts';
import { readAnswerFiles } from '../../../widget/files/answer-files.ts';
import { createFakeProxy, messageId } from '../fixtures/fake-proxy.ts';
import { mountWidget, type MountedWidget } from '../fixtures/mount-widget.ts';

let mounted: MountedWidget | undefined;

beforeEach(() => localStorage.clear());
afterEach(() => {
  mounted?.controller.destroy();
  mounted?.host.remove();
  mounted = undefined;
});

const difyFile = 'https://dify.test/files/f1/file-preview?timestamp=1&nonce=n&sign=s';
const files = [
  { id: 'f1', type: 'image', transfer_method: 'tool_file', filename: 'chart.png', mime_type: 'image/png', size: 2048, url: difyFile },
  {
    id: 'f2',
    type: 'document',
    transfer_method: 'tool_file',
    filename: 'report.pdf',
    mime_type: 'application/pdf',
    size: 3 * 1024 * 1024,
    url: 'https://dify.test/files/f2/file-preview?sign=s',
  },
  { id: 'f3', type: 'image', filename: 'pixel.png', url: 'https://tracker.test/pixel.png' },
  { id: 'f4', type: 'image', filename: 'again.png', url: difyFile },
];

describe('the files of an answer', () => {
  it('keeps Dify’s file URLs only, each once, and tells images from other files', () => {
    expect(readAnswerFiles(files)).toEqual([
      { url: difyFile, name: 'chart.png', image: true, size: 2048 },
      { url: 'https://dify.test/files/f2/file-preview?sign=s', name: 'report.pdf', image: false, size: 3 * 1024 * 1024 },
    ]);
    expect(readAnswerFiles(null)).toEqual([]);
    expect(readAnswerFiles([{ type: 'image', url: 'javascript:alert(1)//files/' }, 'junk'])).toEqual([]);
  });

  it('shows a chatflow’s output image inline and its document as a download link with its size, under the answer', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    mounted = mountWidget({ proxy, config: { mode: 'inline' } });
    const ui = within(mounted.view);
    const input = await ui.findByRole('textbox', { name: 'Message' });
    const opened = proxy.nextStream();
    fireEvent.input(input, { target: { value: 'Chart it' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const stream = await opened;
    stream.delta('Here is the chart.');
    stream.frame({ event: 'message_end', id: messageId, metadata: {}, files });
    stream.close();
    const image = (await ui.findByRole('img', { name: 'chart.png' })) as HTMLImageElement;
    expect(image.src).toBe(difyFile);
    expect(image.getAttribute('referrerpolicy')).toBe('no-referrer');
    const link = ui.getByRole('link', { name: /report\.pdf/ }) as HTMLAnchorElement;
    expect(link.getAttribute('download')).toBe('report.pdf');
    expect(link.textContent).toMatch(/3 MB/);
    expect(mounted.view.querySelector('img[src*="tracker.test"]')).toBeNull();
  });

  it('loads no files code for an answer without files', async () => {
    const proxy = createFakeProxy({ mode: 'advanced-chat' });
    mounted = mountWidget({ proxy, config: { mode: 'inline' } });
    const ui = within(mounted.view);
    const input = await ui.findByRole('textbox', { name: 'Message' });
    const opened = proxy.nextStream();
    fireEvent.input(input, { target: { value: 'Hi' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    const stream = await opened;
    stream.delta('Hello.');
    stream.frame({ event: 'message_end', id: messageId, metadata: {}, files: [] });
    stream.close();
    await ui.findByText('Hello.');
    expect(mounted.view.querySelector('[part~="answer-files"]')).toBeNull();
  });
});

describe('the app icon of a link', () => {
  it('shows the URL Dify keeps in icon for a link icon, and nothing for a link that is not a URL', () => {
    const link = describeApp({}, { icon_type: 'link', icon: 'https://cdn.test/bot.png', icon_url: null }, {});
    expect(link.icon).toEqual({ kind: 'image', url: 'https://cdn.test/bot.png' });
    expect(describeApp({}, { icon_type: 'link', icon: 'bot', icon_url: null }, {}).icon).toBeUndefined();
  });
});
