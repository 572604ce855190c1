import { describe, expectTypeOf, it } from 'vitest';
import type { WidgetHandle } from '../../../widget/loader/instance.ts';
import type { DifyWidgetGlobal } from '../../../widget/loader/registry.ts';
import type { WidgetEventMap } from '../../../widget/shared/contract.ts';
import type { DifyWidgetApi, DifyWidgetEventMap, DifyWidgetHandle } from '../../../widget/types/dify-widget.d.ts';

describe('shipped TypeScript declarations', () => {
  it('describe the handle the loader really returns', () => {
    expectTypeOf<WidgetHandle>().toExtend<DifyWidgetHandle>();
  });

  it('describe window.DifyWidget as the loader installs it', () => {
    expectTypeOf<DifyWidgetGlobal>().toExtend<DifyWidgetApi>();
  });

  it('describe the same event payloads the widget emits', () => {
    expectTypeOf<WidgetEventMap>().toEqualTypeOf<DifyWidgetEventMap>();
  });

  it('type the dify-widget:<event> CustomEvents on window', () => {
    window.addEventListener('dify-widget:message', (event) => {
      expectTypeOf(event.detail.role).toEqualTypeOf<'user' | 'assistant'>();
      expectTypeOf(event.detail.instance).toEqualTypeOf<string>();
    });
  });
});
