/** The static per-app endpoints (`/parameters`, `/info`, `/site`, `/meta`) as fixtures by mode (pure). */
import {
  captureAppInfo,
  captureAppParameters,
  captureAppSite,
  isCaptureApp,
  workflowSpeechOff,
  workflowUploadOff,
} from './fixtures-capture.ts';
import { formFor, renderForm } from './input-form.ts';
import type { AppMode, SimulatedApp } from './types.ts';

/** Upload limits in MB, as `/parameters.system_parameters` echoes them. */
export interface SizeLimitsMb {
  image: number;
  other: number;
}

interface ModeFixture {
  name: string;
  icon: string;
  iconBackground: string;
  description: string;
  openingStatement: string;
  suggestedQuestions: string[];
}

const fixtures: Record<AppMode, ModeFixture> = {
  chat: {
    name: 'Demo Assistant',
    icon: '🤖',
    iconBackground: '#FFEAD5',
    description: 'A friendly chat assistant played by the local Dify simulator.',
    openingStatement: "Hello! I'm the demo assistant. Ask me anything, or try one of the questions below.",
    suggestedQuestions: ['What can you do?', 'scenario: markdown', 'echo: Hello, **world**! 👋'],
  },
  'agent-chat': {
    name: 'Demo Agent',
    icon: '🕵️',
    iconBackground: '#E0F2FE',
    description: 'An agent that thinks out loud and uses a clock tool.',
    openingStatement: 'I am an agent with tools. Ask me something and watch me think.',
    suggestedQuestions: ['What time is it?', 'scenario: markdown'],
  },
  agent: {
    name: 'Demo Agent Runtime',
    icon: '🧠',
    iconBackground: '#F3E8FF',
    description: 'An app on the Dify Agent runtime: it works quietly, then answers all at once.',
    openingStatement: 'I work through your question first and then answer in one go.',
    suggestedQuestions: ['What can you do?'],
  },
  'advanced-chat': {
    name: 'Demo Chatflow',
    icon: '🧭',
    iconBackground: '#EEF4FF',
    description: 'A chatflow whose answer comes from an LLM node inside a workflow.',
    openingStatement: 'Welcome to the chatflow demo. Every answer runs through a small workflow.',
    suggestedQuestions: ['How does a chatflow work?', 'scenario: markdown'],
  },
  completion: {
    name: 'Demo Writer',
    icon: '✍️',
    iconBackground: '#FEF7C3',
    description: 'Writes a short text about a topic, in the tone you choose.',
    openingStatement: '',
    suggestedQuestions: [],
  },
  workflow: {
    name: 'Demo Workflow',
    icon: '⚙️',
    iconBackground: '#F2F4F7',
    description: 'A workflow that turns a request into a short text.',
    openingStatement: '',
    suggestedQuestions: [],
  },
};

/** The app's display name: its own or the mode's default. */
function appName(app: SimulatedApp): string {
  return app.name ?? fixtures[app.mode].name;
}

/** The opening statement, with `{{variable}}` placeholders filled from the inputs. */
export function openingStatement(app: SimulatedApp, inputs: Record<string, unknown> = {}): string {
  if (isCaptureApp(app)) return '';
  return fixtures[app.mode].openingStatement.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (_match, name: string) => String(inputs[name] ?? ''));
}

/**
 * The file types the app's messages may carry: its own, or for chat apps images only, no custom extensions,
 * as Dify's editor saves an image-only app (capture 24).
 */
export function allowedFileTypes(app: SimulatedApp): readonly string[] {
  return app.fileTypes ?? (app.mode === 'chat' ? ['image'] : []);
}

/** The number of files a chat message may carry on apps with uploads enabled. */
export const fileNumberLimit = 3;

/** Whether the app accepts files in chat messages. */
export function acceptsFiles(app: SimulatedApp): boolean {
  return allowedFileTypes(app).length > 0;
}

/** Whether the app's features come from a published workflow (advanced-chat, workflow) rather than a model config. */
function isWorkflowBased(app: SimulatedApp): boolean {
  return app.mode === 'advanced-chat' || app.mode === 'workflow';
}

