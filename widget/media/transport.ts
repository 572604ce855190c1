import { isRecord } from '../core/guards.ts';
import { ProblemError, problemFromResponse } from '../core/http.ts';
import type { ProxyClient } from '../core/proxy-client.ts';
import type { SessionKeeper } from '../core/session.ts';

/** What the upload and voice features need of the widget: the proxy and the visitor session. */
export interface MediaTransport {
  client: ProxyClient;
  sessions: SessionKeeper;
}

/** A running upload: resolves with Dify's `upload_file_id`; `cancel` aborts it (rejecting with an AbortError). */
export interface Upload {
  done: Promise<string>;
  cancel(): void;
}

/** A failed XMLHttpRequest as the widget's problem, from Dify's `{code, message, status}` body. */
async function problemOf(request: XMLHttpRequest): Promise<ProblemError> {
  return new ProblemError(await problemFromResponse(new Response(request.responseText, { status: request.status })));
}

/**
 * `POST /files/upload` with XMLHttpRequest, which, unlike fetch, reports upload progress (0 to 1).
 * A 401 (an expired session) renews the session and sends the file again, once.
 */
export function uploadFile(transport: MediaTransport, file: File, onProgress: (fraction: number) => void): Upload {
  let request: XMLHttpRequest | undefined;
  let cancelled = false;
  const attempt = (token: string) =>
    new Promise<XMLHttpRequest>((resolve, reject) => {
      const sending = new XMLHttpRequest();
      request = sending;
      sending.open('POST', transport.client.urlFor('files/upload'));
      sending.setRequestHeader('Authorization', `Bearer ${token}`);
      sending.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
      sending.onload = () => resolve(sending);
      sending.onerror = () => reject(new ProblemError({ kind: 'offline', code: 'network_error' }));
      sending.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      const body = new FormData();
      body.append('file', file, file.name);
      if (cancelled) sending.abort();
      else sending.send(body);
    });
  const run = async (): Promise<string> => {
    const session = await transport.sessions.current();
    let answered = await attempt(session.token);
    if (answered.status === 401) answered = await attempt((await transport.sessions.renew(session)).token);
    if (answered.status < 200 || answered.status > 299) throw await problemOf(answered);
    const body: unknown = JSON.parse(answered.responseText || 'null');
    if (!isRecord(body) || typeof body['id'] !== 'string') throw new ProblemError({ kind: 'unavailable', code: 'invalid_upload_response' });
    return body['id'];
  };
  return {
    done: run(),
    cancel() {
      cancelled = true;
      request?.abort();
    },
  };
}

/** `POST /audio-to-text` with a WAV recording: the transcript. */
export async function transcribe(transport: MediaTransport, wav: Blob): Promise<string> {
  const body = new FormData();
  body.append('file', wav, 'recording.wav');
  const response = await transport.client.send(transport.client.urlFor('audio-to-text'), { method: 'POST', body });
  if (!response.ok) throw new ProblemError(await problemFromResponse(response));
  const result: unknown = await response.json().catch(() => undefined);
  return isRecord(result) && typeof result['text'] === 'string' ? result['text'] : '';
}

/**
 * `POST /text-to-audio` for an answer (the proxy takes only `message_id`: the visitor's own answers): the
 * audio, or undefined when Dify has none for it (it answers JSON `null`, §9.2).
 */
export async function synthesise(transport: MediaTransport, messageId: string, signal: AbortSignal): Promise<Blob | undefined> {
  const response = await transport.client.send(transport.client.urlFor('text-to-audio'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ message_id: messageId }),
    signal,
  });
  if (!response.ok) throw new ProblemError(await problemFromResponse(response));
  if ((response.headers.get('content-type') ?? '').includes('json')) return undefined;
  return response.blob();
}
