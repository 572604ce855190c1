/**
 * A continuation without a required input (§4.1, checklist 1 and 5): Dify checks inputs on every message.
 * Chat, agent-chat and agent refuse it with 400 before the stream; a streaming chatflow refuses it in the
 * worker after the 200: silence on 1.13/1.14, one bare error frame on main (§4.3 item 5). Through the proxy
 * the visitor must get an error naming the input, not a stream that hangs.
 */
import type { AnswerReader } from './answer.ts';
import type { ModeRun } from './context.ts';
import { fillInputs } from './form.ts';
import { startGeneration, type Started } from './generate.ts';
import { brief, text } from './json.ts';
import { errorBody } from './replies.ts';
import { fail, pass, skip, type Outcome } from './results.ts';

function requiredName(run: ModeRun): string | Outcome {
  if (run.requiredInputs.length === 0) return skip('set DIFY_REQUIRED_INPUT to the name of a required input of the app');
  const found = run.requiredInputs.find((name) => run.form.some((field) => field.variable === name && field.required));
  return found ?? skip(`the app's form marks none of ${run.requiredInputs.join(', ')} as required`);
}

const missingMessage = (name: string) => `${name} is required in input form`;

async function refusedBeforeStream(started: Started, name: string): Promise<Outcome> {
  if (started.kind === 'stream') {
    const answer = await started.answer.finish();
    return fail(`Dify streamed ${answer.blocks.length} frame(s) instead of refusing with 400`);
  }
  const error = errorBody(started.reply.json);
  const expected = { code: 'invalid_param', message: missingMessage(name), status: 400 };
  const got = { code: error?.code, message: error?.message, status: started.reply.status };
  return JSON.stringify(got) === JSON.stringify(expected) ? pass() : fail(`answered ${started.reply.status} ${brief(started.reply.body)}`);
}

/** What follows the worker's first ping: nothing, or `{"event":"error","message":…,"status":500}` and then nothing. */
async function afterPing(reader: AnswerReader, name: string, silenceMs: number): Promise<'silence' | 'bare error' | string> {
  const first = await reader.quietFor(silenceMs);
  if (first === 'quiet') return 'silence';
  if (first === 'eof') return 'the stream closed without an error frame';
  const frame = reader.blocks.at(-1);
  if (frame?.kind !== 'data') return `a frame that is not Dify's: ${brief(frame)}`;
  if (frame.event !== 'error') return `the run went ahead without the input: ${frame.event}`;
  const { event, message, status } = frame.frame;
  const bare = Object.keys(frame.frame).length === 3 && event === 'error' && message === missingMessage(name) && status === 500;
  if (!bare) return `the error frame is not the bare one of §4.3: ${brief(frame.frame)}`;
  const next = await reader.quietFor(silenceMs);
  return next === 'quiet' ? 'bare error' : `after the error frame: ${next === 'eof' ? 'a close' : 'more frames'}, where §4.3 says silence`;
}

async function refusedInWorker(run: ModeRun, started: Started, name: string): Promise<Outcome> {
  if (started.kind === 'reply')
    return fail(`answered ${started.reply.status} before the stream; §4.3 says the worker refuses it after the 200`);
  try {
    const seen = await afterPing(started.answer, name, run.channel.bounds.silenceMs);
    const problems = started.answer.blocks[0]?.kind === 'ping' ? [] : ['the stream did not start with `event: ping`'];
    if (seen !== 'silence' && seen !== 'bare error') problems.push(seen);
    else if (run.version === 'main' && seen !== 'bare error')
      problems.push('silence after the ping, where main sends one bare error frame');
    else if ((run.version === '1.13' || run.version === '1.14') && seen !== 'silence')
      problems.push(`a bare error frame, where ${run.version} stays silent`);
    return problems.length === 0 ? pass(seen) : fail(problems.join('; '));
  } finally {
    started.answer.close();
  }
}

async function refusedByProxy(run: ModeRun, started: Started, name: string): Promise<Outcome> {
  if (started.kind === 'reply') {
    const error = errorBody(started.reply.json);
    if (started.reply.status >= 400 && error?.message.includes(name) === true) return pass(`${started.reply.status} ${error.code}`);
    return fail(`answered ${started.reply.status} ${brief(started.reply.body)}, not an error naming '${name}'`);
  }
  const wait = await started.answer.until((frame) => frame['event'] === 'error');
  if (wait !== 'found') {
    started.answer.close();
    if (wait === 'timeout') return fail(`no error within ${run.channel.bounds.answerMs} ms: the visitor would wait on "Thinking…"`);
    return fail(wait === 'eof' ? 'the stream closed without an error' : 'the continuation ran without the required input');
  }
  const answer = await started.answer.finish();
  const last = answer.terminal === undefined ? undefined : answer.blocks[answer.terminal];
  // Dify's own bare error frame has no code (§4.3), so only the message is read.
  const message = last?.kind === 'data' ? text(last.frame, 'message') : undefined;
  if (message?.includes(name) !== true) return fail(`the error frame does not name '${name}': ${brief(last)}`);
  return answer.end === 'eof' ? pass('error frame, then closed') : fail('the stream stayed open after the error frame');
}

/** Continues `conversationId` with every input but one required one. */
export async function checkInputs(run: ModeRun, conversationId: string): Promise<Outcome> {
  const name = requiredName(run);
  if (typeof name !== 'string') return name;
  const { [name]: _left, ...inputs } = fillInputs(run.form, run.queries.quick);
  const started = await startGeneration(run, run.queries.quick, { conversationId, inputs });
  if (run.channel.path === 'proxy') return refusedByProxy(run, started, name);
  if (run.mode.workflowBased) return refusedInWorker(run, started, name);
  return refusedBeforeStream(started, name);
}
