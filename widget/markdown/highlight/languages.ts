import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// The languages models write most. Each definition brings its own aliases (js, ts, py, sh, zsh,
// html, svg, yml, md, h, hpp, golang, rs, patch…); `shell` is a console session ("$ command").
const definitions = { bash, c, cpp, css, diff, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, definition] of Object.entries(definitions)) hljs.registerLanguage(name, definition);
hljs.registerAliases(['console', 'terminal'], { languageName: 'shell' });

/** The token tree of `code` in `language` (a name or alias), or undefined when the language is not known here. */
export function highlightTokens(language: string, code: string): unknown {
  if (!hljs.getLanguage(language)) return undefined;
  const result = hljs.highlight(code, { language, ignoreIllegals: true });
  // The emitter's tree, not `result.value` (an HTML string): see token-tree.tsx.
  return Reflect.get(Reflect.get(result, '_emitter') ?? {}, 'rootNode');
}
