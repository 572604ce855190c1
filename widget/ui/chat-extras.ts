/**
 * The row under finished answers (copy, regenerate, like, dislike), loaded with the first answer
 * that has one. The parts few visitors reach (the dislike reason, the Undo after New conversation,
 * the length counter near the limit, the emoji check of the app's icon) are in rare-extras.ts.
 */
export { AnswerActions } from './AnswerActions.tsx';
