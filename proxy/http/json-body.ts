import express, { type RequestHandler } from 'express';
import { ProxyError } from '../errors.ts';

function hasBody(headers: { 'content-length'?: string | undefined; 'transfer-encoding'?: string | undefined }): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses a JSON body up to `limitBytes`. A request without a body counts as `{}`; a body of another
 * type is refused with 415 like Dify does, so nothing unparsed is ever forwarded.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'], strict: true });
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
