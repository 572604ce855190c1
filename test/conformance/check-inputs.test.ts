/**
 * The inputs check accepts each variant dify-api.md §4.1/§4.3 documents and refuses the rest, on frames
 * written as Dify writes them (the 1.13.3 captures 14 and 16; the bare frame of main ≥ 2026-05-26).
 */
import { describe, expect, it } from 'vitest';
import type { DifyVersion } from '../../shared/dify-wire.ts';
import { checkInputs } from './check-inputs.ts';
import type { ModeRun } from './context.ts';
import { fakeChannel, type FakeAnswer } from './fake-channel.ts';
import { modeSpec, type ModeName } from './modes.ts';
import type { PathName } from './plan.ts';

function run(mode: ModeName, path: PathName, answer: FakeAnswer, version?: DifyVersion): ModeRun {
  const form = [{ type: 'text-input', variable: 'name', required: true, options: [], defaultValue: '', maxLength: 48 }];
  const channel = fakeChannel(path, answer);
  return { mode: modeSpec(mode), channel, form, queries: { quick: 'hi', slow: 'slow' }, requiredInputs: ['name'], version };
}

const refused = { status: 400, body: '{"code": "invalid_param", "message": "name is required in input form", "status": 400}' };
const bareError = 'event: ping\n\ndata: {"event":"error","message":"name is required in input form","status":500}\n\n';

describe('the inputs check', () => {
  it("accepts a chat app's 400 invalid_param naming the input", async () => {
    expect(await checkInputs(run('chat', 'direct', refused), 'c1')).toEqual({ kind: 'pass' });
  });

  it('accepts a 1.13 chatflow that answers with a ping and then silence', async () => {
    expect(await checkInputs(run('chatflow', 'direct', { stream: 'event: ping\n\n' }, '1.13'), 'c1')).toEqual({
      kind: 'pass',
      note: 'silence',
    });
  });

  it('accepts a main chatflow that sends one bare error frame and then stays silent', async () => {
    expect(await checkInputs(run('chatflow', 'direct', { stream: bareError }, 'main'), 'c1')).toEqual({ kind: 'pass', note: 'bare error' });
  });

  it('fails a 1.14 chatflow that sends the bare error frame of main', async () => {
    expect((await checkInputs(run('chatflow', 'direct', { stream: bareError }, '1.14'), 'c1')).kind).toBe('fail');
  });

  it('accepts either variant from a Dify of unknown version', async () => {
    expect((await checkInputs(run('chatflow', 'direct', { stream: 'event: ping\n\n' }), 'c1')).kind).toBe('pass');
    expect((await checkInputs(run('chatflow', 'direct', { stream: bareError }), 'c1')).kind).toBe('pass');
  });

  it('fails a proxy that passes the silence on, since the visitor would wait on "Thinking…"', async () => {
    const outcome = await checkInputs(run('chatflow', 'proxy', { stream: 'event: ping\n\n' }), 'c1');
    expect(outcome).toEqual({ kind: 'fail', reason: 'no error within 400 ms: the visitor would wait on "Thinking…"' });
  });

  it('fails a proxy that relays the bare error frame but leaves the stream open', async () => {
    expect(await checkInputs(run('chatflow', 'proxy', { stream: bareError }), 'c1')).toEqual({
      kind: 'fail',
      reason: 'the stream stayed open after the error frame',
    });
  });

  it('accepts a proxy that refuses the continuation with an error naming the input', async () => {
    expect(await checkInputs(run('chatflow', 'proxy', refused), 'c1')).toEqual({ kind: 'pass', note: '400 invalid_param' });
  });

  it('is skipped when no required input was named', async () => {
    expect((await checkInputs({ ...run('chat', 'direct', refused), requiredInputs: [] }, 'c1')).kind).toBe('skip');
  });
});
