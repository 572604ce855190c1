/**
 * The parts of the chat loaded after it opens, as one chunk: the row under finished answers (with the
 * dislike reason), the Undo after New conversation, the length counter near the limit, and the check
 * whether the app's emoji icon can be drawn. The header fetches it when the panel opens, before the
 * visitor can use any of them.
 */
export { AnswerActions } from './AnswerActions.tsx';
export { LengthCounter } from './LengthCounter.tsx';
export { UndoToast } from './UndoToast.tsx';
export { emojiDrawn } from './emoji-drawn.ts';
