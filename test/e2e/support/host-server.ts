import express from 'express';
import { fileURLToPath } from 'node:url';
import { listen } from '../../helpers/listen.ts';

const assetDirectory = fileURLToPath(new URL('./host-pages/assets/', import.meta.url));

/** A page the host server serves: HTML plus any response headers (a CSP, for instance). */
interface HostPage {
  html: string;
  headers?: Record<string, string>;
}

/** A third-party site on its own origin that embeds the widget from the proxy. */
export interface HostServer {
  /** Origin of the host site, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly origin: string;
  /** Serves `page` at `path` (e.g. '/two-widgets') until the server closes; returns its URL. */
  addPage(path: string, page: HostPage): string;
  /** Sets the origin `__PROXY__` stands for in pages and headers (the proxy starts after this server). */
  setProxyOrigin(proxyOrigin: string): void;
  close(): Promise<void>;
}

/** Fills a template: `__PROXY__` becomes the proxy origin (no trailing slash). */
function fillTemplate(template: string, proxyOrigin: string): string {
  return template.replaceAll('__PROXY__', proxyOrigin);
}

/**
 * Starts the "customer's website": a plain express server on an ephemeral loopback port, a different
 * origin from the proxy, so every widget request is really cross-origin (CORS, CORP). It starts before
 * the proxy, whose allowed origins must name it.
 */
export async function startHostServer(): Promise<HostServer> {
  const pages = new Map<string, HostPage>();
  let proxyOrigin = 'http://proxy-origin-not-set.invalid';
  const app = express();
  app.get('/favicon.ico', (_request, response) => {
    response.status(204).end();
  });
  // External CSS/JS the fixtures use (a strict-CSP page cannot have inline ones).
  app.use('/assets', express.static(assetDirectory));
  app.use((request, response, next) => {
    const page = pages.get(request.path);
    if (!page) {
      next();
      return;
    }
    for (const [name, value] of Object.entries(page.headers ?? {})) response.setHeader(name, fillTemplate(value, proxyOrigin));
    response.type('html').setHeader('Cache-Control', 'no-store');
    response.send(fillTemplate(page.html, proxyOrigin));
  });
  const listening = await listen(app);
  const origin = listening.url;
  return {
    origin,
    addPage(path, page) {
      pages.set(path, page);
      return `${origin}${path}`;
    },
    setProxyOrigin(value) {
      proxyOrigin = value;
    },
    close: () => listening.close(),
  };
}
