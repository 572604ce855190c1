import express, { type Router } from 'express';
import { fileURLToPath } from 'node:url';

const siteDirectory = fileURLToPath(new URL('./public/', import.meta.url));

export interface DemoSiteOptions {
  /** Secret the demo's "host backend" uses to sign identity JWTs (the proxy's IDENTITY_SECRET). */
  identitySecret: string;
}

/**
 * The demo host site served at `/` in demo mode: static pages that embed the widget, plus the
 * tiny "host backend" a real site would have (it mints identity JWTs for a logged-in visitor).
 */
export function createDemoSiteRouter(_options: DemoSiteOptions): Router {
  const router = express.Router();
  router.use(express.static(siteDirectory, { extensions: ['html'] }));
  return router;
}
