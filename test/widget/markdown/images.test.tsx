import { waitFor } from '@testing-library/preact';
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { imageHostPatterns, imageMayLoad } from '../../../widget/markdown/image-policy.ts';
import { Markdown, MarkdownOptionsContext } from '../../../widget/markdown/index.ts';
import type { MarkdownOptions } from '../../../widget/markdown/options.ts';
import { makeContainer, root } from './render-markdown.tsx';

const proxyBase = 'https://chat.shop.example/';

function withOptions(source: string, options: MarkdownOptions): Element {
  const container = makeContainer();
  render(
    <MarkdownOptionsContext.Provider value={options}>
      <Markdown source={source} streaming={false} />
    </MarkdownOptionsContext.Provider>,
    container,
  );
  return root(container);
}

describe('images in answers', () => {
  it('loads an image from an allowed host, lazily and without a referrer, once the image chunk is in', async () => {
    const answer = withOptions('See ![the chart](https://cdn.shop.example/chart.png).', {
      config: { imageHosts: 'cdn.shop.example' },
      proxyBase,
    });
    await waitFor(() => expect(answer.querySelector('img')).not.toBeNull(), { timeout: 30_000 });
    const image = answer.querySelector('img');
    expect(image?.getAttribute('src')).toBe('https://cdn.shop.example/chart.png');
    expect(image?.getAttribute('alt')).toBe('the chart');
    expect(image?.getAttribute('loading')).toBe('lazy');
    expect(image?.getAttribute('referrerpolicy')).toBe('no-referrer');
  }, 40_000);

  it('keeps any other image a link with its alt text, which never fetches it', async () => {
    await import('../../../widget/markdown/markdown-image.tsx');
    const answer = withOptions('![secret](https://evil.example/?q=the-chat) and ![x](https://cdn.shop.example.evil.example/a.png)', {
      config: { imageHosts: 'cdn.shop.example' },
      proxyBase,
    });
    expect(answer.querySelector('img')).toBeNull();
    const links = [...answer.querySelectorAll('a')];
    expect(links.map((link) => [link.textContent, link.getAttribute('href'), link.className])).toEqual([
      ['secret', 'https://evil.example/?q=the-chat', 'dw-md-image-link'],
      ['x', 'https://cdn.shop.example.evil.example/a.png', 'dw-md-image-link'],
    ]);
  });

  it('loads nothing without options (no image-hosts, no proxy)', async () => {
    await import('../../../widget/markdown/markdown-image.tsx');
    const answer = withOptions('![a](https://cdn.shop.example/a.png)', {});
    expect(answer.querySelector('img')).toBeNull();
    expect(answer.querySelector('a')?.textContent).toBe('a');
  });

  it('loads files the proxy serves, whatever image-hosts says', async () => {
    await import('../../../widget/markdown/markdown-image.tsx');
    const answer = withOptions('![logo](https://chat.shop.example/files/logo.png)', { proxyBase });
    expect(answer.querySelector('img')?.getAttribute('src')).toBe('https://chat.shop.example/files/logo.png');
  });
});

describe('the image policy', () => {
  const options = (imageHosts: unknown): MarkdownOptions => ({ config: { imageHosts }, proxyBase });

  it.each([
    ['https://cdn.shop.example/a.png', 'cdn.shop.example', true],
    ['https://CDN.shop.example/a.png', 'cdn.shop.example', true],
    ['https://img.files.example/a.png', '*.files.example', true],
    ['https://a.b.files.example/a.png', ['*.files.example'], true],
    ['https://files.example/a.png', '*.files.example', false],
    ['https://evilfiles.example/a.png', '*.files.example', false],
    ['https://cdn.shop.example.evil.example/a.png', 'cdn.shop.example', false],
    ['https://cdn.shop.example:8443/a.png', 'cdn.shop.example', false],
    ['https://cdn.shop.example:8443/a.png', 'cdn.shop.example:8443', true],
    ['http://cdn.shop.example/a.png', 'cdn.shop.example', true],
    ['mailto:cdn.shop.example', 'cdn.shop.example', false],
    ['https://chat.shop.example/x.png', undefined, true],
    ['http://chat.shop.example/x.png', undefined, false],
    ['https://dify.example/files/0b9e/file-preview?timestamp=1&nonce=a&sign=b', undefined, false],
    ['https://dify.example/files/0b9e/file-preview?timestamp=1&nonce=a&sign=b', 'dify.example', true],
  ])('%s with image-hosts %j: %s', (href, hosts, expected) => {
    expect(imageMayLoad(href, options(hosts))).toBe(expected);
  });

  it('reads image-hosts written with spaces or commas, or as an array, and reports what is no host once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(imageHostPatterns('a.example, *.b.example  c.example:8080')).toEqual(['a.example', '*.b.example', 'c.example:8080']);
    expect(imageHostPatterns(['a.example', 7, 'https://x.example/'])).toEqual(['a.example']);
    expect(imageHostPatterns('https://x.example/')).toEqual([]);
    expect(imageHostPatterns(undefined)).toEqual([]);
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringContaining('"https://x.example/" is not a host name'),
    ]);
    warn.mockRestore();
  });
});
