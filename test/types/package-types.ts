/**
 * Compile-time check (run by `npm run typecheck`) that the package's hand-written declarations
 * describe the code they ship: the code must be assignable to what the types promise.
 */
import type * as DeclaredProxy from '../../proxy/types/index.d.ts';
import type * as DeclaredWidget from '../../widget/types/module.d.ts';
import { createDifyWidgetProxy } from '../../proxy/index.ts';
import { mount } from '../../widget/module/index.ts';

export const proxyMatches: typeof DeclaredProxy.createDifyWidgetProxy = createDifyWidgetProxy;
export const widgetMatches: typeof DeclaredWidget.mount = mount;
