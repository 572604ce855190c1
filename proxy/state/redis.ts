import { createClient } from 'redis';
import { ProxyError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** What every store answers while Redis cannot be reached: nothing runs unlimited (fail closed). */
function sharedStateUnavailable(): ProxyError {
  return new ProxyError(
    503,
    'shared_state_unavailable',
    'The proxy cannot reach the store its instances share their limits in (Redis), so it accepts no request that needs them; try again in a few seconds. The operator should check Redis.',
    { 'Retry-After': '5' },
  );
}

/** The name of a key the proxy keeps in Redis: every one starts with `dify-widget:`, then what it counts. */
export const redisKey = (kind: 'rl' | 'slots' | 'receipt' | 'budget', ...parts: string[]) => ['dify-widget', kind, ...parts].join(':');

/** One connection to Redis, shared by the stores of one process. */
export interface SharedRedis {
  /** Sends one raw command; rejects with a 503 `shared_state_unavailable` when Redis does not answer. */
  send(args: readonly string[]): Promise<unknown>;
  /** Whether Redis answers a PING now (a connection that is up but stalled is not ready). Never logs. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** A command that does not answer within this is treated like Redis being down. */
const commandTimeoutMs = 2000;

/**
 * node-redis times a command out only until it is written, so a Redis that stalls after accepting it
 * would hold the request forever: the wait is bounded here instead.
 */
function answerWithin<T>(command: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  // The command may still be answered later; nobody waits for it then.
  command.catch(() => undefined);
  return Promise.race([command, late]).finally(() => clearTimeout(timer));
}
const longestReconnectDelayMs = 2000;
/** During an outage every request fails: one line per this long says so, with how many failed. */
const failureLogEveryMs = 10_000;

/** Logs the first failed command, then at most one line per `failureLogEveryMs` with the count since. */
function failureLog(logger: Logger): (command: string | undefined, error: unknown) => void {
  let lastAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  return (command, error) => {
    if (Date.now() - lastAt < failureLogEveryMs) {
      unlogged += 1;
      return;
    }
    lastAt = Date.now();
    const detail = error instanceof Error ? error.message : String(error);
    logger.warn({ command, detail, failedSinceLastLine: unlogged }, 'Redis command failed');
    unlogged = 0;
  };
}

/**
 * Connects to Redis and keeps reconnecting in the background. While disconnected, commands fail at once
 * (no offline queue), so a request waits for no Redis that is gone.
 */
export function connectRedis(url: string, logger: Logger): SharedRedis {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: commandTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), longestReconnectDelayMs),
    },
  });
  let down = false;
  // node-redis emits `error` on every failed reconnect: logged once per outage, and its URL never logged.
  client.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    logger.error(
      { code: error instanceof Error ? error.message : String(error) },
      'Redis is unreachable: requests that need shared limits answer 503',
    );
  });
  client.on('ready', () => {
    if (down) logger.info('Redis is reachable again');
    down = false;
  });
  void client.connect().catch(() => undefined);
  const logFailure = failureLog(logger);
  return {
    async send(args) {
      try {
        return await answerWithin(client.sendCommand<unknown>([...args]), commandTimeoutMs);
      } catch (error) {
        logFailure(args[0], error);
        throw sharedStateUnavailable();
      }
    },
    async ready() {
      if (!client.isReady) return false;
      return answerWithin(client.sendCommand<unknown>(['PING']), commandTimeoutMs).then(
        (answer) => String(answer) === 'PONG',
        () => false,
      );
    },
    async close() {
      // After a shutdown's drain nothing waits for an answer; a Redis that is down must not hold the exit.
      if (client.isOpen) client.destroy();
      await Promise.resolve();
    },
  };
}
