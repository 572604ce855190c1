/** The simulator's canned texts: answers, the markdown showcase, follow-up questions and titles (pure). */

const capabilities =
  "I'm the Dify simulator standing in for a real model. I answer with canned text at a human pace, " +
  'and a few exact messages script my behaviour: "echo: <text>" repeats your text, "scenario: markdown" ' +
  'shows rich formatting, and "scenario: slow", "scenario: error-midstream", "scenario: drop" and ' +
  '"scenario: stall" reproduce the failures a real deployment can meet.';

const templates: ((topic: string) => string)[] = [
  (topic) =>
    `Good question about "${topic}". In short: start with the simplest thing that could work, measure it, ` +
    'and only then add complexity. Most problems shrink once you write down what "done" looks like. ' +
    'If you tell me more about your constraints, I can be more specific.',
  (topic) =>
    `Here is how I would think about "${topic}". First, separate what you know from what you assume. ` +
    'Second, pick one assumption and test it cheaply. Third, repeat until the answer stops changing. ' +
    'It sounds slow, but it is usually the fastest route to something reliable.',
  (topic) =>
    `Thanks for asking! "${topic}" comes up often. The honest answer is that it depends on your context, ` +
    'but a good default is to keep things small, observable and easy to undo. ' +
    'Would you like an example to make this concrete?',
  (topic) =>
    `Let me summarise "${topic}" in three sentences. There is a common core that almost everyone agrees on. ` +
    'Around it sit a few trade-offs where reasonable people differ. Knowing which trade-off matters to you ' +
    'is most of the work.',
];

function hashOf(text: string): number {
  let hash = 0;
  for (const character of text) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return hash;
}

function topicOf(query: string): string {
  const compact = query.replace(/\s+/g, ' ').trim();
  return compact.length > 60 ? `${compact.slice(0, 57)}...` : compact;
}

/** A plausible answer to any query, varied by the query text. */
export function cannedAnswer(query: string): string {
  const compact = query.trim().toLowerCase();
  if (compact === 'what can you do?' || compact === 'help') return capabilities;
  if (compact === 'what time is it?') return `It is ${new Date().toUTCString()} right now.`;
  const template = templates[hashOf(compact) % templates.length] ?? templates[0];
  return template === undefined ? capabilities : template(topicOf(query) || 'this');
}

/** A completion app's text for its inputs. */
export function completionText(topic: string, tone: string): string {
  const subject = topicOf(topic) || 'your topic';
  const opener =
    tone === 'formal'
      ? `The following is a brief overview of ${subject}.`
      : tone === 'playful'
        ? `Buckle up, we're talking about ${subject}!`
        : `Let's talk about ${subject}.`;
  return (
    `${opener} It is a subject with more depth than it first appears. ` +
    'A useful way in is to look at where it started, what problem it solved, and what changed since. ' +
    'From there the details fall into place, one question at a time.'
  );
}

/** The long markdown showcase of `scenario: markdown`. */
export const markdownShowcase = [
  '# Markdown showcase',
  '',
  'This answer uses **bold**, *italic*, ~~strikethrough~~ and `inline code`, plus a [link to Dify](https://dify.ai).',
  '',
  '## A list with nesting',
  '',
  '- First item',
  '- Second item with details:',
  '  - nested point one',
  '  - nested point two with `code`',
  '- Third item',
  '',
  '1. Ordered step',
  '2. Another step',
  '   1. A sub-step',
  '',
  '## A table',
  '',
  '| Mode | Streams | Conversations |',
  '| --- | :---: | ---: |',
  '| chat | yes | yes |',
  '| completion | yes | no |',
  '| workflow | yes | no |',
  '',
  '## Fenced code',
  '',
  '```ts',
  'function greet(name: string): string {',
  '  return `Hello, ${name}!`;',
  '}',
  '```',
  '',
  '> A blockquote: answers are rendered safely, and HTML such as <script>alert(1)</script> stays text.',
  '',
  '### Last words',
  '',
  'That is all. Email [support](mailto:support@example.com) if something looks off.',
].join('\n');

/** The follow-up questions of `/messages/:id/suggested`, based on the message's query. */
export function followUpQuestions(query: string): string[] {
  const topic = topicOf(query) || 'this';
  return [`Can you give an example of ${topic}?`, 'What are the common pitfalls?', 'Where can I learn more?'];
}

/** A chatflow's answer once its approval form was answered (`scenario: approval`). */
export function approvalAnswer(query: string, actionId: string, comment: string): string {
  const note = comment.trim() === '' ? '' : ` The reviewer noted: "${comment.trim()}".`;
  if (actionId === 'approve') return `Approved.${note} ${cannedAnswer(query)}`;
  return `The reviewer rejected this answer.${note} Please ask again in other words.`;
}

/** A new conversation's name: its first query, cut to 20 characters plus "…" when longer (§7). */
export function firstQueryName(query: string): string {
  const characters = [...query];
  return characters.length > 20 ? `${characters.slice(0, 20).join('')}…` : query;
}

/** The title the model generates with `auto_generate_name` (the simulator's: the query, collapsed). */
export function conversationTitle(query: string): string {
  const compact = query.replace(/\s+/g, ' ').trim();
  if (compact === '') return 'New conversation';
  return compact.length > 40 ? `${compact.slice(0, 40)}...` : compact;
}
