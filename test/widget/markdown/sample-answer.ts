const section = (index: number): string => `## Step ${index}: configure the *proxy*

Here is what the proxy does in step ${index}, with **bold**, _emphasis_, ~~old~~ text, \`inline code\` and a
[link to the docs](https://docs.example.com/step/${index}) plus a bare URL https://example.com/${index}.

1. Install package ${index}
2. Set the environment variables:
   - \`DIFY_API_KEY\` — the secret key
   - \`ALLOWED_ORIGINS\` — a comma-separated list

   A note inside list ${index} that follows a blank line.

3. Start it

- [x] write config ${index}
- [ ] deploy ${index}

\`\`\`ts
// step ${index}
import { start } from './proxy';

const server = await start({ port: 8787 });

console.log(server.url);
\`\`\`

| Setting | Default | Notes |
|:--------|:-------:|------:|
| port | ${8000 + index} | \`PORT\` |
| origins | *none* | [see](https://example.com/origins) |

> **Tip ${index}:** keep the key on the server.
> Never ship it to the browser.

--- ${index} ---

***
`;

/** A realistic ~10 KB streamed answer that exercises every supported construct. */
export function sampleAnswer(targetLength = 10_000): string {
  let text = '# Setting up the widget\n\nAn introduction paragraph.\nWith a second line.\n\n';
  for (let index = 1; text.length < targetLength; index += 1) text += section(index);
  return `${text}That is all.\n`;
}

/** Splits text into tokens of `size` characters, like a model streaming its answer. */
export function tokens(text: string, size: number): string[] {
  const result: string[] = [];
  for (let start = 0; start < text.length; start += size) result.push(text.slice(start, start + size));
  return result;
}
