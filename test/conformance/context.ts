/** What every check of one mode on one channel shares. */
import type { DifyVersion } from '../../shared/dify-wire.ts';
import type { Channel } from './channel.ts';
import type { FormField } from './form.ts';
import type { ModeSpec } from './modes.ts';

export interface Queries {
  /** A question with a short answer: the stream checks. */
  readonly quick: string;
  /** A question whose answer takes long enough to be stopped halfway. */
  readonly slow: string;
}

export interface ModeRun {
  readonly mode: ModeSpec;
  readonly channel: Channel;
  readonly form: readonly FormField[];
  readonly queries: Queries;
  /** Names a site owner gave as required inputs; the first one the form marks required is left out on purpose. */
  readonly requiredInputs: readonly string[];
  /** Known for the simulator; undefined for a real Dify, where either documented variant passes. */
  readonly version: DifyVersion | undefined;
}
