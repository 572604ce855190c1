import type { MediaStrings } from '../media/strings-en.ts';
import { waitUnits } from './wait.ts';

/**
 * Every visible English string: the built-in catalogue. Each language in ./locales/ has exactly these
 * keys (`satisfies Catalogue`) and is loaded on demand; hosts override single strings with
 * `difyWidgetConfig.strings`. Functions take the one value that varies; counts go through Intl.
 */
export const english = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  chatWith: (title: string) => `Chat with ${title}`,
  defaultTitle: 'Chat',
  newConversation: 'New conversation',
  conversation: 'Conversation',
  you: 'You',
  assistant: 'Assistant',
  /** A label before what it names ("You: "): the colon and its spacing differ by language. */
  labelled: (label: string) => `${label}: `,
  /** Sentences set one after another (Chinese and Japanese set them without a space). */
  sentences: (list: string[]) => list.join(' '),
  messagePlaceholder: 'Type your message…',
  messageLabel: 'Message',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  copy: 'Copy',
  copied: 'Copied',
  copyCode: 'Copy code',
  generate: 'Generate',
  result: 'Result',
  stopped: 'Stopped.',
  thinking: 'Thinking…',
  /** The folded reasoning once done; `seconds` is null for an answer loaded whole (from history). */
  thought: (seconds: number | null) => (seconds === null ? 'Thought' : `Thought for ${seconds} s`),
  loading: 'Loading…',
  earlierMessages: 'Show earlier messages',
  suggestions: 'Suggested questions',
  like: 'Helpful',
  dislike: 'Not helpful',
  copyAnswer: 'Copy answer',
  regenerate: 'Regenerate',
  dislikeReason: 'What was wrong? (optional)',
  skip: 'Skip',
  jumpToLatest: 'Jump to latest',
  charactersLeft: (count: number) => `Characters left: ${count.toLocaleString('en')}`,
  charactersOver: (count: number) => `Characters over the limit: ${count.toLocaleString('en')}`,
  newConversationStarted: 'New conversation started.',
  undo: 'Undo',
  expand: 'Larger chat',
  startForm: 'Before you start',
  optional: '(optional)',
  chooseOption: 'Choose…',
  answerReady: (text: string) => `Answer: ${text}`,
  answerStopped: 'Answer stopped.',
  answerPaused: (text: string) => `${text ? `Answer: ${text} ` : ''}The app is waiting for your response.`,
  moderated: 'This answer was replaced by the app’s content filter.',
  unsupportedInputs: (labels: string) => `This app also needs ${labels}, which this chat can’t ask for yet.`,
  conversations: 'Conversations',
  savedReply: 'A saved reply of the app',
  sources: 'Sources',
  steps: 'Steps',
  privacy: 'Privacy policy',
  issues: {
    required: 'Fill in this field.',
    'too-long': (maxLength: number) => `Use at most ${maxLength.toLocaleString('en')} characters.`,
    'not-a-number': 'Enter a number.',
    'not-an-option': 'Choose one of the options.',
  },
  problems: {
    offline: 'Couldn’t reach the chat service. Check your connection and try again.',
    rateLimited: (wait: number | undefined) =>
      wait === undefined
        ? 'Too many messages right now. Try again in a moment.'
        : `Too many messages right now. Try again ${new Intl.RelativeTimeFormat('en').format(...waitUnits(wait))}.`,
    session: 'Your chat session couldn’t be started or renewed. Reload the page and try again.',
    forbidden: 'This chat isn’t available on this website.',
    invalid: 'The message wasn’t accepted. Change it and try again.',
    notFound: 'This conversation no longer exists. Start a new conversation.',
    unavailable: 'The chat service is having problems. Try again in a little while.',
    interrupted: 'The answer stopped because of an error.',
    runFailed: 'The app couldn’t finish this answer.',
    runStopped: 'The app stopped before finishing this answer.',
    disconnected: 'The connection dropped before the answer finished.',
    unknown: 'Something went wrong.',
    loadFailed: 'Couldn’t load the chat.',
    historyFailed: 'Couldn’t load the earlier messages.',
  },
};

/**
 * The shape every language catalogue has. `media` (uploads and voice) is optional here because its English
 * lives in that feature's own chunk (widget/media/strings-en.ts); every language file has it.
 */
export type Catalogue = typeof english & { media?: MediaStrings };
export type Strings = Catalogue;
