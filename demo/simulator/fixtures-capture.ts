/**
 * `/parameters` of the capture apps (the `flow`s other than `llm`): every feature off, as the 1.13.3 server
 * answered for the apps in `shared/dify-captures/1.13.3/apps/` (captures 24, 25, 56).
 */
import { formFor, renderForm } from './input-form.ts';
import type { SimulatedApp } from './types.ts';

/** An advanced-chat or workflow app running one of the recorded graphs. */
export function isCaptureApp(app: SimulatedApp): boolean {
  return (app.mode === 'advanced-chat' || app.mode === 'workflow') && app.flow !== undefined && app.flow !== 'llm';
}

const uploadMethods = ['local_file', 'remote_url'];

/**
 * How a chatflow or workflow app's features read when never configured (captures 24, 25, 56): the upload block
 * in the current shape (`enabled` and `allowed_*` beside a legacy `image`), text to speech with empty voice and
 * language, and content moderation as `enabled` alone. Easy-UI apps differ (capture 72, fixtures.ts).
 */
export function workflowUploadOff(): Record<string, unknown> {
  return {
    enabled: false,
    allowed_file_types: ['image'],
    allowed_file_extensions: [],
    allowed_file_upload_methods: uploadMethods,
    number_limits: 3,
    image: { enabled: false, number_limits: 3, transfer_methods: uploadMethods },
  };
}

export const workflowSpeechOff = { enabled: false, language: '', voice: '' };

export function captureAppParameters(app: SimulatedApp, limits: { image: number; other: number }): Record<string, unknown> {
  return {
    opening_statement: '',
    suggested_questions: [],
    suggested_questions_after_answer: { enabled: false },
    speech_to_text: { enabled: false },
    text_to_speech: workflowSpeechOff,
    retriever_resource: { enabled: false },
    annotation_reply: { enabled: false },
    more_like_this: { enabled: false },
    user_input_form: renderForm(formFor(app), true),
    sensitive_word_avoidance: { enabled: false },
    file_upload: workflowUploadOff(),
    system_parameters: {
      image_file_size_limit: limits.image,
      video_file_size_limit: 100,
      audio_file_size_limit: 50,
      file_size_limit: limits.other,
      workflow_file_upload_limit: 10,
    },
  };
}

/** GET /info of a capture app (capture 26). */
export function captureAppInfo(app: SimulatedApp): Record<string, unknown> {
  return { name: app.name ?? app.key, description: '', tags: [], mode: app.mode, author_name: 'admin' };
}

/** GET /site of a capture app (capture 27): Dify's defaults for an app nobody customised. */
export function captureAppSite(app: SimulatedApp): Record<string, unknown> {
  return {
    title: app.name ?? app.key,
    chat_color_theme: null,
    chat_color_theme_inverted: false,
    icon_type: 'emoji',
    icon: '🤖',
    icon_background: '#FFEAD5',
    description: null,
    copyright: null,
    privacy_policy: null,
    custom_disclaimer: '',
    default_language: 'en-US',
    show_workflow_steps: true,
    use_icon_as_answer_icon: false,
    icon_url: null,
  };
}
