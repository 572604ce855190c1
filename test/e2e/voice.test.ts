import { describe, expect, it } from 'vitest';
import type { SpeechRecord } from '../../demo/simulator/index.ts';
import { speechFor } from '../../demo/simulator/speech.ts';
import { runAxe, seriousFindings } from './support/axe.ts';
import { fakeMicrophoneArguments, launchBrowser } from './support/browser.ts';
import { useBrowserStack } from './support/browser-stack.ts';
import { requestsTo } from './support/simulator-calls.ts';
import { ask, openChatOnHostPage, settledAnswer, type WidgetParts } from './support/widget.ts';

// Chromium with a fake microphone (it plays a tone) whose permission prompt is answered "allow".
const e2e = useBrowserStack({ startStack: 'in-each-test', browserArguments: fakeMicrophoneArguments });

const part = (widget: WidgetParts, name: string) => widget.host.locator(`[part~="${name}"]`);

interface Playback {
  /** The types of the MediaSource buffers the page added, and the bytes appended to them. */
  types: string[];
  bytes: number;
  /** What each audio element was playing when asked to play, and how many played to their end. */
  played: string[];
  ended: number;
}

/** Runs in the page before the widget: records what reaches MediaSource buffers and audio elements. */
function watchPlayback(): void {
  const seen: Playback = { types: [], bytes: 0, played: [], ended: 0 };
  Object.assign(window, { playbackSeen: seen });
  const addSourceBuffer = MediaSource.prototype.addSourceBuffer;
  MediaSource.prototype.addSourceBuffer = function (this: MediaSource, type: string) {
    seen.types.push(type);
    return addSourceBuffer.call(this, type);
  };
  const appendBuffer = SourceBuffer.prototype.appendBuffer;
  SourceBuffer.prototype.appendBuffer = function (this: SourceBuffer, data: BufferSource) {
    seen.bytes += data.byteLength;
    return appendBuffer.call(this, data);
  };
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    seen.played.push(this.src);
    this.addEventListener('ended', () => (seen.ended += 1), { once: true });
    return play.call(this);
  };
}

const playback = () => e2e.page.evaluate(() => (window as unknown as { playbackSeen: Playback }).playbackSeen);
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

  it('plays the speech Dify streams with a new answer when the app turns on autoplay, and never calls /text-to-audio', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'chat', audio: true, autoPlay: true }] });
    await e2e.page.addInitScript(watchPlayback);
    const widget = await openChatOnHostPage(e2e);
    await ask(widget, 'echo: read me');
    expect(await settledAnswer(widget)).toMatchObject({ status: 'ready' });
    // Every byte of the streamed MP3 went into a MediaSource, and the element played it to its end.
    const expectedBytes = speechFor('read me').length;
    await expect.poll(() => playback(), { timeout: 15_000 }).toMatchObject({ types: ['audio/mpeg'], bytes: expectedBytes, ended: 1 });
    expect((await playback()).played).toEqual([expect.stringMatching(/^blob:/)]);
    expect(requestsTo(e2e.stack.simulator, '/v1/text-to-audio')).toEqual([]);
    // The speaker button plays the received speech again, still without asking Dify.
    const speaker = part(widget, 'read-aloud');
    await expect.poll(() => speaker.getAttribute('aria-pressed')).toBe('false');
    await speaker.click();
    await expect.poll(() => playback()).toMatchObject({ bytes: 2 * expectedBytes, ended: 2 });
    expect(requestsTo(e2e.stack.simulator, '/v1/text-to-audio')).toEqual([]);
  });

  it('asks /text-to-audio by itself when autoplay is on but the stream brought no speech (a chatflow)', async () => {
    await e2e.startStack({ apps: [{ id: 'chat', mode: 'advanced-chat', audio: true, autoPlay: true }] });
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
