/** The simulator's own origin as the caller reached it, for absolute URLs in responses. */
import type { IncomingMessage } from 'node:http';

export function originOf(request: IncomingMessage): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}
