/**
 * The chat's parts few visitors reach, as one chunk fetched the first time one is needed: the
 * dislike reason, the Undo after New conversation, and the length counter near the proxy's limit.
 */
export { FeedbackReason } from './FeedbackReason.tsx';
export { LengthCounter } from './LengthCounter.tsx';
export { UndoToast } from './UndoToast.tsx';
