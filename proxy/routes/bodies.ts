import { z } from 'zod';
import type { AppConfig } from '../config.ts';
import { ProxyError, isRecord } from '../errors.ts';
import type { Visitor } from '../session.ts';
import type { BodyKind, Endpoint } from './table.ts';

const identifier = z.string({ error: 'must be a string id' }).max(64, 'must be at most 64 characters');
const responseMode = z.enum(['streaming', 'blocking'], { error: "must be 'streaming' or 'blocking'" }).nullish();
const traceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, _ or -')
  .optional();
const visitorInputs = z
  .record(z.string().max(64, 'input names are at most 64 characters'), z.unknown(), { error: 'must be a JSON object' })
  .refine((inputs) => Object.keys(inputs).length <= 100, { message: 'at most 100 inputs' })
  .nullish();

/**
 * A file mapping (dify-api.md §4.1). Dify checks a mapping without `type` as a `custom` file (refused by
 * an image-only app with a message naming no field) and silently drops one without its id or URL, so
 * the proxy asks for each of them by name before anything goes upstream.
 */
function fileMapping(allowRemote: boolean) {
  return z
    .object({
      type: z.enum(['image', 'document', 'audio', 'video', 'custom'], {
        error: "must be one of 'image', 'document', 'audio', 'video' or 'custom' (Dify checks a file without a type as 'custom')",
      }),
      transfer_method: z.enum(['local_file', 'remote_url'], { error: "must be 'local_file' or 'remote_url'" }),
      upload_file_id: identifier.optional(),
      url: z.string().max(2048).optional(),
    })
    .refine((file) => allowRemote || file.transfer_method !== 'remote_url', {
      message: 'remote_url files are turned off on this proxy; upload the file with /files/upload and send its id as local_file',
    })
    .refine((file) => (file.transfer_method === 'local_file' ? file.upload_file_id !== undefined : file.url !== undefined), {
      message: 'a local_file needs the upload_file_id that /files/upload returned, a remote_url file needs its url',
    });
}

/** Builds the zod schema for each body kind with the app's limits. Unknown fields are dropped (z.object strips). */
export function bodySchemas(app: AppConfig) {
  const query = z
    .string({ error: 'must be a string' })
    .max(app.limits.maxQueryChars, `must be at most ${app.limits.maxQueryChars} characters`);
  const files = z.array(fileMapping(app.allowRemoteFileUrls)).max(10, 'at most 10 files').nullish();
  return {
    chat: z.object({
      query,
      inputs: visitorInputs,
      response_mode: responseMode,
      conversation_id: identifier.nullish(),
      files,
      auto_generate_name: z.boolean({ error: 'must be true or false' }).optional(),
      workflow_id: identifier.optional(),
      trace_id: traceId,
    }),
    completion: z.object({ query: query.optional(), inputs: visitorInputs, response_mode: responseMode, files }),
    'workflow-run': z.object({ inputs: visitorInputs, response_mode: responseMode, files, trace_id: traceId }),
    'user-only': z.object({}),
    feedback: z.object({
      rating: z.enum(['like', 'dislike'], { error: "must be 'like', 'dislike' or null" }).nullish(),
      content: z.string().max(2000, 'must be at most 2000 characters').optional(),
    }),
    rename: z.object({
      name: z.string().max(200, 'must be at most 200 characters').optional(),
      auto_generate: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    // Only an answer this visitor received is read aloud (its receipt is checked): a `text` field would let
    // anyone have Dify speak any text at the site owner's cost, so it is not forwarded (Dify reads the
    // message's answer when given its id).
    'text-to-audio': z.object({
      message_id: identifier,
      voice: z.string().max(64).optional(),
      streaming: z.boolean().optional(),
    }),
    // A human-input form's answer (dify-api.md §11.2): values by output variable, and the chosen action's id.
    'form-answer': z.object({
      inputs: z
        .record(z.string().max(64, 'input names are at most 64 characters'), z.unknown(), { error: 'must be a JSON object' })
        .refine((inputs) => Object.keys(inputs).length <= 100, { message: 'at most 100 inputs' }),
      action: z.string({ error: "must be the id of one of the form's actions" }).min(1).max(128),
    }),
  } satisfies Partial<Record<BodyKind, z.ZodType>>;
}

export type BodySchemas = ReturnType<typeof bodySchemas>;

function invalid(error: z.ZodError): ProxyError {
  const detail = error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  return new ProxyError(400, 'invalid_param', detail.join('; '));
}

/** True for a file mapping (or a list holding one) that makes Dify fetch a URL. */
const fetchesUrl = (value: unknown): boolean =>
  Array.isArray(value) ? value.some(fetchesUrl) : isRecord(value) && value['transfer_method'] === 'remote_url';

/**
 * The inputs a visitor may set: those the config lists, else those the app's form declares, never one
 * the config fixes or only a verified identity may set (issue: an anonymous visitor set `plan`).
 */
export function visitorSettableInputs(app: AppConfig, declared: readonly string[] | undefined): ReadonlySet<string> {
  const names = app.visitorInputs ?? declared ?? [];
  return new Set(names.filter((name) => !app.identityInputs.includes(name) && !Object.hasOwn(app.fixedInputs, name)));
}

/** Inputs as the proxy sends them: the visitor's (only settable ones), then the identity's, then the app's fixed ones win. */
function mergeInputs(app: AppConfig, visitor: Visitor, settable: ReadonlySet<string>, fromClient: Record<string, unknown> | undefined) {
  const allowed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fromClient ?? {})) {
    if (!settable.has(name)) continue;
    // A file input's remote_url would have Dify fetch any URL a visitor names, past the switch for files[].
    if (!app.allowRemoteFileUrls && fetchesUrl(value)) {
      throw new ProxyError(
        400,
        'invalid_param',
        `inputs.${name}: remote_url files are turned off on this proxy; upload the file with /files/upload`,
      );
    }
    allowed[name] = value;
  }
  return { ...allowed, ...visitor.inputs, ...app.fixedInputs };
}

