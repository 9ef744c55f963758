import {
  CallbackCommandError,
  callbackCommandLines,
  isSpecialId,
  parseCallbackCommand,
  REF_TAGS,
} from '../../protocol/py4j/index.ts';
import type { HeldIds } from './id-check.ts';

/**
 * The Java ids one session holds on the JVM. It watches the session's traffic:
 * every reference an answer hands out (`!yr…`, `!yl…`, … and the Throwable of
 * `!xr…`), on any channel, and every reference argument of a callback the JVM
 * calls, is live until the session sends `m d` for it. When the session ends,
 * whatever is left is released by the relay — closing a Py4J connection
 * releases nothing on the server. The guard lets a session name only these
 * ids (id-check.ts).
 */
export class Ledger implements HeldIds {
  private readonly ids = new Set<string>();

  /** Records the id an answer line hands out; returns it, or null when the line holds none. */
  noteAnswer(line: string): string | null {
    const id = answerId(line);
    if (id !== null) this.ids.add(id);
    return id;
  }

  /**
   * Records the references a callback command (its wire text, `…\ne\n`) hands
   * to the session as arguments: the JVM registered each under a fresh id, and
   * the kernel releases them like any other. Returns them.
   */
  noteCallback(text: string): string[] {
    const ids = callbackIds(text);
    for (const id of ids) this.ids.add(id);
    return ids;
  }

  /** Forgets the id a command deletes (`m d <id>`); returns it, or null for any other command. */
  noteCommand(lines: readonly string[]): string | null {
    const id = deletedId(lines);
    if (id !== null) this.ids.delete(id);
    return id;
  }

  /** Takes ids back: their deletes never reached the JVM. */
  restore(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id);
  }

  holds(id: string): boolean {
    return this.ids.has(id);
  }

  live(): string[] {
    return [...this.ids];
  }

  get size(): number {
    return this.ids.size;
  }
}

/**
 * The id a Py4J answer line hands out: `!y<ref tag><id>` or a thrown
 * exception's `!xr<id>`. Special ids (`t`, `j`, `GATEWAY_SERVER`, `z:…`) belong
 * to the server and are never reported.
 */
export function answerId(line: string): string | null {
  if (line.length < 4 || line[0] !== '!') return null;
  const isRef = (line[1] === 'y' && REF_TAGS[line[2]!] !== undefined) || (line[1] === 'x' && line[2] === 'r');
  if (!isRef) return null;
  const id = line.slice(3);
  return isSpecialId(id) ? null : id;
}

/** The reference ids among a callback command's arguments; none for a malformed command. */
function callbackIds(text: string): string[] {
  let command;
  try {
    command = parseCallbackCommand(callbackCommandLines(text));
  } catch (error) {
    // The kernel answers a malformed command with an error; it hands out nothing.
    if (error instanceof CallbackCommandError) return [];
    throw error;
  }
  if (command.kind !== 'call') return [];
  const ids: string[] = [];
  for (const arg of command.args) if (arg.kind === 'ref' && !isSpecialId(arg.id)) ids.push(arg.id);
  return ids;
}

/** The id of an `m d <id>` command given as lines without the final `e`, else null. */
export function deletedId(lines: readonly string[]): string | null {
  return lines.length === 3 && lines[0] === 'm' && lines[1] === 'd' && lines[2]!.length > 0 ? lines[2]! : null;
}
