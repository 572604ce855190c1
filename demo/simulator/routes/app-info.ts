/** GET /parameters, /info, /site, /meta: static fixtures for every mode, no user needed. */
import { infoFor, metaFor, parametersFor, siteFor } from '../fixtures.ts';
import { sendJson } from '../http.ts';
import { pathPattern, type Route } from '../route.ts';
import type { RequestContext } from '../runtime.ts';

function fixtureRoute(path: string, build: (context: RequestContext) => Record<string, unknown>): Route {
  return {
    method: 'GET',
    path: pathPattern(path),
    handle: (context) => sendJson(context.response, 200, build(context)),
  };
}

export const appInfoRoutes: Route[] = [
  fixtureRoute('/parameters', (context) => parametersFor(context.app, context.runtime.limitsMb)),
  fixtureRoute('/info', (context) => infoFor(context.app)),
  fixtureRoute('/site', (context) => siteFor(context.app)),
  fixtureRoute('/meta', (context) => metaFor(context.app)),
];
