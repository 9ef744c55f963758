import { isSpecialId, REF_TAGS } from '../../protocol/py4j/index.ts';

/**
 * The Java ids one session holds on the JVM. It watches the session's traffic:
 * every reference an answer hands out (`!yr…`, `!yl…`, … and the Throwable of
 * `!xr…`) is live until the session sends `m d` for it. When the session ends,
 * whatever is left is released by the relay — closing a Py4J connection
 * releases nothing on the server.
 */
export class Ledger {
  private readonly ids = new Set<string>();

  /** Records the id an answer line hands out; returns it, or null when the line holds none. */
  noteAnswer(line: string): string | null {
    const id = answerId(line);
    if (id !== null) this.ids.add(id);
    return id;
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

/** The id of an `m d <id>` command given as lines without the final `e`, else null. */
export function deletedId(lines: readonly string[]): string | null {
  return lines.length === 3 && lines[0] === 'm' && lines[1] === 'd' && lines[2]!.length > 0 ? lines[2]! : null;
}
