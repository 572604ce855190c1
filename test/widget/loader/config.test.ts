import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../widget/loader/config.ts';

describe('embed options', () => {
  it('applies the defaults when nothing is set', () => {
    expect(readConfig({}, undefined)).toEqual({
      config: { position: 'right', open: false, mode: 'bubble', persist: 'local' },
      problems: [],
      fatal: false,
    });
  });

  it('reads data-* attributes (as the dataset gives them)', () => {
    const { config, problems } = readConfig(
      {
        app: 'support',
        title: 'Help',
        primaryColor: '#0a7',
        position: 'left',
        open: '',
        lang: 'zh-Hans',
        mode: 'inline',
        target: '#chat',
        persist: 'session',
        identity: 'aaa.bbb.ccc',
      },
      undefined,
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      app: 'support',
      title: 'Help',
      primaryColor: '#0a7',
      position: 'left',
      open: true,
      lang: 'zh-Hans',
      mode: 'inline',
      target: '#chat',
      persist: 'session',
      identity: 'aaa.bbb.ccc',
    });
  });

  it('reads window.difyWidgetConfig in camelCase or kebab-case, and data-* attributes win', () => {
    const { config } = readConfig({ position: 'left' }, { primaryColor: 'rebeccapurple', persist: 'none', position: 'right', open: true });
    expect(config).toMatchObject({ primaryColor: 'rebeccapurple', persist: 'none', position: 'left', open: true });
    expect(readConfig({}, { 'primary-color': 'red' }).config.primaryColor).toBe('red');
  });

  it.each([
    [{ position: 'center' }, 'data-position="center" is not valid: write data-position="right" or data-position="left".'],
    [
      { persist: 'cookie' },
      'data-persist="cookie" is not valid: write data-persist="local", data-persist="session" or data-persist="none".',
    ],
    [{ mode: 'popup' }, 'data-mode="popup" is not valid: write data-mode="bubble" or data-mode="inline" (with data-target).'],
    [{ primaryColor: 'blu;e' }, 'data-primary-color="blu;e" is not valid: write a CSS color, e.g. data-primary-color="#155eef".'],
    [{ open: 'yes' }, 'data-open="yes" is not valid: write data-open="true" (or just data-open) or leave it out.'],
    [
      { app: '../admin' },
      'data-app="../admin" is not valid: write the app id from the proxy config, e.g. data-app="support" (letters, digits, ".", "-" and "_").',
    ],
    [
      { lang: 'english please' },
      'data-lang="english please" is not valid: write a language tag, e.g. data-lang="en" or data-lang="zh-Hans".',
    ],
    [{ identity: 'not a jwt' }, 'data-identity="not a jwt" is not valid: write the JWT your server signed for this visitor.'],
  ])('names a bad attribute %o and says what to write instead', (dataset, message) => {
    const result = readConfig(dataset, undefined);
    expect(result.problems).toEqual([message]);
    expect(result.fatal).toBe(false);
  });

  it('passes difyWidgetConfig.strings on to the app (checked there), and has no data- form of it', () => {
    const strings = { send: 'Ask', problems: { offline: 'Down.' } };
    const fromGlobal = readConfig({ lang: 'de' }, { strings });
    expect(fromGlobal.config.strings).toBe(strings);
    expect(fromGlobal.config.lang).toBe('de');
    expect(fromGlobal.problems).toEqual([]);
    expect(readConfig({ strings: '{"send":"Ask"}' }, undefined).config.strings).toBeUndefined();
  });

  it('passes image-hosts and mermaid on as written (the markdown parts that use them check them)', () => {
    const fromAttributes = readConfig({ imageHosts: 'cdn.example.com *.example.org', mermaid: 'on' }, undefined);
    expect(fromAttributes.config.imageHosts).toBe('cdn.example.com *.example.org');
    expect(fromAttributes.config.mermaid).toBe('on');
    expect(fromAttributes.problems).toEqual([]);
    const fromGlobal = readConfig({}, { imageHosts: ['cdn.example.com'], mermaid: true });
    expect(fromGlobal.config).toMatchObject({ imageHosts: ['cdn.example.com'], mermaid: true });
    expect(readConfig({ imageHost: 'x' }, undefined).problems).toEqual([
      'data-image-host is not an option; did you mean data-image-hosts?',
    ]);
  });

  it('names a bad global option the way it was written', () => {
    expect(readConfig({}, { position: 'middle' }).problems).toEqual([
      'difyWidgetConfig.position: "middle" is not valid: write difyWidgetConfig.position: "right" or difyWidgetConfig.position: "left".',
    ]);
  });

  it('falls back to the default for a bad option and keeps the good ones', () => {
    expect(readConfig({ position: 'up', title: 'Ok' }, undefined).config).toMatchObject({ position: 'right', title: 'Ok' });
  });

  it('suggests the option a misspelled data attribute meant, and leaves unrelated data attributes alone', () => {
    expect(readConfig({ positon: 'left', cfasync: 'false', turboTrack: 'reload' }, undefined).problems).toEqual([
      'data-positon is not an option; did you mean data-position?',
    ]);
  });

  it('reports unknown global options and a global config that is not an object', () => {
    expect(readConfig({}, { colour: 'red' }).problems[0]).toMatch(
      /^difyWidgetConfig.colour is not an option; the options are app, title, primaryColor/,
    );
    expect(readConfig({}, 'app=x').problems[0]).toMatch(/must be an object/);
  });

  it('refuses to start inline without a target, saying what to add', () => {
    const result = readConfig({ mode: 'inline' }, undefined);
    expect(result.fatal).toBe(true);
    expect(result.problems).toEqual([
      'mode "inline" needs a target: add data-target="#your-element" (a CSS selector of the element to render into).',
    ]);
  });

  it('rejects a target that is not a CSS selector', () => {
    const result = readConfig({ mode: 'inline', target: '##' }, undefined);
    expect(result.fatal).toBe(true);
    expect(result.problems[0]).toMatch(/data-target="##" is not valid: write a CSS selector/);
  });
});
