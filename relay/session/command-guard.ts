/**
 * Decides which Py4J commands from a browser may reach the JVM, and cuts the
 * browser's text into commands the way the gateway itself will read them.
 * Whoever holds the relay's token may already run any Java code, so this is
 * not a sandbox: it keeps out the few commands that would break the relay or
 * other sessions, and anything that would make the gateway read the stream
 * differently from the relay.
 *
 * Allowed: `c` call, `i` constructor, `f` field, `r` reflection, `a` array,
 * `l` list, `h` help, `d` dir, `j` JVM view, `p` stack trace, and `m d <id>`,
 * each in the shape its Java command reads. Refused, and answered with an
 * error line in the command's place:
 * - `A` (auth): the relay authenticates its own connections; a browser never sees the token.
 * - `s` (shutdown): it would stop the gateway for everyone; the relay owns the JVM's life.
 * - `z` (cancel): on the stock server CancelCommand resets the connections of every client.
 * - `q` (quit): ends the server's read loop for the connection; reset the channel instead.
 * - `m` other than `d`, and `m d` of a special id (`t`, `j`, `GATEWAY_SERVER`, `z:…`):
 *   the server's guard against deleting those does not work, and they would be gone.
 * - anything else, e.g. `S` (stream), which would take the connection out of the protocol,
 *   and any command of the wrong shape.
 */
import { escapeString, isSpecialId } from '../../protocol/py4j/index.ts';

/** One whole command, as the framer cut it. */
export interface SplitCommand {
  /** The command exactly as received, including its end line. */
  text: string;
  /** Its lines without the end line: `lines[0]` is the command name. */
  lines: string[];
}

export type GuardVerdict =
  | { allowed: true }
  | {
      allowed: false;
      /** Why, in a sentence. */
      reason: string;
      /** The answer line to give in the command's place: `!xs<escaped reason>\n`. */
      answer: string;
    };

/**
 * How the gateway reads a command (py4j-java `commands/*Command.java`): `lines`
 * lines, name and subcommand included, which may hold anything — a method or
 * field may well be named `e` — then, with `args`, tagged values up to the end
 * line. The server takes the line after a fixed-size command as its end
 * without looking at it, so a relay that cut commands at the first `e` line
 * (`a e <id>` is the array length command) would fall out of step with it.
 * Tagged values are never `e` or empty: every tag is a letter other than `e`.
 */
interface Shape {
  lines: number;
  args?: true;
  /** The auth command has no end line (AuthCommand reads the token and stops). */
  noEnd?: true;
}

const fixed = (lines: number): Shape => ({ lines });
const withArgs = (lines: number): Shape => ({ lines, args: true });

const SHAPES: Readonly<Record<string, Shape | Readonly<Record<string, Shape>>>> = {
  c: withArgs(3),
  i: withArgs(2),
  p: fixed(2),
  f: { g: fixed(4), s: fixed(5) },
  r: { u: fixed(4), m: fixed(4), c: fixed(3) },
  a: { g: fixed(4), s: fixed(5), l: withArgs(3), e: fixed(3), c: withArgs(3) },
  l: {
    s: fixed(3),
    r: fixed(3),
    x: fixed(3),
    n: fixed(3),
    l: withArgs(3),
    a: fixed(4),
    m: fixed(4),
    i: fixed(4),
    f: fixed(4),
  },
  h: { o: fixed(5), c: fixed(5) },
  d: { f: fixed(3), m: fixed(3), s: fixed(3), v: fixed(4) },
  j: { c: fixed(3), i: fixed(4), r: fixed(4) },
  m: { d: fixed(3) },
  A: { lines: 2, noEnd: true },
};

const REFUSED: Readonly<Record<string, string>> = {
  A: "'A' (authenticate): the relay authenticates to the gateway itself, and clients never see its token",
  s: "'s' (shut down the gateway): the relay owns the JVM's life; restart or stop it through the relay",
  z: "'z' (cancel): on the stock Py4J server it resets the connections of every client; reset your own channel instead",
  q: "'q' (quit): it ends the gateway's connection under the relay; reset the channel instead",
};

