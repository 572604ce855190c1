import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import { ProxyError } from '../errors.ts';

/** A multipart upload re-encoded on the fly: the visitor's single `file` part plus the session's `user`. */
export interface MultipartForward {
  /** Resolves when the file part begins (start the upstream request then); rejects with a ProxyError. */
  readonly ready: Promise<void>;
  readonly body: ReadableStream<Uint8Array>;
  readonly contentType: string;
  /** The reason the upload failed after it had started streaming, if it did. */
  failure(): ProxyError | undefined;
}

export interface MultipartOptions {
  user: string;
  maxFileBytes: number;
}

/** Wraps a Node stream as a web stream for fetch, pulling only as fast as fetch sends. */
export function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
  const iterator: AsyncIterator<unknown> = readable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done === true) controller.close();
      else if (value instanceof Uint8Array) controller.enqueue(value);
      else controller.enqueue(Buffer.from(String(value)));
    },
    cancel() {
      readable.destroy();
    },
  });
}

const cutOff = () => new ProxyError(400, 'bad_request', 'The multipart body is malformed or was cut off.');

function safeHeaderValue(value: string, fallback: string): string {
  const cleaned = value.replace(/["\\\r\n]/g, '_');
  return cleaned === '' ? fallback : cleaned;
}

/**
 * Streams a multipart request through without holding the file in memory: the client's `user` and any
 * other field are dropped, the session's `user` is written first, exactly one `file` part is allowed and
 * it is cut off (413) past `maxFileBytes`.
 */
export function forwardMultipart(req: Request, options: MultipartOptions): MultipartForward {
  const boundary = `----dify-widget-${randomBytes(12).toString('hex')}`;
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  let failed: ProxyError | undefined;
  let started = false;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: ProxyError) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  function fail(error: ProxyError): void {
    if (failed !== undefined) return;
    failed = error;
    req.unpipe();
    if (started) out.destroy(error);
    else rejectReady(error);
  }

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // busboy reports 'limit' on reaching fileSize, so allow one byte more to accept a file of exactly the maximum.
      limits: { files: 1, fileSize: options.maxFileBytes + 1, fields: 20, fieldSize: 4096, parts: 25, headerPairs: 50 },
    });
  } catch {
    fail(new ProxyError(415, 'unsupported_media_type', 'Send the file as multipart/form-data with a boundary.'));
    return { ready, body: toWebStream(out), contentType: '', failure: () => failed };
  }

  out.write(`--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\n${options.user}\r\n`);
  let fileEnded: Promise<void> | undefined;

  parser.on('file', (name, file, info) => {
    // busboy errors the part's own stream when the form ends inside it; unheard, that error kills the process.
    file.on('error', () => fail(cutOff()));
    if (name !== 'file' || started || failed !== undefined) {
      file.resume();
      return;
    }
    if (info.filename === undefined || info.filename === '') {
      file.resume();
      fail(new ProxyError(400, 'filename_not_exists_error', 'The file part has no filename.'));
      return;
    }
    started = true;
    const mimeType = /^[\w.+-]+\/[\w.+-]+$/.test(info.mimeType) ? info.mimeType : 'application/octet-stream';
    out.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeHeaderValue(info.filename, 'upload')}"\r\nContent-Type: ${mimeType}\r\n\r\n`,
    );
    resolveReady();
    file.on('limit', () => {
      fail(new ProxyError(413, 'file_too_large', `The file is larger than ${Math.floor(options.maxFileBytes / 1048576)} MB, the most this proxy accepts.`));
    });
    fileEnded = new Promise((resolve) => file.once('end', resolve));
    file.on('data', (chunk: Buffer) => {
      if (failed !== undefined) return;
      if (!out.write(chunk)) {
        file.pause();
        out.once('drain', () => file.resume());
      }
    });
  });
  parser.on('filesLimit', () => fail(new ProxyError(400, 'too_many_files', 'Upload one file per request.')));
  parser.on('partsLimit', () => fail(new ProxyError(400, 'invalid_param', 'The form has too many parts.')));
  parser.on('fieldsLimit', () => fail(new ProxyError(400, 'invalid_param', 'The form has too many fields.')));
  parser.on('error', () => fail(cutOff()));
  parser.on('close', () => {
    void (async () => {
      await fileEnded;
      if (failed !== undefined) return;
      if (!started) {
        fail(new ProxyError(400, 'no_file_uploaded', 'Send the file in a form field named "file".'));
        return;
      }
      out.end(`\r\n--${boundary}--\r\n`);
    })();
  });
  // A visitor who disconnects mid-upload makes the request emit 'error'; busboy reports it as a cut-off body.
  req.on('error', () => fail(new ProxyError(400, 'bad_request', 'The upload was cut off.')));
  req.pipe(parser);

  return { ready, body: toWebStream(out), contentType: `multipart/form-data; boundary=${boundary}`, failure: () => failed };
}
