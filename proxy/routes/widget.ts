import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { ProxyError } from '../errors.ts';

function publicCodeHeaders(res: Response): void {
  // Host pages load these cross-origin: a classic <script> (no-cors, needs CORP) and module chunks via
  // import() (CORS mode, needs ACAO). They are public code, so any origin may read them.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
  // The same URL answers brotli, gzip or plain by Accept-Encoding: caches must keep them apart.
  res.setHeader('Vary', 'Accept-Encoding');
}

function notBuilt(file: string): ProxyError {
  return new ProxyError(
    404,
    'widget_not_built',
    `The widget has not been built (${file} is missing). Run \`npm run build\`, or \`npm start\`, which builds it first.`,
  );
}

/** The build's compressed copies (scripts/precompress.mjs), by the suffix of their file names. */
const encodings = { br: '.br', gzip: '.gz' } as const;
type Encoding = keyof typeof encodings;

/** The best encoding the client accepts of which the build has a copy of `file`, if any. */
function encodingFor(req: Request, file: string): Encoding | undefined {
  // Brotli first whatever the order: browsers list `gzip, deflate, br` at equal weight, and br is smaller.
  const accepted = (['br', 'gzip'] as const).filter((encoding) => req.acceptsEncodings(encoding) === encoding);
  return accepted.find((encoding) => existsSync(`${file}${encodings[encoding]}`));
}

/** Marks a response whose body is the compressed copy of a script. */
function compressedHeaders(res: Response, encoding: Encoding): void {
  res.setHeader('Content-Encoding', encoding);
  // Set before `send` looks the type up from the copy's own suffix, which would be octet-stream.
  res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
}

/** Hashed chunk names only: anything else is served, if at all, uncompressed by express.static. */
const chunkPath = /^\/(?:[\w-]+\/)*[\w.-]+\.js$/;

/** `/widget.js`: short-lived (its URL never changes), revalidated by ETag, compressed when accepted. */
function serveEntry(entry: string): RequestHandler {
  return (req, res, next) => {
    if (!existsSync(entry)) {
      next(notBuilt('dist/widget/widget.js'));
      return;
    }
    publicCodeHeaders(res);
    const encoding = encodingFor(req, entry);
    if (encoding !== undefined) compressedHeaders(res, encoding);
    const file = encoding === undefined ? entry : `${entry}${encodings[encoding]}`;
    const headers = { 'Cache-Control': 'public, max-age=300' };
    res.sendFile(file, { headers, cacheControl: false, dotfiles: 'deny', acceptRanges: encoding === undefined }, (error) => {
      if (error !== undefined && !res.headersSent) next(notBuilt('dist/widget/widget.js'));
    });
  };
}

/** Points a chunk request at its compressed copy when the client accepts one; express.static serves it. */
function preferCompressedChunk(widgetDirectory: string): RequestHandler {
  return (req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && chunkPath.test(req.path)) {
      const encoding = encodingFor(req, path.join(widgetDirectory, req.path));
      if (encoding !== undefined) {
        compressedHeaders(res, encoding);
        req.url = `${req.path}${encodings[encoding]}`;
      }
    }
    next();
  };
}

/**
 * Serves the built widget: `/widget.js` (short cache with an ETag: its URL never changes) and
 * `/widget/<file>` (hashed chunks, immutable for a year), each brotli or gzip compressed from the copies
 * made at build time when the client accepts it. These are the only responses with
 * `Cross-Origin-Resource-Policy: cross-origin`.
 */
export function widgetRouter(widgetDirectory: string): Router {
  const router = express.Router();
  router.get('/widget.js', serveEntry(path.join(widgetDirectory, 'widget.js')));
  router.use(
    '/widget',
    preferCompressedChunk(widgetDirectory),
    express.static(widgetDirectory, {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      fallthrough: true,
      cacheControl: false,
      setHeaders(res) {
        publicCodeHeaders(res);
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
    (req, _res, next) => {
      next(
        new ProxyError(
          404,
          'not_found',
          `No widget file at /widget${req.path}; rebuild the widget with \`npm run build\` if it should exist.`,
        ),
      );
    },
  );
  return router;
}
