import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { describeApp, type AppDescription, type InputField } from '../core/app-info.ts';
import { ProblemError } from '../core/http.ts';
import { continuationInputs, initialValues, inputsPayload, validateInputs, type InputIssue, type InputValues } from '../core/inputs.ts';
import { createStateStore, storageKey, type StateStore, type StoredConversation } from '../core/persisted-state.ts';
import type { Problem } from '../core/problems.ts';
import { createProxyClient, type ProxyClient } from '../core/proxy-client.ts';
import { createSessionKeeper, type SessionKeeper } from '../core/session.ts';
import { createStore, type KeyValueStore } from '../core/storage.ts';
import type { EmitEvent, WidgetConfig } from '../shared/contract.ts';
import type { FrameScheduler } from './answer-sink.ts';
import { createChatModel } from './chat-model.ts';
import type { ChatModel, SendOutcome } from './chat-types.ts';
import { createCompletionModel, type CompletionModel } from './completion-model.ts';
import { createReporter, type Reporter } from './reporting.ts';
import type { Turn } from './turn.ts';

export interface WidgetModelOptions {
  config: WidgetConfig;
  proxyBase: string;
  emit: EmitEvent;
  fetch?: typeof fetch;
  store?: KeyValueStore;
  schedule?: FrameScheduler;
}

/** What the lazily loaded parts (conversations drawer, workflow view, completion extras) build on. */
export interface WidgetServices {
  client: ProxyClient;
  report: Reporter;
  /** The `inputs` body of a new run: the form's values with the host's `setInputs` on top. */
  payload: () => Record<string, unknown>;
  /** The widget's own record (session, conversation to reopen). */
  state: StateStore;
  /** This instance's storage and key: a part keeps its own record under `${key}:<part>`. */
  store: KeyValueStore;
  key: string;
}

/** Everything one widget instance knows, and every action its UI and JS API can take. */
export interface WidgetModel {
  config: WidgetConfig;
  app: ReadonlySignal<AppDescription | undefined>;
  loadProblem: ReadonlySignal<Problem | undefined>;
  inputValues: ReadonlySignal<InputValues>;
  inputIssues: ReadonlySignal<Record<string, InputIssue>>;
  /**
   * The fields the visitor fills in: the app's inputs minus hidden ones and those the host page set
   * with `setInputs`. Only these are checked here; the app itself reports any others it lacks.
   */
  formFields: ReadonlySignal<InputField[]>;
  chat: ChatModel;
  completion: CompletionModel;
  services: WidgetServices;
  /** Loads the app's description (and the stored conversation) once; later calls return the same promise. */
  activate(): Promise<void>;
  setInputValue(variable: string, value: string): void;
  setInputs(inputs: Record<string, unknown>): void;
  /** Validates the form; returns false (and records the issues) when it cannot be sent. */
  checkInputs(): boolean;
  /** Loads the app if needed, then sends a chat message (and files); resolves once its answer has ended. */
  sendMessage(text: string, files?: Turn['files']): Promise<SendOutcome>;
  /** The transport and session, for the lazily loaded upload and voice features. */
  client: ProxyClient;
  sessions: SessionKeeper;
  /** Starts afresh; returns the conversation put aside, for `chat.restore` (Undo). */
  newConversation(): StoredConversation | undefined;
  identify(identityToken: string): Promise<void>;
  logout(): Promise<void>;
  dispose(): void;
}

