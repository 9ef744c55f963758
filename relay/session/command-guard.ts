/**
 * Decides which Py4J commands from a browser may reach the JVM, given as
 * protocol/py4j's CommandFramer cuts them: exactly as the gateway reads them.
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
 * - a command with a raw `\r`: the gateway ends a line there, a client that escapes its strings
 *   never sends one, and refusing the command keeps the client's other calls going.
 * - a command naming an object id the session does not hold (id-check.ts).
 */
import {
  commandShape,
  errorAnswer,
  type FramedCommand,
  hasSubcommands,
  isKnownCommand,
  isSpecialId,
} from '../../protocol/py4j/index.ts';
import { foreignId, type HeldIds } from './id-check.ts';

export type GuardVerdict =
  | { allowed: true }
  | {
      allowed: false;
      /** Why, in a sentence. */
      reason: string;
      /** The answer line to give in the command's place: `!xs<escaped reason>\n`. */
      answer: string;
    };

const REFUSED: Readonly<Record<string, string>> = {
  A: "'A' (authenticate): the relay authenticates to the gateway itself, and clients never see its token",
  s: "'s' (shut down the gateway): the relay owns the JVM's life; restart or stop it through the relay",
  z: "'z' (cancel): on the stock Py4J server it resets the connections of every client; reset your own channel instead",
  q: "'q' (quit): it ends the gateway's connection under the relay; reset the channel instead",
};

/**
 * Judges one command as the framer cut it. With `held`, the ids it names must
 * be the session's own (id-check.ts).
 */
export function guardCommand(command: Pick<FramedCommand, 'lines' | 'carriageReturn'>, held?: HeldIds): GuardVerdict {
  const { lines } = command;
  // Refused whatever it says: see FramedCommand.carriageReturn. The framer cut it as the gateway would,
  // so the refusal takes exactly the place of the commands the gateway would have read.
  if (command.carriageReturn)
    return refuse(
      'a command with a raw carriage return: the gateway ends a line there (BufferedReader.readLine), and string values escape it as \\r',
    );
  const name = lines[0];
  if (name === undefined) return refuse('an empty command (a lone `e` line)');
  const refused = REFUSED[name];
  if (refused !== undefined) return refuse(`command ${refused}`);
  if (!isKnownCommand(name))
    return refuse(`unknown command ${quote(name)}: only c, i, f, r, m d, a, l, h, d, j and p are forwarded`);
  const sub = lines[1];
  const shape = commandShape(name, sub);
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
  const foreign = held === undefined ? null : foreignId(lines, held);
  if (foreign !== null)
    return refuse(`a command naming ${quote(foreign)}: ${quote(foreign)} is not an object of this session`);
  return { allowed: true };
}

function refuse(what: string): GuardVerdict {
  const reason = `The jvm-notebook relay refused ${what}.`;
  return { allowed: false, reason, answer: errorAnswer(reason) };
}

/** Quotes a client-supplied name for a message, cut short: it may be anything. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
