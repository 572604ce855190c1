/** Every route the simulator serves. */
import type { PublicRoute } from '../dispatch.ts';
import type { Route } from '../route.ts';
import { appInfoRoutes } from './app-info.ts';
import { audioRoutes } from './audio.ts';
import { chatRoutes } from './chat.ts';
import { completionRoutes } from './completion.ts';
import { conversationRoutes } from './conversations.ts';
import { filePublicRoutes, fileRoutes } from './files.ts';
import { messageRoutes } from './messages.ts';
import { stopRoutes } from './stop.ts';
import { workflowRoutes } from './workflows.ts';

/** The `/v1` routes. Order matters only among patterns that can match the same path. */
export function routeTable(): Route[] {
  return [
    ...appInfoRoutes,
    ...chatRoutes,
    ...completionRoutes,
    ...stopRoutes,
    ...messageRoutes,
    ...conversationRoutes,
    ...fileRoutes,
    ...audioRoutes,
    ...workflowRoutes,
  ];
}

/** Routes outside `/v1`. */
export function publicRouteTable(): PublicRoute[] {
  return [...filePublicRoutes];
}
