import express, { type RequestHandler } from 'express';
import { ProxyError } from '../errors.ts';

function hasBody(headers: { 'content-length'?: string | undefined; 'transfer-encoding'?: string | undefined }): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses a JSON body up to `limitBytes`. A request without a body counts as `{}`; a body of another
 * type is refused with 415 like Dify does, so nothing unparsed is ever forwarded. Compressed bodies are
 * refused too (415): Dify does not take them, and inflating them costs CPU for no client that needs it.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'], strict: true, inflate: false });
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
