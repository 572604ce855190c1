import type { z } from 'zod';
import { isRecord } from '../errors.ts';
import { variableName, type DescribeField } from './variables.ts';

/**
 * Checks that involve several fields. They run even when single fields are malformed, so that every
 * problem is listed at once; that is why they read the value leniently instead of trusting its type.
 */
export function crossFieldChecks(value: unknown, context: z.RefinementCtx, describe: DescribeField): void {
  const record = isRecord(value) ? value : {};
  const problem = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  const production = record['production'] === true;
  const demo = record['demo'] === true;
  const { sessionSecret, identitySecret, apps } = record;
  if (production && typeof sessionSecret !== 'string') {
    problem(
      ['sessionSecret'],
      `required when ${variableName('production')}=production, so visitor sessions survive restarts and every instance accepts them; generate one with \`openssl rand -hex 32\``,
    );
  }
  if (typeof identitySecret === 'string' && identitySecret === sessionSecret) {
    problem(
      ['identitySecret'],
      `must differ from ${describe('sessionSecret')}; the site's backend holds ${variableName('identitySecret')}, and with the same value it could sign visitor sessions for anyone. Generate another with \`openssl rand -hex 32\``,
    );
  }
  if (demo && production) {
    problem(
      ['apps', 0, 'apiKey'],
      `required when ${variableName('production')}=production; without it the proxy runs the demo with simulated answers`,
    );
  }
  // Not a list at all: the schema already says so.
  if (apps !== undefined && !Array.isArray(apps)) return;
  const list: readonly unknown[] = Array.isArray(apps) ? apps : [];
  if (!demo && list.length === 0) {
    problem(['apps'], `no Dify app is configured; set ${variableName('apiKey')} or list apps in the config file`);
  }
  const ids = new Set<unknown>();
  list.forEach((app, index) => {
    const id = isRecord(app) ? app['id'] : undefined;
    if (typeof id === 'string' && ids.has(id)) problem(['apps', index, 'id'], `'${id}' is used by two apps; ids must be unique`);
    ids.add(id);
  });
  const defaults = list.filter((app) => isRecord(app) && app['default'] === true).length;
  if (defaults > 1) problem(['apps'], `${defaults} apps are marked default; mark at most one`);
}
