import { describe, expect, it } from 'vitest';
import { isSettled, nextStatus, type StatusInput, type StatusState } from '../../../widget/core/status.ts';

describe('answer status machine', () => {
  const submitted: StatusState = { status: 'submitted' };
  const streaming: StatusState = { status: 'streaming' };

  it('moves from submitted to streaming on the first delta and stays there', () => {
    expect(nextStatus(submitted, 'delta')).toEqual(streaming);
    expect(nextStatus(streaming, 'delta')).toBe(streaming);
  });

  it.each<[StatusInput, StatusState]>([
    ['end', { status: 'ready', ending: 'complete' }],
    ['abort', { status: 'ready', ending: 'aborted' }],
    ['disconnect', { status: 'error', ending: 'disconnected' }],
    ['fail', { status: 'error', ending: 'failed' }],
  ])('ends with %s from both submitted and streaming', (input, expected) => {
    expect(nextStatus(submitted, input)).toEqual(expected);
    expect(nextStatus(streaming, input)).toEqual(expected);
  });

  it('never leaves a settled state', () => {
    const settled: StatusState[] = [
      { status: 'ready', ending: 'complete' },
      { status: 'ready', ending: 'aborted' },
      { status: 'error', ending: 'disconnected' },
      { status: 'error', ending: 'failed' },
    ];
    for (const state of settled) {
      for (const input of ['delta', 'end', 'abort', 'disconnect', 'fail'] as const) expect(nextStatus(state, input)).toBe(state);
    }
  });

  it('calls ready and error settled, submitted and streaming not', () => {
    expect([isSettled('submitted'), isSettled('streaming'), isSettled('ready'), isSettled('error')]).toEqual([false, false, true, true]);
  });
});
