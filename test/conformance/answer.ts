/**
 * One generation's stream read the way a client must read it (dify-api.md checklist 2): up to the frame
 * that ends the answer, then on for a bounded while to see whether the server closes the stream.
 */
import type { Bounds } from './channel.ts';
import type { JsonObject } from './json.ts';
import type { ModeSpec } from './modes.ts';
import type { Block, BlockReader } from './sse.ts';

export interface Answer {
  /** Every block read, in order. */
  readonly blocks: readonly Block[];
  /** The index in `blocks` of the frame that ended the answer, when one came. */
  readonly terminal: number | undefined;
  /** How the stream was left: closed by the server, broken, or still open when the suite stopped reading. */
  readonly end: 'eof' | 'broken' | 'open';
}

export type DataBlock = Extract<Block, { kind: 'data' }>;

export function dataFrames(blocks: readonly Block[]): DataBlock[] {
  return blocks.filter((block): block is DataBlock => block.kind === 'data');
}

export type Wait = 'found' | 'terminal' | 'eof' | 'timeout';

export class AnswerReader {
  private terminal: number | undefined;
  private workflowStarted = false;
  private readonly deadline: number;

  constructor(
    private readonly reader: BlockReader,
    private readonly mode: ModeSpec,
    private readonly bounds: Bounds,
  ) {
    this.deadline = Date.now() + bounds.answerMs;
  }

  get blocks(): readonly Block[] {
    return this.reader.blocks;
  }

  /** True once a frame that ends the answer has been read. */
  get ended(): boolean {
    return this.terminal !== undefined;
  }

  /** Reads until a data frame matches, the answer ends, the stream ends or `timeoutMs` (capped by the answer budget) passes. */
  async until(predicate: (frame: JsonObject) => boolean, timeoutMs = this.bounds.answerMs): Promise<Wait> {
    if (this.terminal !== undefined) return 'terminal';
    const deadline = Math.min(this.deadline, Date.now() + timeoutMs);
    for (;;) {
      const read = await this.reader.next(deadline - Date.now());
      if (read === 'eof' || read === 'timeout') return read;
      if (read.kind !== 'data') continue;
      this.observe(read);
      if (predicate(read.frame)) return 'found';
      if (this.terminal !== undefined) return 'terminal';
    }
  }

  /**
   * Reads to the end of the answer within its budget (or `withinMs`, when shorter), then up to `closeMs`
   * more for the server to close; always closes.
   */
  async finish(withinMs = this.bounds.answerMs): Promise<Answer> {
    try {
      if (this.terminal === undefined) {
        const wait = await this.until(() => false, withinMs);
        if (wait !== 'terminal') return this.result(wait === 'eof' ? this.eofKind() : 'open');
      }
      return this.result(await this.drain());
    } finally {
      this.reader.close();
    }
  }

  /** Waits `ms` for a frame (pings and comments do not count): 'quiet' when none came, whatever the answer's state. */
  async quietFor(ms: number): Promise<'quiet' | 'eof' | 'frame'> {
    const deadline = Date.now() + ms;
    for (;;) {
      const read = await this.reader.next(deadline - Date.now());
      if (read === 'timeout') return 'quiet';
      if (read === 'eof') return 'eof';
      if (read.kind === 'data') this.observe(read);
      if (read.kind === 'data' || read.kind === 'malformed') return 'frame';
    }
  }

  /** Ends the request now, as a client that gave up would. */
  close(): void {
    this.reader.close();
  }

  private async drain(): Promise<Answer['end']> {
    const deadline = Date.now() + this.bounds.closeMs;
    for (;;) {
      const read = await this.reader.next(deadline - Date.now());
      if (read === 'eof') return this.eofKind();
      if (read === 'timeout') return 'open';
    }
  }

  private eofKind(): 'eof' | 'broken' {
    return this.reader.broken ? 'broken' : 'eof';
  }

  private result(end: Answer['end']): Answer {
    return { blocks: this.reader.blocks, terminal: this.terminal, end };
  }

  /** Notes the frame that ends the answer (checklist 2) as it arrives. */
  private observe(block: DataBlock): void {
    if (block.event === 'workflow_started') this.workflowStarted = true;
    if (this.terminal === undefined && isTerminal(this.mode, block.event, this.workflowStarted))
      this.terminal = this.reader.blocks.length - 1;
  }
}

/** Chat-like modes end at message_end; chatflow and workflow at workflow_finished or workflow_paused; any at error. */
function isTerminal(mode: ModeSpec, event: string, workflowStarted: boolean): boolean {
  if (event === 'error') return true;
  if (!mode.workflowBased) return event === 'message_end';
  // A chatflow answered without running its workflow (annotation reply, moderation) ends at message_end.
  return event === 'workflow_finished' || event === 'workflow_paused' || (event === 'message_end' && !workflowStarted);
}
