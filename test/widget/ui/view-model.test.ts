import { describe, expect, it } from 'vitest';
import { createViewModel } from '../../../widget/ui/view-model.ts';

function viewModel() {
  const host = document.createElement('dify-widget');
  return createViewModel({
    mode: 'bubble',
    root: host.attachShadow({ mode: 'open' }),
    host,
    emit: () => undefined,
    onOpen: () => undefined,
  });
}

describe('view model', () => {
  it('keeps the draft, and only its setDraft action writes it (components read it)', () => {
    const view = viewModel();
    view.setDraft('Half-written question');
    expect(view.draft.value).toBe('Half-written question');
    // Type-level: one direction of data flow. Never called; `tsc` fails if the draft becomes writable.
    const componentWritesDraft = () => {
      // @ts-expect-error the draft is a ReadonlySignal outside the view model
      view.draft.value = 'written by a component';
    };
    expect(componentWritesDraft).toBeTypeOf('function');
  });
});
