/**
 * Which object ids a command names, and whether the session may name them.
 * The gateway hands out sequential ids (`o1`, `o2`, …) and looks any of them
 * up for any connection, so without this check one session could call or
 * delete another's objects by guessing. A session may name the ids its ledger
 * holds, and the gateway's own special ids (`t`, `j`, `GATEWAY_SERVER`, `z:…`).
 *
 * Where each command names an object, per py4j-java `commands/*Command.java`:
 * a bare id is read with `gateway.getObject(line)`, a tagged argument with
 * `Protocol.getObject(line)`, which resolves only the `r` tag to an object;
 * the collection tags are checked too, so that no tag is left to chance.
 */
import { errorAnswer, isAnswerLine, isSpecialId, REF_TAGS } from '../../protocol/py4j/index.ts';
import { answerId } from './ledger.ts';

/** What the check needs of the session's ledger. */
export interface HeldIds {
  holds(id: string): boolean;
}

/** Positions of bare ids and of tagged values in a command's lines; `taggedFrom`: every line from there on. */
interface IdPlaces {
  bare: readonly number[];
  tagged: readonly number[];
  taggedFrom?: number;
}

const PLACES: Readonly<Record<string, IdPlaces>> = {
  c: { bare: [1], tagged: [], taggedFrom: 3 },
  i: { bare: [], tagged: [], taggedFrom: 2 },
  p: { bare: [], tagged: [1] },
  'f g': { bare: [2], tagged: [] },
  'f s': { bare: [2], tagged: [4] },
  'r u': { bare: [], tagged: [3] },
  'a g': { bare: [2], tagged: [] },
  'a s': { bare: [2], tagged: [4] },
  'a l': { bare: [2], tagged: [], taggedFrom: 3 },
  'a e': { bare: [2], tagged: [] },
  'a c': { bare: [], tagged: [], taggedFrom: 2 },
  'l s': { bare: [2], tagged: [] },
  'l r': { bare: [2], tagged: [] },
  'l x': { bare: [2], tagged: [] },
  'l n': { bare: [2], tagged: [] },
  'l l': { bare: [2], tagged: [], taggedFrom: 3 },
  'l a': { bare: [2, 3], tagged: [] },
  'l m': { bare: [2], tagged: [] },
  'l i': { bare: [2], tagged: [] },
  'l f': { bare: [2], tagged: [3] },
  'h o': { bare: [2], tagged: [3] },
  'h c': { bare: [], tagged: [3] },
  'd f': { bare: [2], tagged: [] },
  'd m': { bare: [2], tagged: [] },
  'd v': { bare: [], tagged: [2, 3] },
  'j i': { bare: [], tagged: [2] },
  'j r': { bare: [], tagged: [2] },
  'm d': { bare: [2], tagged: [] },
};

/** The object ids a command (its lines without the end line) names, special ids left out. */
export function namedIds(lines: readonly string[]): string[] {
  const name = lines[0] ?? '';
  const places = PLACES[name] ?? PLACES[`${name} ${lines[1] ?? ''}`];
  if (places === undefined) return [];
  const ids: string[] = [];
  const add = (id: string | undefined) => {
    if (id !== undefined && id.length > 0 && !isSpecialId(id)) ids.push(id);
  };
  for (const at of places.bare) add(lines[at]);
  const tagged = [...places.tagged];
  if (places.taggedFrom !== undefined) for (let at = places.taggedFrom; at < lines.length; at++) tagged.push(at);
  for (const at of tagged) {
    const line = lines[at];
    if (line !== undefined && REF_TAGS[line[0] ?? ''] !== undefined) add(line.slice(1));
  }
  return ids;
}

/** The first id a command names that the session does not hold, or null when it may send it. */
export function foreignId(lines: readonly string[], held: HeldIds): string | null {
  for (const id of namedIds(lines)) if (!held.holds(id)) return id;
  return null;
}

/**
 * The answer line to give the JVM for a kernel's callback answer: the answer
 * itself when it is one well-formed line (isAnswerLine) naming no object but
 * the session's own, else an error. A callback answer `!yr<id>` hands that
 * object to Java code, which is as good as naming it in a command.
 */
export function vetCallbackAnswer(answer: unknown, held: HeldIds): string {
  if (typeof answer !== 'string' || !isAnswerLine(answer))
    return errorAnswer('The kernel sent a malformed callback answer.');
  const id = answerId(answer.slice(0, -1));
  if (id !== null && !held.holds(id))
    return errorAnswer(
      `The jvm-notebook relay refused a callback answer naming "${id}": it is not an object of this session.`,
    );
  return answer;
}
