import type { AppFamily, AppMode } from '../../shared/dify-wire.ts';
import { isRecord, readBoolean, readNumber, readRecord, readString, readStrings, type JsonRecord } from './guards.ts';

/** Which widget experience an app gets: a chat (chat, agent-chat, advanced-chat), a generator or a workflow run. */
type AppKind = AppFamily;

const kindOfMode = {
  chat: 'chat',
  'agent-chat': 'chat',
  agent: 'chat',
  'advanced-chat': 'chat',
  completion: 'completion',
  workflow: 'workflow',
} as const satisfies Record<AppMode, AppKind>;

/** One field of the app's input form (`user_input_form`) that the widget can render. */
export interface InputField {
  type: 'text-input' | 'paragraph' | 'select' | 'number' | 'checkbox' | 'json_object' | 'file' | 'file-list';
  variable: string;
  label: string;
  required: boolean;
  maxLength?: number;
  options: string[];
  defaultValue: string;
  hidden: boolean;
}

export type AppIcon = { kind: 'emoji'; emoji: string; background?: string } | { kind: 'image'; url: string };

/** What the widget shows about the app, from `/info`, `/site` and `/parameters` together. */
export interface AppDescription {
  kind: AppKind;
  /** Dify's mode string as reported, e.g. `advanced-chat`. */
  mode: string;
  title: string;
  icon?: AppIcon;
  description?: string;
  openingStatement: string;
  suggestedQuestions: string[];
  inputs: InputField[];
  /** Required inputs of types the widget cannot render (`external_data_tool`, newer ones): shown as a notice. */
  unsupportedRequiredInputs: string[];
  /** The longest message the proxy accepts (its MAX_QUERY_CHARS), when it says. */
  maxQueryChars?: number | undefined;
  /** Dify's `default_language` (`/site`, else `/parameters`), e.g. `zh-Hans`, `ja-JP`. */
  language?: string;
  /** `/parameters` as Dify sent it: a lazily loaded part narrows the feature it shows (`more_like_this`…) itself. */
  parameters: JsonRecord;
  /** `/parameters` features: citations under answers, follow-up questions after them. */
  sources: boolean;
  followUps: boolean;
  /** `/site` as sent, for the parts that read the rest of it lazily (show_workflow_steps, disclaimer, links). */
  site: JsonRecord;
  /** `/site` `chat_color_theme` when it is a hex colour (the embed's `primary-color` wins). */
  color?: string;
}

const featureOn = (parameters: JsonRecord, key: string) => readRecord(parameters, key)?.enabled === true;

function isFieldType(type: string): type is InputField['type'] {
  return ['text-input', 'paragraph', 'select', 'number', 'checkbox', 'json_object', 'file', 'file-list'].includes(type);
}

function readField(type: InputField['type'], config: JsonRecord): InputField | undefined {
  const variable = readString(config, 'variable');
  if (!variable) return undefined;
  const field: InputField = {
    type,
    variable,
    label: readString(config, 'label') || variable,
    required: readBoolean(config, 'required') ?? false,
    options: readStrings(config, 'options'),
    // A JSON object's default is an object: shown as its JSON text.
    defaultValue: isRecord(config.default) ? JSON.stringify(config.default) : String(config.default ?? ''),
    hidden: readBoolean(config, 'hide') ?? false,
  };
  const maxLength = readNumber(config, 'max_length');
  // A file list's `max_length` counts files, not characters: its own part (media/FileField.tsx) reads it.
  if (maxLength !== undefined && maxLength > 0 && type !== 'file-list') field.maxLength = maxLength;
  return field;
}

function readForm(parameters: JsonRecord): { inputs: InputField[]; unsupportedRequiredInputs: string[] } {
  const inputs: InputField[] = [];
  const unsupportedRequiredInputs: string[] = [];
  const form = Array.isArray(parameters.user_input_form) ? parameters.user_input_form : [];
  for (const entry of form) {
    if (!isRecord(entry)) continue;
    for (const [type, config] of Object.entries(entry)) {
      if (!isRecord(config)) continue;
      const field = isFieldType(type) ? readField(type, config) : undefined;
      if (field) inputs.push(field);
      else if (config.required === true)
        unsupportedRequiredInputs.push(readString(config, 'label') || readString(config, 'variable') || type);
    }
  }
  return { inputs, unsupportedRequiredInputs };
}

function readIcon(site: JsonRecord): AppIcon | undefined {
  const icon = readString(site, 'icon');
  // A `link` icon keeps its URL in `icon` (`icon_url` is only for `image`, §10.4); an emoji never passes the test.
  const url = readString(site, 'icon_url') || icon;
  if (url && /^https?:/i.test(url)) return { kind: 'image', url };
  if (readString(site, 'icon_type') === 'emoji' && icon) {
    const background = readString(site, 'icon_background');
    return background ? { kind: 'emoji', emoji: icon, background } : { kind: 'emoji', emoji: icon };
  }
  return undefined;
}

/** Which widget experience a Dify mode string gets. Unknown modes are treated as chat. */
function appKindOf(mode: string): AppKind {
  return isKnownMode(mode) ? kindOfMode[mode] : 'chat';
}

function isKnownMode(mode: string): mode is AppMode {
  return Object.hasOwn(kindOfMode, mode);
}

/** Narrows the three responses into one description; missing or malformed parts fall back to empty. */
export function describeApp(info: unknown, site: unknown, parameters: unknown): AppDescription {
  const infoRecord = isRecord(info) ? info : {};
  const siteRecord = isRecord(site) ? site : {};
  const parameterRecord = isRecord(parameters) ? parameters : {};
  const mode = readString(infoRecord, 'mode') ?? 'chat';
  const description: AppDescription = {
    kind: appKindOf(mode),
    mode,
    title: readString(siteRecord, 'title') || readString(infoRecord, 'name') || '',
    openingStatement: readString(parameterRecord, 'opening_statement') ?? '',
    suggestedQuestions: readStrings(parameterRecord, 'suggested_questions').filter((question) => question.trim() !== ''),
    ...readForm(parameterRecord),
    parameters: parameterRecord,
    sources: featureOn(parameterRecord, 'retriever_resource'),
    followUps: featureOn(parameterRecord, 'suggested_questions_after_answer'),
    site: siteRecord,
  };
  const color = readString(siteRecord, 'chat_color_theme');
  // Only a hex colour: it becomes a CSS custom property of the widget.
  if (color && /^#[\da-f]{3,8}$/i.test(color)) description.color = color;
  const icon = readIcon(siteRecord);
  if (icon) description.icon = icon;
  const about = readString(siteRecord, 'description') || readString(infoRecord, 'description');
  if (about) description.description = about;
  const language = readString(siteRecord, 'default_language') || readString(parameterRecord, 'default_language');
  if (language) description.language = language;
  return description;
}
