import { describe, expect, it } from 'vitest';
import { loadEntityTable } from '../../../widget/markdown/entities.ts';
import { root, renderMarkdown } from './render-markdown.tsx';

function html(source: string): string {
  return root(renderMarkdown(source)).innerHTML;
}

function first(source: string, selector: string): Element {
  const element = renderMarkdown(source).querySelector(selector);
  if (!element) throw new Error(`no ${selector} rendered for ${JSON.stringify(source)}`);
  return element;
}

describe('block constructs', () => {
  it('renders ATX and setext headings at their level, without closing hashes', () => {
    expect(html('# One\n## Two ##\n###### Six')).toBe('<h1>One</h1><h2>Two</h2><h6>Six</h6>');
    expect(html('Title\n=====\n\nSub\n---')).toBe('<h1>Title</h1><h2>Sub</h2>');
  });

  it('does not treat seven hashes or a hash without a space as a heading', () => {
    expect(html('####### seven\n\n#hashtag')).toBe('<p>####### seven</p><p>#hashtag</p>');
  });

  it('renders paragraphs separated by blank lines and single newlines as line breaks', () => {
    expect(html('first line\nsecond line\n\nnext paragraph')).toBe('<p>first line<br>second line</p><p>next paragraph</p>');
  });

  it('renders a thematic break', () => {
    expect(html('above\n\n***\n\n- - -\n\nbelow')).toBe('<p>above</p><hr><hr><p>below</p>');
  });

  it('renders a blockquote with nested blocks and lazy continuation', () => {
    expect(html('> quoted **text**\nlazy line\n> > inner')).toBe(
      '<blockquote><p>quoted <strong>text</strong><br>lazy line</p><blockquote><p>inner</p></blockquote></blockquote>',
    );
  });

  it('renders a tight unordered list without paragraph wrappers', () => {
    expect(html('- one\n- two\n* other list')).toBe('<ul><li>one</li><li>two</li></ul><ul><li>other list</li></ul>');
  });

  it('renders a loose list with paragraphs and continuation paragraphs', () => {
    expect(html('- one\n\n- two\n\n  more of two')).toBe('<ul><li><p>one</p></li><li><p>two</p><p>more of two</p></li></ul>');
  });

  it('renders an ordered list with its start number', () => {
    const list = first('3. three\n4. four', 'ol');
    expect(list.getAttribute('start')).toBe('3');
    expect(Array.from(list.children, (item) => item.textContent)).toEqual(['three', 'four']);
    expect(first('1) one', 'ol').hasAttribute('start')).toBe(false);
  });

  it('renders nested lists, including a sub-list indented less than the content column', () => {
    expect(html('1. top\n   - nested\n     - deeper\n2. next')).toBe(
      '<ol><li>top<ul><li>nested<ul><li>deeper</li></ul></li></ul></li><li>next</li></ol>',
    );
    expect(html('- a\n  - b')).toBe('<ul><li>a<ul><li>b</li></ul></li></ul>');
  });

  it('renders task list items with a checked or unchecked box and no input element', () => {
    const container = renderMarkdown('- [x] done\n- [ ] to do\n- plain');
    const items = container.querySelectorAll('li');
    expect(items[0]?.className).toBe('dw-md-task');
    expect(items[0]?.textContent).toBe('☑ done');
    expect(items[1]?.textContent).toBe('☐ to do');
    expect(items[2]?.className).toBe('');
    expect(container.querySelector('input')).toBeNull();
  });

  it('renders a fenced code block verbatim with a sanitised language class and label', () => {
    const container = renderMarkdown('```C++ extra words\nint a = 1 < 2;\n\n**not bold**\n```');
    const code = container.querySelector('pre > code');
    expect(code?.className).toBe('language-cpp');
    expect(code?.textContent).toBe('int a = 1 < 2;\n\n**not bold**');
    expect(container.querySelector('.dw-md-code-lang')?.textContent).toBe('C++');
    expect(container.querySelector('strong')).toBeNull();
  });

  it('reduces a hostile info string to a harmless class name', () => {
    const code = first('```"><img/onerror=alert(1)>\nx\n```', 'pre > code');
    expect(code.className).toMatch(/^language-[a-z0-9-]+$/);
  });

  it('renders tilde fences, longer closing fences and indented code', () => {
    expect(first('~~~\na\n~~~~', 'pre').textContent).toBe('a');
    expect(first('    indented\n\n    code', 'pre').textContent).toBe('indented\n\ncode');
  });

  it('offers a real Copy button with an accessible name', () => {
    const button = first('```\ncode\n```', 'button');
    expect(button.getAttribute('type')).toBe('button');
    expect(button.textContent).toBe('Copy code');
  });

  it('renders a GFM table with alignment classes, escaped pipes and padded rows', () => {
    const container = renderMarkdown(
      'Intro\n| Left | Center | Right | None |\n|:--|:-:|--:|---|\n| a \\| b | `c` | 3 |\n| 1 | 2 | 3 | 4 | 5 |',
    );
    expect(container.querySelector('p')?.textContent).toBe('Intro');
    const headers = Array.from(container.querySelectorAll('th'), (cell) => [cell.textContent, cell.className]);
    expect(headers).toEqual([
      ['Left', 'dw-md-align-left'],
      ['Center', 'dw-md-align-center'],
      ['Right', 'dw-md-align-right'],
      ['None', ''],
    ]);
    const rows = Array.from(container.querySelectorAll('tbody tr'), (row) => Array.from(row.children, (cell) => cell.textContent));
    expect(rows).toEqual([
      ['a | b', 'c', '3', ''],
      ['1', '2', '3', '4'],
    ]);
    expect(container.querySelector('td code')?.textContent).toBe('c');
  });

  it('does not make a table when the delimiter row does not match the header', () => {
    expect(renderMarkdown('| a | b |\n|---|\n| 1 | 2 |').querySelector('table')).toBeNull();
  });
});

