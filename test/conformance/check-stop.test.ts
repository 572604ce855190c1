/** The stop check on a chatflow (§5): a run recorded from Dify 1.13.3 passes; message_end after workflow_finished fails. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkStop } from './check-stop.ts';
import type { ModeRun } from './context.ts';
import { fakeChannel, reply, type FakeAnswer } from './fake-channel.ts';
import { modeSpec } from './modes.ts';

const stoppedRun = readFileSync(new URL('fixtures/dify-1.13.3-chatflow-stopped.sse', import.meta.url));

function run(answer: FakeAnswer, stops: string[] = []): ModeRun {
  const channel = fakeChannel('direct', answer, (method, target) => {
    stops.push(`${method} ${target}`);
    return reply(200, '{"result": "success"}');
  });
  return { mode: modeSpec('chatflow'), channel, form: [], queries: { quick: 'hi', slow: 'slow' }, requiredInputs: [], version: '1.13' };
}

describe('the stop check on a chatflow', () => {
  it('stops the task the frames name and accepts workflow_finished (stopped), then the close', async () => {
    const stops: string[] = [];
    const stopped = await checkStop(run({ stream: stoppedRun, close: true }, stops));
    expect(stopped.outcome).toEqual({ kind: 'pass' });
    expect(stops).toEqual(['POST /chat-messages/6eb06bf4-dba0-4057-bd2b-15707d570daf/stop']);
    expect(stopped.conversationId).toBe('f4f60dfb-e3bc-40fd-ae32-e41400b40f2d');
  });

  it('fails a run that sends message_end after its workflow_finished, which Dify cuts off', async () => {
    const messageEnd = `data: ${JSON.stringify({ event: 'message_end', conversation_id: 'c', message_id: 'm', task_id: 't', id: 'm' })}\n\n`;
    const stopped = await checkStop(run({ stream: Buffer.concat([stoppedRun, Buffer.from(messageEnd)]), close: true }));
    expect(stopped.outcome).toEqual({ kind: 'fail', reason: '1 frame(s) after workflow_finished: message_end' });
  });
});
