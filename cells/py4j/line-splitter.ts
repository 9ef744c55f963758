/**
 * Cuts a stream of text chunks into complete lines. Chunks may split a line
 * anywhere, and one chunk may carry many lines. Escaping guarantees a value
 * never contains a raw newline, so a newline always ends a protocol line.
 */
export class LineSplitter {
  private partial = '';

  /** Feeds a chunk; returns the lines it completed, without their newlines. */
  push(chunk: string): string[] {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    return lines;
  }

  /** Text received after the last newline. */
  get pending(): string {
    return this.partial;
  }
}
