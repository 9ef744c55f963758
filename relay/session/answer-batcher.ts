/**
 * Joins the answer lines of one channel into few WebSocket frames. When the
 * channel owes nothing more, queued lines leave at the end of this event-loop
 * turn; while more answers are on their way they wait up to `holdMs` to be
 * joined by them. With TCP_NODELAY on the server's side, a pipelined batch
 * arrives in many small reads, and a frame per read would cost the browser
 * far more than the short wait.
 */

/** Lines held for joining are sent anyway once this many are waiting. */
const MAX_HELD_LINES = 65_536;

export class AnswerBatcher {
  private lines: string[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  private flushQueued = false;

  constructor(
    private readonly holdMs: number,
    /** Sends the lines as one frame. */
    private readonly send: (lines: string[]) => void,
  ) {}

  /** Queues lines; `moreComing` says whether the channel still owes answers. */
  add(lines: readonly string[], moreComing: boolean): void {
    if (lines.length === 0) return;
    for (const line of lines) this.lines.push(line);
    if (!moreComing || this.lines.length >= MAX_HELD_LINES) {
      clearTimeout(this.holdTimer);
      this.holdTimer = undefined;
      if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    } else if (this.holdTimer === undefined && !this.flushQueued) {
      this.holdTimer = setTimeout(() => this.flush(), this.holdMs);
    }
  }

  /** Drops what is held: it belongs to calls the client has given up on. */
  discard(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.lines = [];
  }

  private flush(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.flushQueued = false;
    const lines = this.lines;
    this.lines = [];
    if (lines.length > 0) this.send(lines);
  }
}
