import { describe, expect, it } from 'vitest';
import type { SpeechRecord } from '../../demo/simulator/index.ts';
import { runAxe, seriousFindings } from './support/axe.ts';
import { fakeMicrophoneArguments, launchBrowser } from './support/browser.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { ask, openChatOnHostPage, settledAnswer, type WidgetParts } from './support/widget.ts';

// Chromium with a fake microphone (it plays a tone) whose permission prompt is answered "allow".
const e2e = useBrowserStack({ startStack: 'in-each-test', browserArguments: fakeMicrophoneArguments });

const part = (widget: WidgetParts, name: string) => widget.host.locator(`[part~="${name}"]`);
const transcript = 'Hello from the simulator, this is what you said.';

/** What the simulator's speech-to-text received, from now on. */
function watchSpeech(): SpeechRecord[] {
  const received: SpeechRecord[] = [];
  e2e.stack.simulator.events.on('speech', (record: SpeechRecord) => received.push(record));
  return received;
}

async function recordAndStop(widget: WidgetParts): Promise<void> {
  const microphone = part(widget, 'microphone');
  await microphone.click();
  await expect.poll(() => microphone.getAttribute('aria-pressed')).toBe('true');
  const status = part(widget, 'recording-status');
  // The elapsed time ticks while recording (0:00, then 0:01): proof it is live, not a static label.
  await expect.poll(() => status.innerText()).toMatch(/0:01/);
  expect(await microphone.getAttribute('aria-label')).toBe('Stop recording');
  await microphone.click();
}

describe('voice', () => {
  it('records from the microphone, sends Dify a WAV and puts the transcript into the composer', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true }] });
    const received = watchSpeech();
    const widget = await openChatOnHostPage(e2e);
    await widget.input.fill('Please note:');
    await recordAndStop(widget);
    await expect.poll(() => widget.input.inputValue()).toBe(`Please note: ${transcript}`);
    expect(received).toHaveLength(1);
    const [speech] = received;
    expect(speech).toMatchObject({ filename: 'recording.wav', mimeType: 'audio/wav' });
    // A real RIFF/WAVE header: what the browser recorded (webm) was decoded and written as WAV in the page.
    expect(speech?.head.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(speech?.head.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(speech?.head.readUInt32LE(4)).toBe((speech?.size ?? 0) - 8);
    expect(await part(widget, 'microphone').getAttribute('aria-pressed')).toBe('false');
  });

  it('explains in plain words when the microphone is refused', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true }] });
    // A browser whose permission prompt answers "block", as a visitor who refuses the microphone.
    const refusing = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream=deny']);
    try {
      const page = await refusing.browser.newPage();
      const widget = await openChatOnHostPage({ page, host: e2e.host });
      await part(widget, 'microphone').click();
      const problem = part(widget, 'microphone-problem');
      await expect
        .poll(() => problem.innerText())
        .toBe('The microphone is blocked. To speak a message, allow the microphone for this site in your browser’s settings.');
      expect(await problem.getAttribute('role')).toBe('alert');
      expect(await part(widget, 'microphone').getAttribute('aria-pressed')).toBe('false');
      expect(requestsTo(e2e.stack.simulator, '/v1/audio-to-text')).toEqual([]);
    } finally {
      await refusing.close();
    }
  });

  it('reads a finished answer aloud with the speaker button, and stops it', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true }] });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'scenario: markdown');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    const speaker = part(widget, 'read-aloud');
    expect(await speaker.getAttribute('aria-label')).toBe('Read aloud');
    await speaker.click();
    const audio = part(widget, 'answer-audio');
    await expect.poll(() => audio.getAttribute('src')).toMatch(/^blob:/);
    // The MP3 the simulator synthesised really plays in the element.
    await expect
      .poll(() => audio.evaluate((element) => element instanceof HTMLAudioElement && (element.currentTime > 0 || element.ended)))
      .toBe(true);
    const [request] = requestsTo(e2e.stack.simulator, '/v1/text-to-audio');
    const messages = requestsTo(e2e.stack.simulator, '/v1/chat-messages');
    expect(messages).toHaveLength(1);
    expect(request?.body).toEqual({ message_id: expect.stringMatching(/^[0-9a-f-]{36}$/), user: messages[0]?.user });
    if ((await speaker.getAttribute('aria-pressed')) === 'true') {
      expect(await speaker.getAttribute('aria-label')).toBe('Stop reading');
      await speaker.click();
    }
    await expect.poll(() => audio.count()).toBe(0);
    expect(await speaker.getAttribute('aria-pressed')).toBe('false');
  });

  it('reads new answers aloud by itself when the app turns on autoplay', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true, autoPlay: true }] });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: read me');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    await expect.poll(() => requestsTo(e2e.stack.simulator, '/v1/text-to-audio').length).toBe(1);
  });

  it('offers no microphone or speaker when the app has no speech features', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat' }] });
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: quiet');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    expect(await part(widget, 'microphone').count()).toBe(0);
    expect(await part(widget, 'read-aloud').count()).toBe(0);
  });

  it('works from the keyboard and passes axe while recording', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true, fileTypes: [] }] });
    const widget = await openChatOnHostPage(e2e);
    await part(widget, 'microphone').waitFor();
    await widget.input.focus();
    await e2e.page.keyboard.press('Shift+Tab');
    const focused = () => widget.host.evaluate((host) => host.shadowRoot?.activeElement?.getAttribute('part') ?? null);
    await expect.poll(focused).toBe('microphone');
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => part(widget, 'microphone').getAttribute('aria-pressed')).toBe('true');
    expect(seriousFindings(await runAxe(e2e.page, 'dify-widget'))).toEqual([]);
    await e2e.page.keyboard.press('Enter');
    await expect.poll(() => widget.input.inputValue()).toBe(transcript);
    // Focus goes to the composer, where the visitor checks the text before sending.
    await expect.poll(focused).toBe('input');
  });
});
