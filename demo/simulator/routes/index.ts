/** Every route the simulator serves. */
import type { PublicRoute } from '../dispatch.ts';
import type { Route } from '../route.ts';
import { chatRoutes } from './chat.ts';

export function routeTable(): Route[] {
  return [...chatRoutes];
}

export function publicRouteTable(): PublicRoute[] {
  return [];
}
