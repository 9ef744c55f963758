/**
 * Cuts Py4J command text, fed in chunks, into commands exactly as the gateway
 * reads them: lines as BufferedReader.readLine cuts them (read-line-splitter.ts),
 * and commands by their shape (command-shapes.ts). Each command's `lines`
 * exclude its end line when that line is `e`; a command whose end position
 * holds something else keeps that line, so that a guard can refuse it.
 * Unknown commands end at the first `e` line.
 *
 * Bounds are enforced while cutting: a command that grows past
 * `maxCommandChars` throws before more of it is kept. Work is linear in the
 * input: an unfinished line is never searched again.
 */
import { FrameLimitError } from './errors.ts';
import { commandShape, hasSubcommands } from './command-shapes.ts';
import { ReadLineSplitter } from './read-line-splitter.ts';

/** One whole command, as the framer cut it. */
export interface FramedCommand {
  /** The command as the gateway would read it: its lines, each ended by `\n`, and its end line. */
  text: string;
  /** Its lines without the end line: `lines[0]` is the command name. */
  lines: string[];
  /**
   * A line of it ended at a carriage return. Escaping never produces a raw
   * `\r`, so only a client writing its own wire text sends one, and a reader
   * splitting at `\n` alone would see other commands than the gateway.
   */
  carriageReturn: boolean;
}

export interface CommandFramerOptions {
  /** Most characters one command may hold, its line ends included; default unbounded. */
  maxCommandChars?: number;
}

export class CommandFramer {
  private readonly splitter: ReadLineSplitter;
  private readonly maxCommandChars: number;
  private lines: string[] = [];
  /** Characters of the complete lines of the current command, one per line end included. */
  private lineChars = 0;
  private carriageReturn = false;

  constructor(opts: CommandFramerOptions = {}) {
    this.maxCommandChars = opts.maxCommandChars ?? Number.POSITIVE_INFINITY;
    this.splitter = new ReadLineSplitter(this.maxCommandChars);
  }

  /** Feeds a chunk; returns the commands it completed. Throws FrameLimitError past a bound. */
  push(chunk: string): FramedCommand[] {
    const done: FramedCommand[] = [];
    for (const { text: line, carriageReturn } of this.splitter.push(chunk)) {
      this.carriageReturn ||= carriageReturn;
      const step = classify(this.lines, line);
      if (step === 'more') {
        this.lines.push(line);
        this.lineChars += line.length + 1;
        this.checkSize(0);
        continue;
      }
      const lines = this.lines;
      if (step === 'last') lines.push(line);
      const body = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      done.push({ text: step === 'end' ? `${body}e\n` : body, lines, carriageReturn: this.carriageReturn });
      this.lines = [];
      this.lineChars = 0;
      this.carriageReturn = false;
    }
    this.checkSize(this.splitter.pendingChars);
    return done;
  }

  /** True while part of a command has arrived but not its end. */
  get midCommand(): boolean {
    return this.lines.length > 0 || this.splitter.pendingChars > 0;
  }

  private checkSize(pending: number): void {
    if (this.lineChars + pending > this.maxCommandChars)
      throw new FrameLimitError('E_PY4J_COMMAND_TOO_LARGE', this.maxCommandChars);
  }
}

/** What a line does to the command read so far: `end` is an end line, `last` the command's final line. */
function classify(lines: readonly string[], line: string): 'end' | 'last' | 'more' {
  const name = lines[0];
  if (name === undefined) return line === 'e' ? 'end' : 'more';
  if (lines.length === 1 && hasSubcommands(name)) {
    // Any line is the subcommand, but a bare `e` where none is expected is read as the end.
    return line === 'e' && commandShape(name, 'e') === undefined ? 'end' : 'more';
  }
  const shape = commandShape(name, lines[1]);
  if (shape === undefined) return line === 'e' ? 'end' : 'more';
  if (shape.noEnd) return lines.length + 1 >= shape.lines ? 'last' : 'more';
  if (lines.length < shape.lines) return 'more';
  if (line === 'e') return 'end';
  // The server ends a fixed command here whatever the line says, and ends an argument list at an empty line.
  return !shape.args || line === '' ? 'last' : 'more';
}
