import type { AnswerState, RunPause } from '../core/answer.ts';
import type { DifyEvent } from '../core/dify-events.ts';
import { isRecord, readString, type JsonRecord } from '../core/guards.ts';
import { ProblemError } from '../core/http.ts';
import { closedBy, formRecord, readHumanInputForm, type FormClosed, type HumanInputForm } from './read-form.ts';
import type { Problem } from '../core/problems.ts';
import type { ProxyClient } from '../core/proxy-client.ts';

/** The visitor's answer to a form: a value per field, and the button they pressed. */
export interface FormReply {
  inputs: Record<string, string>;
  action: string;
}

/** The problem a failed request stands for (a ProblemError's, or an unexpected one). */
function problemOf(error: unknown): Problem {
  return error instanceof ProblemError ? error.problem : { kind: 'unknown', code: 'unexpected_error', detail: String(error) };
}

function formPath(token: string): string {
  return `form/human_input/${encodeURIComponent(token)}`;
}

/** A form answered: the resumed run's events, to be read by an answer run whose signal also ends them. */
interface AnsweredForm {
  open(signal: AbortSignal): Promise<ReadableStream<DifyEvent>>;
  cancel(): void;
}

/**
 * Answers a form of `answer`'s pause and returns the events of the run it resumes, or the problem
 * when it is refused (then the stream is closed). The run's events are opened first: Dify publishes
 * them on a channel that keeps nothing for late listeners, so a stream opened after the submit could
 * miss the start of the answer (dify-api.md §11.2). A form Dify calls answered, expired or gone comes
 * back closed in `closedAnswer`; a run that cannot be followed leaves the form as it was.
 */
export async function answerForm(
  client: ProxyClient,
  answer: AnswerState,
  form: HumanInputForm,
  reply: FormReply,
): Promise<AnsweredForm | { problem: Problem; closedAnswer?: AnswerState }> {
  if (!answer.pause || !form.token) return { problem: { kind: 'unknown', code: 'form_not_open' } };
  const events = new AbortController();
  let stream: ReadableStream<DifyEvent>;
  try {
    stream = await client.followRun(answer.pause.runId, events.signal);
  } catch (error) {
    return { problem: problemOf(error) };
  }
  try {
    await client.postJson(formPath(form.token), { inputs: reply.inputs, action: reply.action });
  } catch (error) {
    await stream.cancel().catch(() => undefined);
    const problem = problemOf(error);
    const closed = closedBy(problem.status, problem.code);
    return closed ? { problem, closedAnswer: withClosedForm(answer, form, closed) } : { problem };
  }
  return {
    open: async (signal) => {
      signal.addEventListener('abort', () => events.abort(), { once: true });
      return stream;
    },
    cancel: () => events.abort(),
  };
}

function withClosedForm(answer: AnswerState, form: HumanInputForm, closed: FormClosed): AnswerState {
  if (!answer.pause) return answer;
  const forms = answer.pause.forms.map((each) => (readString(each, 'form_token') === form.token ? { ...each, closed } : each));
  return { ...answer, pause: { ...answer.pause, forms } };
}

/**
 * Reads a restored form again (`GET /form/human_input/{token}`): the current text and defaults when it
 * is still open, closed when Dify says it was answered, expired or is gone, and the stored copy when
 * the read fails otherwise (offline, for example), so a failed read never hides a form.
 */
async function reread(client: ProxyClient, record: JsonRecord): Promise<JsonRecord> {
  const form = readHumanInputForm(record);
  if (!form?.token || form.closed) return record;
  try {
    const body = await client.getJson(formPath(form.token));
    const fresh = isRecord(body) ? readHumanInputForm(body) : undefined;
    // The read-back has no token or node title: those stay as the run sent them.
    return fresh ? formRecord({ ...fresh, token: form.token, title: form.title }) : record;
  } catch (error) {
    const problem = problemOf(error);
    const closed = closedBy(problem.status, problem.code);
    return closed ? { ...record, closed } : record;
  }
}

/** Re-reads every form of a pause restored after a reload. */
export async function reopenPause(client: ProxyClient, pause: RunPause): Promise<RunPause> {
  return { ...pause, forms: await Promise.all(pause.forms.map((form) => reread(client, form))) };
}
