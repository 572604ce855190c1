/** The kept last result of a completion or workflow app: what is kept of an answer, and how a record is read back. */
import { describe, expect, it } from 'vitest';
import { keepResult, keptAnswer, keptFrom, readKeptResult } from '../../../widget/completion/kept-result.ts';
import { setupModel } from '../fixtures/widget-model.ts';

function services(user = 'anon-1') {
  const { model, store } = setupModel();
  model.services.state.update((state) => ({ ...state, session: { token: 't', user, expiresAt: 9e9 } }));
  return { services: model.services, store, key: (kind: string) => `${model.services.key}:${kind}` };
}

describe('keptFrom', () => {
  it('keeps a complete, stopped or failed answer with its outputs and Dify’s error; nothing while it runs or after a lost connection', () => {
    expect(keptFrom({ status: 'ready', ending: 'complete', text: 'Hi', messageId: 'm1', metadata: { outputs: { n: 1 } } }, 'like')).toEqual(
      {
        text: 'Hi',
        ending: 'complete',
        rating: 'like',
        messageId: 'm1',
        outputs: { n: 1 },
      },
    );
    expect(keptFrom({ status: 'ready', ending: 'aborted', text: 'Ha' }, null)).toEqual({ text: 'Ha', ending: 'aborted', rating: null });
    const failed = {
      status: 'error',
      ending: 'failed',
      text: '',
      problem: { kind: 'run-failed', code: 'workflow_failed', detail: 'HTTP 500' },
    } as const;
    expect(keptFrom(failed, null)).toEqual({ text: '', ending: 'failed', rating: null, error: 'HTTP 500' });
    expect(keptFrom({ status: 'streaming', text: 'Ha' }, null)).toBeUndefined();
    expect(keptFrom({ status: 'error', ending: 'disconnected', text: 'Ha' }, null)).toBeUndefined();
  });
});

describe('keptAnswer', () => {
  it('shows a kept run as it ended: outputs as the metadata, a failure as the run’s with Dify’s words', () => {
    expect(keptAnswer({ text: 'Hi', ending: 'complete', rating: null, outputs: { n: 1 } })).toEqual({
      status: 'ready',
      ending: 'complete',
      text: 'Hi',
      metadata: { outputs: { n: 1 } },
    });
    expect(keptAnswer({ text: 'Ha', ending: 'aborted', rating: null })).toEqual({ status: 'ready', ending: 'aborted', text: 'Ha' });
    expect(keptAnswer({ text: '', ending: 'failed', rating: null, error: 'HTTP 500' })).toEqual({
      status: 'error',
      ending: 'failed',
      text: '',
      problem: { kind: 'run-failed', code: 'workflow_failed', detail: 'HTTP 500' },
    });
  });
});

describe('readKeptResult and keepResult', () => {
  it('reads back what was kept, per kind, for the same session user only', () => {
    const { services: mine } = services();
    keepResult(mine, 'workflow', { text: 'Run', ending: 'aborted', rating: null, form: { query: 'tides' }, outputs: { a: [1] } });
    expect(readKeptResult(mine, 'workflow')).toEqual({
      text: 'Run',
      ending: 'aborted',
      rating: null,
      form: { query: 'tides' },
      outputs: { a: [1] },
    });
    expect(readKeptResult(mine, 'completion')).toBeUndefined();
    mine.state.update((state) => ({ ...state, session: { token: 't2', user: 'anon-2', expiresAt: 9e9 } }));
    expect(readKeptResult(mine, 'workflow')).toBeUndefined();
  });

  it('narrows a stored record: a completion record from before endings were kept reads as complete; malformed parts are dropped', () => {
    const { services: mine, store, key } = services();
    store.setItem(
      key('completion'),
      JSON.stringify({ user: 'anon-1', text: 'Old', messageId: 'm1', rating: 'like', inputs: { topic: 'owls' } }),
    );
    expect(readKeptResult(mine, 'completion')).toEqual({
      text: 'Old',
      ending: 'complete',
      rating: 'like',
      messageId: 'm1',
      inputs: { topic: 'owls' },
    });
    store.setItem(
      key('workflow'),
      JSON.stringify({
        user: 'anon-1',
        text: 'X',
        ending: 'paused',
        rating: 'meh',
        form: { query: 'q', count: 3 },
        outputs: [1],
        error: 7,
      }),
    );
    expect(readKeptResult(mine, 'workflow')).toEqual({ text: 'X', ending: 'complete', rating: null, form: { query: 'q' } });
    for (const junk of ['{not json', JSON.stringify({ user: 'anon-1' }), JSON.stringify(['anon-1'])]) {
      store.setItem(key('workflow'), junk);
      expect(readKeptResult(mine, 'workflow')).toBeUndefined();
    }
  });
});
