/** Every route the simulator serves. */
import type { PublicRoute } from '../dispatch.ts';
import type { Route } from '../route.ts';
import { appInfoRoutes } from './app-info.ts';
import { audioRoutes } from './audio.ts';
import { chatRoutes } from './chat.ts';
import { completionRoutes } from './completion.ts';
import { conversationRoutes } from './conversations.ts';
import { filePublicRoutes, fileRoutes } from './files.ts';
import { humanInputRoutes } from './human-input.ts';
import { messageRoutes } from './messages.ts';
import { stopRoutes } from './stop.ts';
import { workflowEventRoutes } from './workflow-events.ts';
import { workflowRoutes } from './workflows.ts';
import type { VersionBehaviour } from '../version.ts';

/**
 * The `/v1` routes of a release. Order matters only among patterns that can match the same path. The
 * human-input endpoints exist from 1.14.0 on (§11.2); on 1.13 their paths are unknown, a plain Flask 404.
 */
export function routeTable(behaviour: VersionBehaviour): Route[] {
  return [
    ...(behaviour.humanInputApi ? [...humanInputRoutes, ...workflowEventRoutes] : []),
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
