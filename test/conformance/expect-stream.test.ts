/**
 * The stream expectations hold against what a real Dify 1.13.3 sent (bodies recorded byte for byte in
 * ../shared/dify-captures/1.13.3, copied to fixtures/), so a failure in the suite is the server's, not the suite's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnswerReader, type Answer } from './answer.ts';
import { closeProblems, framingProblems, orderProblems, stoppedProblems } from './expect-stream.ts';
import { modeSpec, type ModeName } from './modes.ts';
import { BlockReader } from './sse.ts';

const bounds = { requestMs: 1_000, answerMs: 2_000, silenceMs: 100, closeMs: 500, stopMs: 500 };

/** A recorded body, delivered in 7-byte pieces so frames straddle reads as they do on a network. */
function recorded(name: string): ReadableStream<Uint8Array> {
  const bytes = readFileSync(new URL(`fixtures/dify-1.13.3-${name}.sse`, import.meta.url));
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) controller.close();
      else controller.enqueue(new Uint8Array(bytes.subarray(offset, (offset += 7))));
    },
  });
}

async function read(name: string, mode: ModeName): Promise<Answer> {
  return new AnswerReader(new BlockReader(recorded(name), new AbortController()), modeSpec(mode), bounds).finish();
}

describe('the stream checks against recorded Dify 1.13.3 streams', () => {
  it('accept a chatflow answer: ping, workflow_started … message_end → workflow_finished, then the close', async () => {
    const answer = await read('chatflow-answer', 'chatflow');
    expect(framingProblems(answer)).toEqual([]);
    expect(orderProblems(modeSpec('chatflow'), answer)).toEqual([]);
    expect(closeProblems(modeSpec('chatflow'), answer)).toEqual([]);
  });

  it('accept a workflow run: ping, workflow_started … text_chunk … workflow_finished, then the close', async () => {
    const answer = await read('workflow-run', 'workflow');
    expect(framingProblems(answer)).toEqual([]);
    expect(orderProblems(modeSpec('workflow'), answer)).toEqual([]);
    expect(closeProblems(modeSpec('workflow'), answer)).toEqual([]);
  });

  it('accept a stopped chatflow run: workflow_finished with status stopped and nothing after it', async () => {
    const answer = await read('chatflow-stopped', 'chatflow');
    expect(stoppedProblems(modeSpec('chatflow'), answer)).toEqual([]);
    expect(closeProblems(modeSpec('chatflow'), answer)).toEqual([]);
  });

  it("report a failed chatflow run with Dify's own reason, not as a framing problem", async () => {
    const answer = await read('chatflow-failed', 'chatflow');
    expect(framingProblems(answer)).toEqual([]);
    expect(orderProblems(modeSpec('chatflow'), answer)).toEqual(['the run ended with status failed: [Errno 111] Connection refused']);
  });

  it('hold a chat app to chat frames: the recorded chatflow stream starts with a ping and has workflow events', async () => {
    const problems = orderProblems(modeSpec('chat'), await read('chatflow-answer', 'chat'));
    expect(problems).toContain('the stream started with a ping; Dify starts chat streams with data');
    expect(problems.some((problem) => problem.startsWith('events a chat app does not send: workflow_started'))).toBe(true);
  });
});
