import express, { type RequestHandler } from 'express';
import { ProxyError } from '../errors.ts';

function hasBody(headers: { 'content-length'?: string | undefined; 'transfer-encoding'?: string | undefined }): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Deeper than any body a Dify endpoint takes (inputs hold file mappings at most two levels down). */
const maxNesting = 32;

const [quote, backslash, openObject, openArray, closeObject, closeArray] = ['"', '\\', '{', '[', '}', ']'].map((c) => c.charCodeAt(0));

/** How deep the objects and arrays of a JSON text nest, read from its bytes (strings skipped), stopping past `limit`. */
export function nestingDepth(bytes: Uint8Array, limit = maxNesting): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < bytes.length && deepest <= limit; index += 1) {
    const byte = bytes[index];
    if (inString) {
      if (byte === backslash) index += 1;
      else if (byte === quote) inString = false;
    } else if (byte === quote) inString = true;
    else if (byte === openObject || byte === openArray) deepest = Math.max(deepest, (depth += 1));
    else if (byte === closeObject || byte === closeArray) depth -= 1;
  }
  return deepest;
}

/** Thrown from the parser's verify hook; the error middleware turns its `type` into Dify's 400. */
function refuseDeepNesting(_req: unknown, _res: unknown, body: Buffer): void {
  if (nestingDepth(body) > maxNesting) throw Object.assign(new Error('JSON nested too deeply'), { type: 'entity.too.deep' });
}

/**
 * Parses a JSON body up to `limitBytes` and `maxNesting` levels, both checked on the bytes before any
 * object is built (a deeply nested body would otherwise overflow the stack when it is sent on). A request without a body counts as `{}`; a body of another
 * type is refused with 415 like Dify does, so nothing unparsed is ever forwarded. Compressed bodies are
 * refused too (415): Dify does not take them, and inflating them costs CPU for no client that needs it.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({
    limit: limitBytes,
    type: ['application/json', 'application/*+json'],
    strict: true,
    inflate: false,
    verify: refuseDeepNesting,
  });
  return [
    function requireJson(req, _res, next) {
      if (!hasBody(req.headers) || req.is(['application/json', 'application/*+json']) !== false) {
        next();
        return;
      }
      next(new ProxyError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.'));
    },
    parse,
  ];
}