/** Wires storage, session, transport and the chat/completion models for one instance. */
export function createWidgetModel(options: WidgetModelOptions): WidgetModel {
  const { config, proxyBase } = options;
  const fetchImplementation = options.fetch ?? ((input, init) => fetch(input, init));
  const store = options.store ?? createStore(config.persist);
  const key = storageKey(proxyBase, config.app);
  const state = createStateStore(store, key);
  const sessions = createSessionKeeper({
    proxyBase,
    fetch: fetchImplementation,
    state,
    ...(config.identity ? { identity: config.identity } : {}),
    ...(config.app ? { app: config.app } : {}),
  });
  const client = createProxyClient({ proxyBase, fetch: fetchImplementation, sessions, ...(config.app ? { app: config.app } : {}) });
  const report = createReporter(options.emit);

  const app = signal<AppDescription | undefined>(undefined);
  const loadProblem = signal<Problem | undefined>(undefined);
  const preset = signal<Record<string, unknown>>({});
  const inputValues = signal<InputValues>({});
  const inputIssues = signal<Record<string, InputIssue>>({});
  const formFields = computed(() => (app.value?.inputs ?? []).filter((field) => !field.hidden && !(field.variable in preset.value)));
  const payload = () => inputsPayload(app.peek()?.inputs ?? [], inputValues.peek(), preset.peek());

  const chatInputs = (conversation: Record<string, unknown> | undefined) =>
    conversation ? continuationInputs(app.peek()?.inputs ?? [], conversation, preset.peek()) : payload();
  const chat = createChatModel({ client, state, sessions, report, inputs: chatInputs, checkInputs, schedule: options.schedule });
  const completion = createCompletionModel({ client, report, inputs: payload, schedule: options.schedule });
  let activation: Promise<void> | undefined;

  async function load(): Promise<void> {
    loadProblem.value = undefined;
    try {
      // /site is optional in Dify (403 when the app has no WebApp settings): fall back to /info's name.
      const [info, site, parameters] = await Promise.all([
        client.getJson('info'),
        client.getJson('site').catch(() => undefined),
        client.getJson('parameters'),
      ]);
      const description = describeApp(info, site, parameters);
      description.maxQueryChars = Number(client.headers?.get('dify-widget-max-query-chars')) || undefined;
      batch(() => {
        app.value = description;
        inputValues.value = initialValues(description.inputs, preset.peek());
      });
      if (description.kind === 'chat') await chat.restore();
    } catch (error) {
      const problem = error instanceof ProblemError ? error.problem : { kind: 'unknown' as const, code: 'load_failed' };
      loadProblem.value = problem;
      report.problem(problem);
      activation = undefined;
    }
  }

  function checkInputs(): boolean {
    // A field the visitor cannot see cannot be fixed by them: refusing to send would be silent.
    const issues = validateInputs(formFields.peek(), inputValues.peek());
    inputIssues.value = issues;
    return Object.keys(issues).length === 0;
  }

  function activate(): Promise<void> {
    activation ??= load();
    return activation;
  }

  function newConversation(): StoredConversation | undefined {
    return batch(() => {
      const putAside = chat.newConversation();
      completion.reset();
      const description = app.peek();
      if (description) inputValues.value = initialValues(description.inputs, preset.peek());
      inputIssues.value = {};
      return putAside;
    });
  }

  return {
    config,
    app,
    loadProblem,
    inputValues,
    inputIssues,
    formFields,
    chat,
    completion,
    services: { client, report, payload, state, store, key },
    activate,
    setInputValue(variable, value) {
      inputValues.value = { ...inputValues.peek(), [variable]: value };
      if (inputIssues.peek()[variable]) {
        const { [variable]: _fixed, ...rest } = inputIssues.peek();
        inputIssues.value = rest;
      }
    },
    setInputs(inputs) {
      preset.value = { ...preset.peek(), ...inputs };
      const fields = app.peek()?.inputs;
      if (!fields) return;
      const known = Object.fromEntries(Object.entries(inputs).filter(([key]) => fields.some((field) => field.variable === key)));
      inputValues.value = {
        ...inputValues.peek(),
        ...initialValues(
          fields.filter((field) => field.variable in known),
          known,
        ),
      };
    },
    checkInputs,
    async sendMessage(text, files) {
      await activate();
      // Not loaded (or failed to load), or a completion or workflow app: there is no chat to send to.
      if (app.peek()?.kind !== 'chat') return 'unavailable';
      return chat.send(text, files);
    },
    client,
    sessions,
    newConversation,
    async identify(identityToken) {
      const before = state.read().session?.user;
      const session = await sessions.identify(identityToken);
      if (session.user !== before) newConversation();
    },
    async logout() {
      newConversation();
      sessions.forget();
      state.clear();
    },
    dispose() {
      chat.stop();
      completion.stop();
    },
  };
}
