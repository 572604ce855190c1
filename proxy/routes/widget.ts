import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Response, type Router } from 'express';
import { ProxyError } from '../errors.ts';

function publicCodeHeaders(res: Response): void {
  // Host pages load these cross-origin: a classic <script> (no-cors, needs CORP) and module chunks via
  // import() (CORS mode, needs ACAO). They are public code, so any origin may read them.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
}

function notBuilt(file: string): ProxyError {
  return new ProxyError(
    404,
    'widget_not_built',
    `The widget has not been built (${file} is missing). Run \`npm run build\`, or \`npm start\`, which builds it first.`,
  );
}

/**
 * Serves the built widget: `/widget.js` (short cache: its URL never changes) and `/widget/<file>` (hashed
 * chunks, cached for a year). These are the only responses with `Cross-Origin-Resource-Policy: cross-origin`.
 */
export function widgetRouter(widgetDirectory: string): Router {
  const router = express.Router();
  const entry = path.join(widgetDirectory, 'widget.js');
  router.get('/widget.js', (_req, res, next) => {
    if (!existsSync(entry)) {
      next(notBuilt('dist/widget/widget.js'));
      return;
    }
    publicCodeHeaders(res);
    res.sendFile(entry, { headers: { 'Cache-Control': 'public, max-age=300' }, cacheControl: false, dotfiles: 'deny' }, (error) => {
      if (error !== undefined && !res.headersSent) next(notBuilt('dist/widget/widget.js'));
    });
  });
  router.use(
    '/widget',
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
