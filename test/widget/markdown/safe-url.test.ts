import { describe, expect, it } from 'vitest';
import { safeHref } from '../../../widget/markdown/safe-url.ts';

describe('safeHref', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['HTTP://Example.com/a b', 'http://example.com/a%20b'],
    ['  https://example.com/x?y=1#z  ', 'https://example.com/x?y=1#z'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(safeHref(raw)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/',
    '//evil.example/x',
    '/relative/path',
    'relative',
    '#fragment',
    'https:evil.example',
    'https:/evil.example',
    'ht\ttps://evil.example',
    'http://',
    '',
  ])('rejects %j', (raw) => {
    expect(safeHref(raw)).toBeNull();
  });
});
