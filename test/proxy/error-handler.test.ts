import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../proxy/logger.ts';
import { errorHandler } from '../../proxy/middleware/errors.ts';
import { requestLog } from '../../proxy/middleware/request-log.ts';
import { listen, type Listening } from '../helpers/listen.ts';
import { createLogCapture } from '../helpers/log-capture.ts';
import { rawRequest } from '../helpers/raw-http.ts';

let server: Listening | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

describe('the error handler', () => {
  it('closes a response that fails after it started and logs through the redacting logger, not console.error', async () => {
    const secret = 'app-secret-that-must-not-print-0123';
    const logs = createLogCapture();
    const app = express();
    app.use(requestLog(createLogger({ secrets: [secret], destination: logs }), 'pseudonym-key'));
    app.get('/half', (_req, res) => {
      res.status(200).write('partial');
      throw new Error(`failed while holding ${secret}`);
    });
    app.use(errorHandler);
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    server = await listen(app);
    await expect(rawRequest(server.url, 'GET', '/half')).rejects.toThrow();
    const failure = await logs.waitFor((entry) => String(entry['msg']).startsWith('failed after the response had started'));
    expect(JSON.stringify(failure)).toContain('[redacted]');
    expect(logs.lines().join('\n')).not.toContain(secret);
    expect(printed).not.toHaveBeenCalled();
  });
});
