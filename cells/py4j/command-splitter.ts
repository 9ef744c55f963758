/**
 * Cuts a stream of Py4J command text into whole commands: each is a run of
 * lines ended by a line holding only `e`. Used by the relay to inspect what a
 * browser sends before it reaches the JVM.
 */
export interface SplitCommand {
  /** The command exactly as received, including its `e\n` line. */
  text: string;
  /** Its lines without the final `e`: `lines[0]` is the command name. */
  lines: string[];
}

export class CommandSplitter {
  private lines: string[] = [];
  private partial = '';

  push(chunk: string): SplitCommand[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    const done: SplitCommand[] = [];
    for (const line of parts) {
      if (line === 'e') {
        const lines = this.lines;
        this.lines = [];
        done.push({ text: lines.join('\n') + (lines.length > 0 ? '\n' : '') + 'e\n', lines });
      } else {
        this.lines.push(line);
      }
    }
    return done;
  }

  /** True while part of a command has arrived but not its end. */
  get midCommand(): boolean {
    return this.lines.length > 0 || this.partial.length > 0;
  }
}
