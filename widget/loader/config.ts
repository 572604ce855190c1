import type { DisplayMode, PersistMode, Position, WidgetConfig } from '../shared/contract.ts';

/** Where an option came from, so a problem names it the way the site owner wrote it. */
type Source = 'attribute' | 'global';

interface RawOption {
  value: unknown;
  source: Source;
}

/** The validated options plus one message per problem (each names the option and what to write). */
export interface ConfigResult {
  config: WidgetConfig;
  problems: string[];
  /** Set when the widget cannot start at all (e.g. inline mode with no target). */
  fatal: boolean;
}

const optionNames = [
  'app',
  'title',
  'primary-color',
  'position',
  'open',
  'lang',
  'mode',
  'target',
  'persist',
  'identity',
  'strings',
] as const;
type OptionName = (typeof optionNames)[number];

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function spelled(name: OptionName, source: Source, value?: string): string {
  const written = source === 'attribute' ? `data-${name}` : `difyWidgetConfig.${camelCase(name)}`;
  if (value === undefined) return written;
  return source === 'attribute' ? `${written}="${value}"` : `${written}: ${JSON.stringify(value)}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function isColor(value: string): boolean {
  // Characters that can end a declaration are never part of a color, whatever the engine says.
  if (/[;{}<>]/.test(value)) return false;
  if (typeof CSS !== 'undefined' && typeof CSS.supports === 'function') return CSS.supports('color', value);
  return /^(#[0-9a-f]{3,8}|[a-z]+|(rgb|hsl)a?\([^;{}]*\))$/i.test(value);
}

function isSelector(value: string): boolean {
  try {
    document.createDocumentFragment().querySelector(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Collects options from `window.difyWidgetConfig` (camelCase or kebab-case keys) and the script's
 * `data-*` attributes, which win. Unknown `data-*` attributes are left alone (other tools use them),
 * except close misspellings of an option, which get a "did you mean".
 */
function collect(dataset: Record<string, string | undefined>, globalConfig: unknown, problems: string[]): Map<OptionName, RawOption> {
  const options = new Map<OptionName, RawOption>();
  const knownOption = (name: string) => optionNames.find((option) => option === name);
  if (globalConfig !== undefined && (typeof globalConfig !== 'object' || globalConfig === null || Array.isArray(globalConfig))) {
    problems.push('window.difyWidgetConfig must be an object, e.g. window.difyWidgetConfig = { app: "support" }; it was ignored.');
  } else if (globalConfig) {
    for (const [key, value] of Object.entries(globalConfig)) {
      const name = knownOption(kebabCase(key));
      if (name) options.set(name, { value, source: 'global' });
      else problems.push(`difyWidgetConfig.${key} is not an option; the options are ${optionNames.map(camelCase).join(', ')}.`);
    }
  }
  for (const [key, value] of Object.entries(dataset)) {
    const name = kebabCase(key);
    const option = knownOption(name);
    if (option) {
      options.set(option, { value, source: 'attribute' });
      continue;
    }
    const guess = optionNames.find((option) => distance(option, name) <= 2);
    if (guess) problems.push(`data-${name} is not an option; did you mean data-${guess}?`);
  }
  return options;
}

type Reader<T> = (text: string) => T | undefined;

function oneOf<T extends string>(...allowed: T[]): Reader<T> {
  return (text) => allowed.find((value) => value === text);
}

/** Validates the embed options once. Every bad option is reported and replaced by its default. */
export function readConfig(dataset: Record<string, string | undefined>, globalConfig: unknown): ConfigResult {
  const problems: string[] = [];
  const options = collect(dataset, globalConfig, problems);

  function read<T>(name: OptionName, reader: Reader<T>, advice: string): T | undefined {
    const option = options.get(name);
    if (option === undefined || option.value === undefined || option.value === null) return undefined;
    const text =
      typeof option.value === 'boolean' ? String(option.value) : typeof option.value === 'string' ? option.value.trim() : undefined;
    const value = text === undefined ? undefined : reader(text);
    if (value === undefined)
      problems.push(
        `${spelled(name, option.source, String(option.value))} is not valid: ${advice.replace(/\{([^}]+)\}/g, (_match, example: string) => spelled(name, option.source, example))}.`,
      );
    return value;
  }

  const config: WidgetConfig = {
    position: read<Position>('position', oneOf('right', 'left'), 'write {right} or {left}') ?? 'right',
    open:
      read(
        'open',
        (text) => (text === '' || text === 'true' ? true : text === 'false' ? false : undefined),
        'write {true} (or just data-open) or leave it out',
      ) ?? false,
    mode: read<DisplayMode>('mode', oneOf('bubble', 'inline'), 'write {bubble} or {inline} (with data-target)') ?? 'bubble',
    persist: read<PersistMode>('persist', oneOf('local', 'session', 'none'), 'write {local}, {session} or {none}') ?? 'local',
  };
  const app = read(
    'app',
    (text) => (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(text) ? text : undefined),
    'write the app id from the proxy config, e.g. {support} (letters, digits, ".", "-" and "_")',
  );
  const title = read('title', (text) => (text ? text.slice(0, 120) : undefined), 'write a short name, e.g. {Support}');
  const primaryColor = read('primary-color', (text) => (isColor(text) ? text : undefined), 'write a CSS color, e.g. {#155eef}');
  const lang = read(
    'lang',
    (text) => (/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(text) ? text : undefined),
    'write a language tag, e.g. {en} or {zh-Hans}',
  );
  const target = read(
    'target',
    (text) => (text && isSelector(text) ? text : undefined),
    'write a CSS selector of the element to render into, e.g. {#chat}',
  );
  const identity = read(
    'identity',
    (text) => (/^[\w-]+\.[\w-]+\.[\w-]*$/.test(text) ? text : undefined),
    'write the JWT your server signed for this visitor',
  );
  if (app) config.app = app;
  if (title) config.title = title;
  if (primaryColor) config.primaryColor = primaryColor;
  if (lang) config.lang = lang;
  if (target) config.target = target;
  if (identity) config.identity = identity;
  // Checked key by key where the catalogue is (the app chunk): whatever does not fit is ignored.
  const strings = options.get('strings');
  if (strings?.source === 'global') config.strings = strings.value;

  const fatal = config.mode === 'inline' && !config.target;
  if (fatal && !problems.some((problem) => problem.includes('target'))) {
    problems.push('mode "inline" needs a target: add data-target="#your-element" (a CSS selector of the element to render into).');
  }
  return { config, problems, fatal };
}
