/** The three stop endpoints: always `{"result":"success"}`, acting only on the caller's own running task. */
import { appUnavailable, notChatApp, notWorkflowApp } from '../errors.ts';
import { sendJson } from '../http.ts';
import { chatModes, pathPattern, type Route } from '../route.ts';
import type { RequestContext } from '../runtime.ts';
import type { TaskFamily } from '../tasks.ts';
import type { StopRecord } from '../types.ts';

function stopHandler(family: TaskFamily): (context: RequestContext) => void {
  return (context) => {
    const { runtime, app, endUser, params, user } = context;
    const taskId = params['taskId'] ?? '';
    const honoured = runtime.tasks.stop(taskId, app.key, family, endUser.id);
    const record: StopRecord = { taskId, user, honoured };
    runtime.events.emit('stop', record);
    sendJson(context.response, 200, { result: 'success' });
  };
}

const userInBody = { from: 'json', required: true } as const;

export const stopRoutes: Route[] = [
  {
    method: 'POST',
    path: pathPattern('/chat-messages/:taskId/stop'),
    user: userInBody,
    modes: { allowed: chatModes, error: notChatApp },
    handle: stopHandler('chat'),
  },
  {
    method: 'POST',
    path: pathPattern('/completion-messages/:taskId/stop'),
    user: userInBody,
    modes: { allowed: ['completion'], error: appUnavailable },
    handle: stopHandler('completion'),
  },
  {
    method: 'POST',
    path: pathPattern('/workflows/tasks/:taskId/stop'),
    user: userInBody,
    modes: { allowed: ['workflow'], error: notWorkflowApp },
    handle: stopHandler('workflow'),
  },
];
