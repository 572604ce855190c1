import { describe, expect, it } from 'vitest';
import { createLogger } from '../../proxy/logger.ts';
import { createLogCapture } from '../helpers/log-capture.ts';

describe('the logger', () => {
  it('redacts a configured secret even where JSON escaping changed how the line spells it', () => {
    const logs = createLogCapture();
    const secrets = ['plain-secret-0123456789abcdef', 'quote"and\\backslash-0123456789', 'tab\there-and-newline\n-0123456789'];
    const logger = createLogger({ secrets, destination: logs });
    for (const secret of secrets) logger.error({ detail: `failed with ${secret}` }, `message with ${secret}`);
    const text = logs.lines().join('\n');
    expect(logs.lines()).toHaveLength(secrets.length);
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
    for (const entry of logs.entries()) {
      expect(entry['detail']).toBe('failed with [redacted]');
      expect(entry['msg']).toBe('message with [redacted]');
    }
  });
});