describe('inline constructs', () => {
  it('renders emphasis, strong, combined and strikethrough', () => {
    expect(html('*em* _em_ **strong** __strong__ ***both*** ~~gone~~ ~also~')).toBe(
      '<p><em>em</em> <em>em</em> <strong>strong</strong> <strong>strong</strong> <em><strong>both</strong></em> <del>gone</del> <del>also</del></p>',
    );
  });

  it('follows the flanking rules: intraword underscores and spaced stars stay literal', () => {
    expect(html('snake_case_name and 2 * 3 * 4 and a**b**c')).toBe('<p>snake_case_name and 2 * 3 * 4 and a<strong>b</strong>c</p>');
  });

  it('leaves unmatched delimiters as text', () => {
    expect(html('**unclosed and *half')).toBe('<p>**unclosed and *half</p>');
  });

  it('renders inline code without interpreting its content', () => {
    expect(html('use `` a`b `` and `<b>*x*</b>`')).toBe(
      '<p>use <code class="dw-md-code-inline">a`b</code> and <code class="dw-md-code-inline">&lt;b&gt;*x*&lt;/b&gt;</code></p>',
    );
  });

  it('renders links with a normalised href, rel and target', () => {
    const link = first('see [the *docs*](https://example.com/a "title")', 'a');
    expect(link.getAttribute('href')).toBe('https://example.com/a');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.innerHTML).toBe('the <em>docs</em>');
    expect(link.hasAttribute('title')).toBe(false);
  });

  it('keeps balanced parentheses and angle-bracket destinations in links', () => {
    expect(first('[w](https://en.wikipedia.org/wiki/Foo_(bar))', 'a').getAttribute('href')).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(first('[s](<https://example.com/with space>)', 'a').getAttribute('href')).toBe('https://example.com/with%20space');
  });

  it('renders mailto links, autolinks and bare URLs, trimming trailing punctuation', () => {
    const container = renderMarkdown('[mail](mailto:a@b.example) <https://x.example/p> <me@y.example> (see https://z.example/q?x=1).');
    expect(Array.from(container.querySelectorAll('a'), (link) => [link.getAttribute('href'), link.textContent])).toEqual([
      ['mailto:a@b.example', 'mail'],
      ['https://x.example/p', 'https://x.example/p'],
      ['mailto:me@y.example', 'me@y.example'],
      ['https://z.example/q?x=1', 'https://z.example/q?x=1'],
    ]);
    expect(container.textContent).toContain('https://z.example/q?x=1).');
  });

  it('renders an image as a link labelled with its alt text and never loads it', () => {
    const container = renderMarkdown('![a *cat*](https://img.example/cat.png)');
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://img.example/cat.png');
    expect(link?.textContent).toBe('a cat');
    expect(link?.className).toBe('dw-md-image-link');
    expect(container.querySelector('img')).toBeNull();
  });

  it('renders a link whose text holds an image as one link without nesting anchors', () => {
    const container = renderMarkdown('[![badge](https://img.example/b.svg)](https://example.com)');
    expect(container.querySelectorAll('a')).toHaveLength(1);
    expect(container.querySelector('a')?.textContent).toBe('badge');
  });

  it('decodes character references and backslash escapes into text', async () => {
    // Names beyond &amp; &lt; &gt; &quot; &apos; &nbsp; come with the entity table chunk.
    await loadEntityTable();
    expect(root(renderMarkdown('&amp; &lt;b&gt; &#65;&#x42; &copy; &bogus; \\*not em\\*')).textContent).toBe('& <b> AB © &bogus; *not em*');
  });

  it('turns a trailing backslash into a line break', () => {
    expect(html('a\\\nb')).toBe('<p>a<br>b</p>');
  });

  it('shows raw HTML as text', () => {
    const container = renderMarkdown('<b>bold?</b>\n\n<div class="x">block</div>');
    expect(container.querySelector('b, div.x')).toBeNull();
    expect(root(container).textContent).toBe('<b>bold?</b><div class="x">block</div>');
  });
});

describe('GFM autolinks', () => {
  it('links a www. address with http: and a bare https URL, without trailing punctuation', () => {
    const links = root(renderMarkdown('See www.example.com/docs. Or https://example.org/a_(b), thanks')).querySelectorAll('a');
    expect([...links].map((link) => [link.getAttribute('href'), link.textContent])).toEqual([
      ['http://www.example.com/docs', 'www.example.com/docs'],
      ['https://example.org/a_(b)', 'https://example.org/a_(b)'],
    ]);
  });

  it('leaves www inside a word alone', () => {
    expect(root(renderMarkdown('awww.example.com')).querySelector('a')).toBeNull();
  });
});
