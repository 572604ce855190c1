import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen } from './listen.ts';

export interface StubRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface StubUpstream {
  /** Base URL including `/v1`, like DIFY_API_URL. */
  readonly url: string;
  readonly requests: StubRequest[];
  close(): Promise<void>;
}

/**
 * A tiny stand-in for Dify when a test needs one specific upstream behaviour (a status, a hang, a
 * redirect). The default answers every request with `{}`.
 */
export async function startStubUpstream(
  respond: (request: StubRequest, res: ServerResponse) => void = (_request, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end('{}');
  },
): Promise<StubUpstream> {
  const requests: StubRequest[] = [];
  const listening = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      respond(request, res);
    });
  });
  return { url: `${listening.url}/v1`, requests, close: () => listening.close() };
}
