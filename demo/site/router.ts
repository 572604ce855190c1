import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { fileURLToPath } from 'node:url';
import { loginRequestSchema, mintIdentity } from './identity.ts';

// From the project root, so the path holds both here and from the compiled proxy in dist/proxy/.
const siteDirectory = fileURLToPath(new URL('../../demo/site/public/', import.meta.url));

export interface DemoSiteOptions {
  /** Secret the demo's "host backend" uses to sign identity JWTs (the proxy's IDENTITY_SECRET). */
  identitySecret: string;
}

/**
 * The policy of the strict-CSP demo page: no inline script or style, no eval, everything from this
 * origin only. It shows the widget needs nothing more than `script-src` + `connect-src` for the proxy.
 */
export const strictContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const errorBody = (status: number, code: string, message: string) => ({ code, message, status });

/** Malformed JSON on the login route gets Dify's error shape, like every other error here. */
const loginErrorHandler: ErrorRequestHandler = (error: unknown, _request, response, next) => {
  if (response.headersSent) {
    next(error);
    return;
  }
  response.status(400).json(errorBody(400, 'invalid_param', 'The login body must be JSON like {"name": "Alice"}.'));
};

/**
 * The demo host site served at `/` in demo mode: static pages that embed the widget, plus the
 * tiny "host backend" a real site would have (it mints identity JWTs for a logged-in visitor).
 */
export function createDemoSiteRouter(options: DemoSiteOptions): Router {
  const router = express.Router();

  const login: RequestHandler = async (request, response) => {
    const parsed = loginRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Send {"name": "<your name>"}.';
      response.status(400).json(errorBody(400, 'invalid_param', message));
      return;
    }
    const minted = await mintIdentity(parsed.data.name, options.identitySecret, Math.floor(Date.now() / 1000));
    response.setHeader('Cache-Control', 'no-store');
    response.json(minted);
  };
  router.post('/demo/login', express.json({ limit: '2kb' }), login, loginErrorHandler);

  router.get(['/strict-csp', '/strict-csp.html'], (_request, response) => {
    // Replaces (not adds to) the proxy's default helmet policy for this one page.
    response.setHeader('Content-Security-Policy', strictContentSecurityPolicy);
    response.sendFile('strict-csp.html', { root: siteDirectory });
  });

  router.use(express.static(siteDirectory, { extensions: ['html'] }));
  return router;
}
