/**
 * Cuts a stream of text chunks into complete lines. Chunks may split a line
 * anywhere, and one chunk may carry many lines. Escaping guarantees a value
 * never contains a raw newline, so a newline always ends a protocol line.
 *
 * Only the new chunk is searched for newlines: a single answer can be many
 * megabytes (a `byte[]` travels as one base64 line), and rescanning what is
 * already buffered on every chunk would make it quadratic.
 */
export class LineSplitter {
  private parts: string[] = [];

  /** Feeds a chunk; returns the lines it completed, without their newlines. */
  push(chunk: string): string[] {
    const first = chunk.indexOf('\n');
    if (first < 0) {
      if (chunk.length > 0) this.parts.push(chunk);
      return [];
    }
    const lines = chunk.split('\n');
    const tail = lines.pop()!;
    if (this.parts.length > 0) {
      this.parts.push(lines[0]!);
      lines[0] = this.parts.join('');
    }
    this.parts = tail.length > 0 ? [tail] : [];
    return lines;
  }

  /** Text received after the last newline. */
  get pending(): string {
    return this.parts.join('');
  }
}