function fileUpload(app: SimulatedApp, limits: SizeLimitsMb): Record<string, unknown> {
  if (!acceptsFiles(app)) {
    // Never configured: an easy-UI app has only the legacy image block (capture 72), a workflow the current shape (24).
    if (isWorkflowBased(app)) return workflowUploadOff();
    return {
      image: { enabled: false, number_limits: 3, detail: 'high', transfer_methods: ['remote_url', 'local_file'] },
    };
  }
  return {
    enabled: true,
    allowed_file_types: allowedFileTypes(app),
    allowed_file_extensions: [],
    allowed_file_upload_methods: ['local_file', 'remote_url'],
    number_limits: fileNumberLimit,
    image: {
      enabled: allowedFileTypes(app).includes('image'),
      number_limits: fileNumberLimit,
      detail: 'high',
      transfer_methods: ['local_file', 'remote_url'],
    },
    fileUploadConfig: {
      file_size_limit: limits.other,
      batch_count_limit: 5,
      image_file_size_limit: limits.image,
      video_file_size_limit: 100,
      audio_file_size_limit: 50,
      workflow_file_upload_limit: 10,
    },
  };
}

/** Whether follow-up questions are on (`GET /messages/:id/suggested` answers 400 when not, §6.4). */
export function suggestsQuestions(app: SimulatedApp): boolean {
  return !isCaptureApp(app) && app.followUps === true;
}

/** GET /parameters. */
export function parametersFor(app: SimulatedApp, limits: SizeLimitsMb): Record<string, unknown> {
  if (isCaptureApp(app)) return captureAppParameters(app, limits);
  const fixture = fixtures[app.mode];
  const audio = app.audio === true;
  const workflowBased = isWorkflowBased(app);
  return {
    opening_statement: fixture.openingStatement,
    suggested_questions: fixture.suggestedQuestions,
    suggested_questions_after_answer: { enabled: suggestsQuestions(app) },
    speech_to_text: { enabled: audio },
    text_to_speech: audio
      ? { enabled: true, voice: 'alloy', language: 'en-US', autoPlay: app.autoPlay === true ? 'enabled' : 'disabled' }
      : workflowBased
        ? workflowSpeechOff
        : { enabled: false },
    retriever_resource: { enabled: app.citations !== false },
    annotation_reply: { enabled: false },
    more_like_this: { enabled: app.moreLikeThis === true },
    user_input_form: renderForm(formFor(app), workflowBased),
    // Moderation never configured: `enabled` alone from a workflow (captures 24, 56), `type` and `config` from a
    // model config (capture 72; dify-api.md's example shows `configs: []`, the recording wins).
    sensitive_word_avoidance: workflowBased ? { enabled: false } : { enabled: false, type: '', config: {} },
    file_upload: fileUpload(app, limits),
    system_parameters: {
      image_file_size_limit: limits.image,
      video_file_size_limit: 100,
      audio_file_size_limit: 50,
      file_size_limit: limits.other,
      workflow_file_upload_limit: 10,
    },
  };
}

/** GET /info. */
export function infoFor(app: SimulatedApp): Record<string, unknown> {
  if (isCaptureApp(app)) return captureAppInfo(app);
  return {
    name: appName(app),
    description: fixtures[app.mode].description,
    tags: ['demo'],
    mode: app.mode,
    author_name: 'Dify Simulator',
  };
}

/** GET /site. */
export function siteFor(app: SimulatedApp): Record<string, unknown> {
  if (isCaptureApp(app)) return captureAppSite(app);
  const fixture = fixtures[app.mode];
  return {
    title: appName(app),
    chat_color_theme: null,
    chat_color_theme_inverted: false,
    icon_type: 'emoji',
    icon: fixture.icon,
    icon_background: fixture.iconBackground,
    description: fixture.description,
    copyright: null,
    privacy_policy: null,
    custom_disclaimer: null,
    default_language: 'en-US',
    show_workflow_steps: true,
    use_icon_as_answer_icon: false,
    ...app.site,
    // Last, as in capture 27.
    icon_url: null,
  };
}

/** GET /meta. */
export function metaFor(app: SimulatedApp): Record<string, unknown> {
  if (app.mode !== 'agent-chat') return { tool_icons: {} };
  return { tool_icons: { current_time: { background: '#252525', content: '🕒' } } };
}
