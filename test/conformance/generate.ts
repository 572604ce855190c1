/** Starting a generation on a channel, with inputs that satisfy the app's form. */
import { AnswerReader, dataFrames, type Answer } from './answer.ts';
import type { JsonReply } from './http.ts';
import { fillInputs } from './form.ts';
import { brief, text } from './json.ts';
import type { ModeRun } from './context.ts';

export interface GenerationOptions {
  readonly conversationId?: string;
  /** Replaces the filled-in inputs (the inputs check leaves one out). */
  readonly inputs?: Readonly<Record<string, unknown>>;
}

export type Started = { readonly kind: 'stream'; readonly answer: AnswerReader } | { readonly kind: 'reply'; readonly reply: JsonReply };

/** The request body the mode's generate endpoint takes (§4.1, §11.1), always streaming as the widget asks. */
function body(run: ModeRun, words: string, options: GenerationOptions): Record<string, unknown> {
  const inputs = options.inputs ?? fillInputs(run.form, words);
  if (run.mode.name === 'workflow') return { inputs, response_mode: 'streaming' };
  if (!run.mode.conversations) return { query: words, inputs, response_mode: 'streaming' };
  // No title generation: it would spend a model call per conversation for nothing the suite checks.
  const conversation = options.conversationId === undefined ? {} : { conversation_id: options.conversationId };
  return { query: words, inputs, response_mode: 'streaming', auto_generate_name: false, ...conversation };
}

export async function startGeneration(run: ModeRun, words: string, options: GenerationOptions = {}): Promise<Started> {
  const started = await run.channel.stream(run.mode.generatePath, body(run, words, options));
  if (started.kind === 'reply') return started;
  return { kind: 'stream', answer: new AnswerReader(started.reader, run.mode, run.channel.bounds) };
}

/** A whole answer, or an error naming how the request was refused. */
export async function generate(run: ModeRun, words: string, options: GenerationOptions = {}): Promise<Answer> {
  const started = await startGeneration(run, words, options);
  if (started.kind === 'reply') throw new Error(refusal(run, started.reply));
  return started.answer.finish();
}

export function refusal(run: ModeRun, reply: JsonReply): string {
  return `POST ${run.mode.generatePath} answered ${reply.status} ${brief(reply.body)}`;
}

/** The first value of an envelope key in the answer's frames. */
export function envelopeValue(answer: Pick<Answer, 'blocks'>, key: 'conversation_id' | 'message_id' | 'task_id'): string | undefined {
  for (const frame of dataFrames(answer.blocks)) {
    const value = text(frame.frame, key);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** An id a later check needs from an answer, or an error saying it is missing. */
export function requireId(answer: Answer, key: 'conversation_id' | 'message_id'): string {
  const value = envelopeValue(answer, key);
  if (value === undefined) throw new Error(`the answer named no ${key}`);
  return value;
}
