// The daily budgets of the paid side endpoints, per visitor: characters read aloud (text-to-audio),
// seconds transcribed (audio-to-text) and bytes uploaded (both uploads). Text-to-audio reserves what the
// answer it reads costs before Dify is asked; an upload's size is known only once it has passed, so an
// upload is refused when the day's budget is already used up and counted when it ends. The upload slots
// (two per visitor at once) bound how far concurrent uploads can go past a budget.
import type { Request, Response } from 'express';
import { isRecord } from '../errors.ts';
import { createAudioMeter } from '../http/audio-seconds.ts';
import type { Reservation } from '../state/budgets.ts';
import { reserveOrRefuse, sideClaim } from './budget-guard.ts';
import type { HandlerContext } from './handler-context.ts';
import type { Endpoint } from './table.ts';

/** Characters charged for reading aloud an answer whose length the proxy did not count (older than this rule). */
const unknownAnswerChars = 1_000;

const nothing: Reservation = { settle: () => Promise.resolve() };

/** For text-to-audio: reserves the characters of the answer read aloud, or refuses with 429 `budget_exceeded`. */
export async function reserveSpeech(context: HandlerContext, req: Request, res: Response): Promise<Reservation> {
  const claim = sideClaim(context.app, res, 'speech');
  if (claim.limit === 0) return nothing;
  const messageId: unknown = isRecord(req.body) ? req.body['message_id'] : undefined;
  const known = typeof messageId === 'string' ? await context.receipts.answerLength(messageId) : undefined;
  return reserveOrRefuse(context.budgets, [claim], known ?? unknownAnswerChars);
}

/**
 * Speech Dify streamed with an answer (`tts_message`, the app's autoplay) is the answer read aloud, as
 * text-to-audio is: it counts against the same budget, its characters as the proxy counted them. It is
 * counted after the stream, never refused: Dify makes it as part of the answer, which the token budget
 * already allowed, and dropping the frames would save nothing. A visitor who used the budget up this way
 * is refused the speaker button's text-to-audio until the day ends.
 */
export async function chargeStreamedSpeech(context: HandlerContext, res: Response, characters: number): Promise<void> {
  const claim = sideClaim(context.app, res, 'speech');
  if (claim.limit > 0) await context.budgets.reserve([claim], characters);
}

/** An upload's meter: refuses a visitor whose budgets for today are used up, counts the file as it passes. */
export async function meterUpload(context: HandlerContext, res: Response, endpoint: Endpoint) {
  const transcribing = endpoint.name === 'audio-to-text';
  // Amount 0: a check now; what the upload really was is settled when it is over.
  const bytes = await reserveOrRefuse(context.budgets, [sideClaim(context.app, res, 'upload')], 0);
  const seconds = transcribing ? await reserveOrRefuse(context.budgets, [sideClaim(context.app, res, 'transcription')], 0) : nothing;
  const meter = createAudioMeter();
  return {
    onFileBytes: (chunk: Buffer) => meter.add(chunk),
    /** Every byte that passed counts; seconds only for a transcript Dify gave. */
    async settle(transcribed: boolean): Promise<void> {
      await Promise.all([bytes.settle(meter.bytes()), seconds.settle(transcribed ? meter.seconds() : 0)]);
    },
  };
}