/** The shape of a command from its first two lines; undefined for an unknown command or subcommand. */
function shapeOf(name: string, sub: string | undefined): Shape | undefined {
  const entry = SHAPES[name];
  if (entry === undefined || 'lines' in entry) return entry as Shape | undefined;
  return sub === undefined ? undefined : (entry as Readonly<Record<string, Shape>>)[sub];
}

function hasSubcommands(name: string): boolean {
  const entry = SHAPES[name];
  return entry !== undefined && !('lines' in entry);
}

/**
 * Cuts Py4J command text, fed in chunks, into commands as the gateway reads
 * them. Each command's `lines` exclude its end line when that line is `e`; a
 * command whose end position holds something else keeps that line, so that
 * guardCommand refuses it. Unknown commands end at the first `e` line.
 */
export class CommandFramer {
  private lines: string[] = [];
  private partial = '';

  push(chunk: string): SplitCommand[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    const done: SplitCommand[] = [];
    for (const line of parts) {
      const step = classify(this.lines, line);
      if (step === 'more') {
        this.lines.push(line);
        continue;
      }
      const lines = this.lines;
      this.lines = [];
      if (step === 'last') lines.push(line);
      const body = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      done.push({ text: step === 'end' ? `${body}e\n` : body, lines });
    }
    return done;
  }

  /** True while part of a command has arrived but not its end. */
  get midCommand(): boolean {
    return this.lines.length > 0 || this.partial.length > 0;
  }
}

/** What a line does to the command read so far: `end` is an end line, `last` the command's final line. */
function classify(lines: readonly string[], line: string): 'end' | 'last' | 'more' {
  const name = lines[0];
  if (name === undefined) return line === 'e' ? 'end' : 'more';
  if (lines.length === 1 && hasSubcommands(name)) {
    // Any line is the subcommand, but a bare `e` where none is expected is read as the end.
    return line === 'e' && shapeOf(name, 'e') === undefined ? 'end' : 'more';
  }
  const shape = shapeOf(name, lines[1]);
  if (shape === undefined) return line === 'e' ? 'end' : 'more';
  if (shape.noEnd) return lines.length + 1 >= shape.lines ? 'last' : 'more';
  if (lines.length < shape.lines) return 'more';
  if (line === 'e') return 'end';
  // The server ends a fixed command here whatever the line says, and ends an argument list at an empty line.
  return !shape.args || line === '' ? 'last' : 'more';
}

/** Judges one command, given as its lines without the end line (CommandFramer's `lines`). */
export function guardCommand(lines: readonly string[]): GuardVerdict {
  const name = lines[0];
  if (name === undefined) return refuse('an empty command (a lone `e` line)');
  const refused = REFUSED[name];
  if (refused !== undefined) return refuse(`command ${refused}`);
  if (SHAPES[name] === undefined)
    return refuse(`unknown command ${quote(name)}: only c, i, f, r, m d, a, l, h, d, j and p are forwarded`);
  const sub = lines[1];
  const shape = shapeOf(name, sub);
  if (shape === undefined) {
    if (name === 'm') return refuse(`memory subcommand ${quote(sub ?? '')}: only 'm d' (delete) is allowed`);
    return refuse(`unknown subcommand ${quote(sub ?? '')} of command '${name}'`);
  }
  const label = hasSubcommands(name) ? `'${name} ${sub}'` : `'${name}'`;
  if (shape.args) {
    if (lines.length < shape.lines)
      return refuse(`a malformed ${label} command: it needs ${shape.lines - 1} lines after its name`);
    if (lines.indexOf('', shape.lines) >= 0)
      return refuse(`a malformed ${label} command: an empty line where an argument belongs`);
  } else if (lines.length !== shape.lines) {
    return refuse(
      `a malformed ${label} command: it takes exactly ${shape.lines - 1} lines after its name, then the end line 'e'`,
    );
  }
  if (name === 'm' && isSpecialId(lines[2]!)) {
    return refuse(
      `to delete ${quote(lines[2]!)} ('m d'): that id belongs to the gateway itself (entry point, JVM view, gateway server or static member) and must never be deleted`,
    );
  }
  return { allowed: true };
}

function refuse(what: string): GuardVerdict {
  const reason = `The jvm-notebook relay refused ${what}.`;
  return { allowed: false, reason, answer: `!xs${escapeString(reason)}\n` };
}

/** Quotes a client-supplied name for a message, cut short: it may be anything. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