/**
 * Validates a JSON body for an endpoint and returns what goes upstream: only allowlisted fields, the
 * merged inputs where the endpoint takes inputs, and `user` from the session, whatever the client sent.
 */
export function upstreamBody(
  schemas: BodySchemas,
  endpoint: Endpoint,
  app: AppConfig,
  visitor: Visitor,
  body: unknown,
  settable: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const kind = endpoint.body;
  if (kind === 'none' || kind === 'multipart') throw new Error(`${endpoint.name} has no JSON body`);
  const parsed = schemas[kind].safeParse(body ?? {});
  if (!parsed.success) throw invalid(parsed.error);
  const fields: Record<string, unknown> = { ...parsed.data };
  if (kind === 'chat' || kind === 'completion' || kind === 'workflow-run') {
    const inputs = fields['inputs'];
    fields['inputs'] = mergeInputs(app, visitor, settable, isRecord(inputs) ? inputs : undefined);
  }
  fields['user'] = visitor.user;
  return fields;
}

const queryRules: Readonly<Record<string, RegExp>> = {
  conversation_id: /^[A-Za-z0-9_-]{0,64}$/,
  first_id: /^[A-Za-z0-9_-]{1,64}$/,
  last_id: /^[A-Za-z0-9_-]{1,64}$/,
  limit: /^\d{1,3}$/,
  sort_by: /^-?(created_at|updated_at)$/,
  include_state_snapshot: /^(true|false)$/,
};

const queryExpectations: Readonly<Record<string, string>> = {
  limit: 'a number from 1 to 100',
  sort_by: 'one of created_at, -created_at, updated_at, -updated_at',
  include_state_snapshot: 'true or false',
};

/** Keeps only the endpoint's query keys (single, well-formed values) and sets `user` from the session. */
export function upstreamQuery(endpoint: Endpoint, query: Record<string, unknown>, visitor: Visitor): URLSearchParams {
  const result = new URLSearchParams();
  for (const key of endpoint.query) {
    const value = query[key];
    if (value === undefined) continue;
    const rule = queryRules[key];
    if (typeof value !== 'string' || rule === undefined || !rule.test(value)) {
      throw new ProxyError(400, 'invalid_param', `${key}: must be given once, as ${queryExpectations[key] ?? 'an id'}`);
    }
    result.set(key, value);
  }
  result.set('user', visitor.user);
  return result;
}
