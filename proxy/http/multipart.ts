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
  /** The part types Dify accepts here, when it limits them; any other is refused before Dify sees it. */
  allowedTypes?: readonly string[];
  /** The refusal for another type. */
  wrongType?: () => ProxyError;
  /** Sees every chunk of the file as it passes (to count it against the upload budgets). */
  onFileBytes?: (chunk: Buffer) => void;
}

/** Wraps a Node stream as a web stream for fetch, pulling only as fast as fetch sends. */
function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
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

/** A promise with its settle functions (Promise.withResolvers needs Node 22); rejections are handled by whoever awaits it. */
function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: ProxyError) => void = () => undefined;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  promise.catch(() => undefined);
  return { promise, resolve: () => resolve(), reject: (error: ProxyError) => reject(error) };
}

const cutOff = () => new ProxyError(400, 'bad_request', 'The multipart body is malformed or was cut off.');

function safeHeaderValue(value: string, fallback: string): string {
  const cleaned = value.replace(/["\\\r\n]/g, '_');
  return cleaned === '' ? fallback : cleaned;
}

/** The form Dify receives: our own boundary, the session's `user` first, then the one file. */
function outgoingForm(user: string) {
  const boundary = `----dify-widget-${randomBytes(12).toString('hex')}`;
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  out.write(`--${boundary}\r\nContent-Disposition: form-data; name="user"\r\n\r\n${user}\r\n`);
  return {
    out,
    contentType: `multipart/form-data; boundary=${boundary}`,
    startFile(filename: string, mimeType: string): void {
      const type = /^[\w.+-]+\/[\w.+-]+$/.test(mimeType) ? mimeType : 'application/octet-stream';
      out.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeHeaderValue(filename, 'upload')}"\r\nContent-Type: ${type}\r\n\r\n`,
      );
    },
    finish(): void {
      out.end(`\r\n--${boundary}--\r\n`);
    },
  };
}

/** busboy for the request, or undefined when it is not multipart with a boundary. */
function formParser(req: Request, maxFileBytes: number): busboy.Busboy | undefined {
  try {
    // busboy reports 'limit' on reaching fileSize, so allow one byte more to accept a file of exactly the maximum.
    return busboy({
      headers: req.headers,
      limits: { files: 1, fileSize: maxFileBytes + 1, fields: 20, fieldSize: 4096, parts: 25, headerPairs: 50 },
    });
  } catch {
    return undefined;
  }
}

/** The form's own limits and malformations, each refused with a clear error. */
function refuseOverLimits(parser: busboy.Busboy, fail: (error: ProxyError) => void): void {
  parser.on('filesLimit', () => fail(new ProxyError(400, 'too_many_files', 'Upload one file per request.')));
  parser.on('partsLimit', () => fail(new ProxyError(400, 'invalid_param', 'The form has too many parts.')));
  parser.on('fieldsLimit', () => fail(new ProxyError(400, 'invalid_param', 'The form has too many fields.')));
  parser.on('error', () => fail(cutOff()));
}

/** Copies the file part into the outgoing form, holding the visitor's upload back while Dify catches up; resolves at its end. */
function copyInto(file: Readable, out: PassThrough, stopped: () => boolean): Promise<void> {
  file.on('data', (chunk: Buffer) => {
    if (stopped() || out.write(chunk)) return;
    file.pause();
    out.once('drain', () => file.resume());
  });
  return new Promise((resolve) => file.once('end', resolve));
}

const tooLarge = (maxFileBytes: number) =>
  new ProxyError(413, 'file_too_large', `The file is larger than ${Math.floor(maxFileBytes / 1048576)} MB, the most this proxy accepts.`);

/** One upload in flight: the first refusal wins, and after the file part has begun it also cuts off Dify's copy. */
class Upload {
  readonly form;
  readonly ready = deferred();
  failed: ProxyError | undefined;
  private started = false;
  private fileEnded: Promise<void> | undefined;

  constructor(
    private readonly req: Request,
    private readonly options: MultipartOptions,
  ) {
    this.form = outgoingForm(options.user);
  }

  fail(error: ProxyError): void {
    if (this.failed !== undefined) return;
    this.failed = error;
    this.req.unpipe();
    if (this.started) this.form.out.destroy(error);
    else this.ready.reject(error);
  }

  /** The first part named `file` is streamed on; any other part is drained and dropped. */
  acceptPart(name: string, file: Readable, filename: string | undefined, mimeType: string): void {
    // busboy errors the part's own stream when the form ends inside it; unheard, that error kills the process.
    file.on('error', () => this.fail(cutOff()));
    if (name !== 'file' || this.started || this.failed !== undefined) {
      file.resume();
      return;
    }
    if (filename === undefined || filename === '') {
      file.resume();
      this.fail(new ProxyError(400, 'filename_not_exists_error', 'The file part has no filename.'));
      return;
    }
    const { allowedTypes, wrongType } = this.options;
    if (allowedTypes !== undefined && wrongType !== undefined && !allowedTypes.includes(mimeType.toLowerCase())) {
      file.resume();
      this.fail(wrongType());
      return;
    }
    this.started = true;
    this.form.startFile(filename, mimeType);
    this.ready.resolve();
    file.on('limit', () => this.fail(tooLarge(this.options.maxFileBytes)));
    const { onFileBytes } = this.options;
    if (onFileBytes !== undefined) file.on('data', onFileBytes);
    this.fileEnded = copyInto(file, this.form.out, () => this.failed !== undefined);
  }

  /** The visitor's form is over: close Dify's once the file is through, or refuse a form without one. */
  formEnded(): void {
    if (this.fileEnded === undefined) {
      this.fail(new ProxyError(400, 'no_file_uploaded', 'Send the file in a form field named "file".'));
      return;
    }
    void this.fileEnded.then(() => {
      if (this.failed === undefined) this.form.finish();
    });
  }

  result(contentType: string): MultipartForward {
    return { ready: this.ready.promise, body: toWebStream(this.form.out), contentType, failure: () => this.failed };
  }
}

/**
 * Streams a multipart request through without holding the file in memory: the client's `user` and any
 * other field are dropped, the session's `user` is written first, exactly one `file` part is allowed and
 * it is cut off (413) past `maxFileBytes`.
 */
export function forwardMultipart(req: Request, options: MultipartOptions): MultipartForward {
  const upload = new Upload(req, options);
  const parser = formParser(req, options.maxFileBytes);
  if (parser === undefined) {
    upload.fail(new ProxyError(415, 'unsupported_media_type', 'Send the file as multipart/form-data with a boundary.'));
    return upload.result('');
  }
  const fail = (error: ProxyError) => upload.fail(error);
  parser.on('file', (name, file, info) => upload.acceptPart(name, file, info.filename, info.mimeType));
  refuseOverLimits(parser, fail);
  parser.on('close', () => upload.formEnded());
  // A visitor who disconnects mid-upload makes the request emit 'error'; busboy reports it as a cut-off body.
  req.on('error', () => fail(new ProxyError(400, 'bad_request', 'The upload was cut off.')));
  req.pipe(parser);
  return upload.result(upload.form.contentType);
}
