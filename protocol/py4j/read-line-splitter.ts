/**
 * Cuts text into lines exactly as the Java gateway reads them
 * (java.io.BufferedReader.readLine): a line ends at `\n`, at a bare `\r`, or
 * at `\r\n` taken as one end. Anything that judges what the gateway will
 * execute must see these lines, not the `\n`-separated ones: `j\rx\n` is two
 * lines to the gateway.
 *
 * Linear in the input: only the new chunk is searched, and an unfinished line
 * is kept as parts, joined once when it ends. The bound on a line is checked
 * before a chunk is kept, so a peer cannot make it hold more than the bound.
 */
import { FrameLimitError } from './errors.ts';

export interface ReadLine {
  /** The line, without its end. */
  text: string;
  /** The line ended at a carriage return (`\r` or `\r\n`) rather than a bare `\n`. */
  carriageReturn: boolean;
}

const LINE_END = /\r\n|\r|\n/g;

export class ReadLineSplitter {
  private parts: string[] = [];
  private partChars = 0;
  /** The previous chunk ended with `\r`: a `\n` first in the next one is the rest of that line end. */
  private skipLineFeed = false;

  constructor(private readonly maxLineChars = Number.POSITIVE_INFINITY) {}

  /** Feeds a chunk; returns the lines it completed. Throws FrameLimitError (E_PY4J_LINE_TOO_LONG). */
  push(chunk: string): ReadLine[] {
    let start = 0;
    if (this.skipLineFeed && chunk.length > 0) {
      this.skipLineFeed = false;
      if (chunk[0] === '\n') start = 1;
    }
    const lines: ReadLine[] = [];
    LINE_END.lastIndex = start;
    for (let m = LINE_END.exec(chunk); m !== null; m = LINE_END.exec(chunk)) {
      const piece = chunk.slice(start, m.index);
      this.check(piece.length);
      const text = this.parts.length > 0 ? this.parts.join('') + piece : piece;
      this.parts = [];
      this.partChars = 0;
      lines.push({ text, carriageReturn: m[0] !== '\n' });
      start = m.index + m[0].length;
      // A `\r` last in the chunk may be the first half of `\r\n`: readLine skips the `\n` that follows.
      if (m[0] === '\r' && start === chunk.length) this.skipLineFeed = true;
    }
    if (start < chunk.length) {
      const tail = chunk.slice(start);
      this.check(tail.length);
      this.parts.push(tail);
      this.partChars += tail.length;
    }
    return lines;
  }

  /** How many characters of an unfinished line are held. */
  get pendingChars(): number {
    return this.partChars;
  }

  private check(more: number): void {
    if (this.partChars + more > this.maxLineChars) {
      this.parts = [];
      this.partChars = 0;
      throw new FrameLimitError('E_PY4J_LINE_TOO_LONG', this.maxLineChars);
    }
  }
}
