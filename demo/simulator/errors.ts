import type { DifyErrorBody } from '../../shared/dify-wire.ts';

/**
 * A Dify error response: `{code, message, status}` (plus `params` for old field errors), thrown by
 * handlers before a response starts and written by the dispatcher.
 */
export class DifyHttpError extends Error {
  override readonly name = 'DifyHttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON body, keys in Dify's order. */
  toBody(): DifyErrorBody {
    return { code: this.code, message: this.message, status: this.status };
  }
}

const appRouteMessage = 'Please check if your app mode matches the right API route.';

/** Any Python ValueError in Dify: 400 invalid_param. */
export const invalidParam = (message: string): DifyHttpError => new DifyHttpError(400, 'invalid_param', message);

/** werkzeug NotFound. */
export const notFound = (message: string): DifyHttpError => new DifyHttpError(404, 'not_found', message);

/** werkzeug BadRequest. */
export const badRequest = (message: string): DifyHttpError => new DifyHttpError(400, 'bad_request', message);

/** Flask's 401 with the header Dify adds to every 401. */
export const unauthorized = (message: string): DifyHttpError =>
  new DifyHttpError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer realm="api"' });

/** Chat-only endpoint on a completion or workflow app. */
export const notChatApp = (): DifyHttpError => new DifyHttpError(400, 'not_chat_app', appRouteMessage);

/** Workflow endpoint on a non-workflow app. */
export const notWorkflowApp = (): DifyHttpError => new DifyHttpError(400, 'not_workflow_app', appRouteMessage);

/** Completion endpoint on a non-completion app (Dify reuses app_unavailable here). */
export const appUnavailable = (): DifyHttpError =>
  new DifyHttpError(400, 'app_unavailable', 'App unavailable, please check your app configurations.');

/** A path no route matches. */
export const unknownPath = (): DifyHttpError =>
  notFound('The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.');

/** A known path called with the wrong method. */
export const methodNotAllowed = (): DifyHttpError =>
  new DifyHttpError(405, 'method_not_allowed', 'The method is not allowed for the requested URL.');

/** An unexpected failure, as Dify's catch-all handler renders it. */
export const internalError = (): DifyHttpError => new DifyHttpError(500, 'unknown', 'Internal Server Error');

/** Mid-stream model failure, as the `error` event and the blocking HTTP error carry it. */
export const completionRequestError = (message: string): DifyHttpError => new DifyHttpError(400, 'completion_request_error', message);
