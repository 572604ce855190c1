/**
 * flask-restx's `ERROR_404_HELP`: a 404 raised while serving a known route gets " You have requested this
 * URI [<path>] but did you mean <close rules> ?" appended (captures 05, 06, 91). The close rules come from
 * difflib over Dify's whole URL map, so only the recorded paths are known here; other 404s keep the bare text.
 */
import { DifyHttpError } from './errors.ts';

const recordedSuggestions: Readonly<Record<string, string>> = {
  '/v1/chat-messages': '/v1/chat-messages or /api/chat-messages or /v1/chat-messages/<string:task_id>/stop',
  '/v1/messages': '/v1/messages or /v1/chat-messages or /api/messages',
};

export function withNotFoundHelp(error: DifyHttpError, path: string): DifyHttpError {
  const suggestion = recordedSuggestions[path];
  if (error.status !== 404 || error.code !== 'not_found' || suggestion === undefined) return error;
  const message = `${error.message} You have requested this URI [${path}] but did you mean ${suggestion} ?`;
  return new DifyHttpError(error.status, error.code, message, error.headers);
}
