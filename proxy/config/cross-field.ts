import { isRecord } from '../errors.ts';
import type { DescribeField } from './resolve.ts';

/** The fields the checks across fields read, taken leniently so they also run when the schema fails. */
interface CrossFieldView {
  readonly production: boolean;
  readonly demo: boolean;
  readonly sessionSecret?: string;
  readonly identitySecret?: string;
  readonly redisUrl?: string;
  /** Undefined when `apps` is not a list at all (the schema reports that). */
  readonly apps?: readonly { readonly id?: unknown; readonly default?: unknown }[];
}

export function crossFieldView(input: unknown): CrossFieldView {
  const record = isRecord(input) ? input : {};
  const text = (key: string) => {
    const value = record[key];
    return typeof value === 'string' ? value : undefined;
  };
  const apps = record['apps'];
  return {
    production: record['production'] === true,
    demo: record['demo'] === true,
    sessionSecret: text('sessionSecret'),
    identitySecret: text('identitySecret'),
    redisUrl: text('redisUrl'),
    apps: apps === undefined ? [] : Array.isArray(apps) ? apps.map((app) => (isRecord(app) ? app : {})) : undefined,
  };
}

/** Problems that involve several fields, so that they are listed together with the schema's own. */
export function crossFieldProblems(view: CrossFieldView, describe: DescribeField): string[] {
  const problems: string[] = [];
  if (view.production && view.sessionSecret === undefined) {
    problems.push(
      `${describe('sessionSecret')}: required when NODE_ENV=production, so visitor sessions survive restarts and every instance accepts them; generate one with \`openssl rand -hex 32\``,
    );
  }
  if (view.identitySecret !== undefined && view.identitySecret === view.sessionSecret) {
    problems.push(
      `${describe('identitySecret')}: must differ from ${describe('sessionSecret')}; the site's backend holds IDENTITY_SECRET, and with the same value it could sign visitor sessions for anyone. Generate another with \`openssl rand -hex 32\``,
    );
  }
  if (view.demo && view.production) {
    problems.push(
      `${describe('apps[0].apiKey')}: required when NODE_ENV=production; without it the proxy runs the demo with simulated answers`,
    );
  }
  if (view.apps === undefined) return problems.concat(redisProblems(view, describe));
  if (!view.demo && view.apps.length === 0) {
    problems.push(`${describe('apps')}: no Dify app is configured; set DIFY_API_KEY or list apps in the config file`);
  }
  const ids = new Set<unknown>();
  view.apps.forEach((app, index) => {
    if (typeof app.id === 'string' && ids.has(app.id)) {
      problems.push(`${describe(`apps[${index}].id`)}: '${app.id}' is used by two apps; ids must be unique`);
    }
    ids.add(app.id);
  });
  const defaults = view.apps.filter((app) => app.default === true);
  if (defaults.length > 1) {
    problems.push(`${describe('apps')}: ${defaults.length} apps are marked default; mark at most one`);
  }
  return problems.concat(redisProblems(view, describe));
}

function redisProblems(view: CrossFieldView, describe: DescribeField): string[] {
  if (view.redisUrl === undefined || view.redisUrl === '') return [];
  return [
    `${describe('redisUrl')}: shared Redis counters are not available in this version; unset it to keep counters in memory (one instance)`,
  ];
}
