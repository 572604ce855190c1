/**
 * GET/POST /form/human_input/{form_token} (dify-api.md §11.2, 1.14.0+): read a pending form, answer it. An
 * answer resumes the run in the background; its frames reach GET /workflow/{run_id}/events.
 */
import { notFound } from '../errors.ts';
import { resumeFlowRun } from '../flow-run.ts';
import { sendJson } from '../http.ts';
import { assertOpen, formBody, readSubmission, type HumanInputForm } from '../human-input.ts';
import { isRecord } from '../../../shared/json.ts';
import { missingField, validationError } from '../pydantic.ts';
import { pathPattern, type Route } from '../route.ts';
import type { RequestContext } from '../runtime.ts';

const model = 'HumanInputFormSubmitPayload';

function formOf(context: RequestContext): HumanInputForm {
  return context.runtime.forms.require(context.app.key, context.params['formToken'] ?? '');
}

function readForm(context: RequestContext): void {
  const form = formOf(context);
  assertOpen(form);
  sendJson(context.response, 200, formBody(form));
}

function answerForm(context: RequestContext): void {
  const { body, runtime, app } = context;
  if (!('inputs' in body)) throw missingField(model, 'inputs', body);
  const inputs = body['inputs'];
  if (!isRecord(inputs)) {
    throw validationError(model, { field: 'inputs', detail: 'Input should be a valid dictionary', kind: 'dict_type', input: inputs });
  }
  if (!('action' in body)) throw missingField(model, 'action', body);
  const action = body['action'];
  if (typeof action !== 'string') {
    throw validationError(model, { field: 'action', detail: 'Input should be a valid string', kind: 'string_type', input: action });
  }
  const form = formOf(context);
  assertOpen(form);
  const submission = readSubmission(form, inputs, action);
  const run = runtime.runs.of(app.key, form.runId);
  if (run === undefined) throw notFound('Form not found');
  sendJson(context.response, 200, {});
  resumeFlowRun(runtime, run, form, submission);
}

const path = pathPattern('/form/human_input/:formToken');

// No mode check: forms come from chatflow and workflow runs, and a token of another app is not found.
export const humanInputRoutes: Route[] = [
  { method: 'GET', path, handle: readForm },
  { method: 'POST', path, user: { from: 'json', required: true }, handle: answerForm },
];
