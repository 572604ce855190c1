/**
 * The scripted Human Input node of `scenario: approval` (dify-api.md §4.5, §11.2): its form, the fields the
 * pause frames and the form endpoints show, and the checks an answer goes through.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DifyHttpError, notFound } from './errors.ts';
import type { FlowNode } from './flows.ts';
import { epochSeconds } from './http.ts';

interface FormInput {
  type: 'paragraph';
  output_variable_name: string;
  default: { type: 'constant'; selector: string[]; value: string };
}

interface FormAction {
  id: string;
  title: string;
  button_style: 'primary' | 'default';
}

export interface Submission {
  actionId: string;
  actionText: string;
  inputs: Record<string, string>;
  renderedContent: string;
}

export interface HumanInputForm {
  id: string;
  token: string;
  appKey: string;
  runId: string;
  node: FlowNode;
  content: string;
  inputs: FormInput[];
  actions: FormAction[];
  expirationTime: number;
  submission?: Submission;
}

const commentField = 'comment';
const placeholder = `{{#$output.${commentField}#}}`;

/** A new approval form for a run; `expirySeconds` from now it can no longer be answered. */
export function approvalForm(run: { appKey: string; runId: string; query: string }, node: FlowNode, expirySeconds: number): HumanInputForm {
  return {
    id: randomUUID(),
    token: randomBytes(18).toString('base64url'),
    appKey: run.appKey,
    runId: run.runId,
    node,
    content: `Before the assistant answers "${run.query}", a person has to approve it. Add a note if you like:\n\n${placeholder}`,
    inputs: [{ type: 'paragraph', output_variable_name: commentField, default: { type: 'constant', selector: [], value: '' } }],
    actions: [
      { id: 'approve', title: 'Approve', button_style: 'primary' },
      { id: 'reject', title: 'Reject', button_style: 'default' },
    ],
    expirationTime: epochSeconds() + expirySeconds,
  };
}

const resolvedDefaults = (form: HumanInputForm): Record<string, string> =>
  Object.fromEntries(form.inputs.map((input) => [input.output_variable_name, input.default.value]));

/** `human_input_required.data`; the token is null once the form is answered (§6.1 extra_contents). */
export function requiredData(form: HumanInputForm): Record<string, unknown> {
  return {
    form_id: form.id,
    node_id: form.node.nodeId,
    node_title: form.node.title,
    form_content: form.content,
    inputs: form.inputs,
    actions: form.actions,
    display_in_ui: true,
    form_token: form.submission === undefined ? form.token : null,
    resolved_default_values: resolvedDefaults(form),
    expiration_time: form.expirationTime,
  };
}

/** One `workflow_paused.data.reasons[]` item: the form's fields in Dify's order, plus `TYPE` (§4.5). */
export function pauseReason(form: HumanInputForm): Record<string, unknown> {
  return {
    form_id: form.id,
    form_content: form.content,
    inputs: form.inputs,
    actions: form.actions,
    display_in_ui: true,
    node_id: form.node.nodeId,
    node_title: form.node.title,
    resolved_default_values: resolvedDefaults(form),
    form_token: form.token,
    expiration_time: form.expirationTime,
    TYPE: 'human_input_required',
  };
}

/** GET /form/human_input/{token} (§11.2). */
export function formBody(form: HumanInputForm): Record<string, unknown> {
  return {
    form_content: form.content,
    inputs: form.inputs,
    resolved_default_values: resolvedDefaults(form),
    user_actions: form.actions,
    expiration_time: form.expirationTime,
  };
}

/** 412 when answered or past its expiration time (§11.2). */
export function assertOpen(form: HumanInputForm): void {
  if (form.submission !== undefined) {
    throw new DifyHttpError(412, 'human_input_form_submitted', `This form has already been submitted by another user, form_id=${form.id}`);
  }
  if (epochSeconds() >= form.expirationTime) {
    throw new DifyHttpError(412, 'human_input_form_expired', `This form has expired, form_id=${form.id}`);
  }
}

const invalidFormData = (message: string): DifyHttpError => new DifyHttpError(400, 'invalid_form_data', message);

/** Checks an answer against the form (the message texts are the simulator's; Dify's are not recorded). */
export function readSubmission(form: HumanInputForm, inputs: Record<string, unknown>, actionId: string): Submission {
  const action = form.actions.find((candidate) => candidate.id === actionId);
  if (action === undefined) throw invalidFormData(`Invalid action: ${actionId}`);
  const values: Record<string, string> = {};
  for (const input of form.inputs) {
    const value = inputs[input.output_variable_name] ?? input.default.value;
    if (typeof value !== 'string') throw invalidFormData(`Input ${input.output_variable_name} must be a string`);
    values[input.output_variable_name] = value;
  }
  const renderedContent = form.content.replace(placeholder, values[commentField] ?? '');
  return { actionId: action.id, actionText: action.title, inputs: values, renderedContent };
}

/** Forms by token; a token of another app is "not found" there. */
export class FormRegistry {
  private readonly forms = new Map<string, HumanInputForm>();

  add(form: HumanInputForm): void {
    this.forms.set(form.token, form);
  }

  require(appKey: string, token: string): HumanInputForm {
    const form = this.forms.get(token);
    if (form === undefined || form.appKey !== appKey) throw notFound('Form not found');
    return form;
  }
}
