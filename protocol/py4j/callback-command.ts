/**
 * The commands the JVM sends to a callback peer (py4j-java
 * `reflection/PythonProxyHandler`): `c\n<proxy id>\n<method>\n<args…>\ne\n`
 * calls a method of a client-side object, `g\n<proxy id>\ne\n` says the JVM
 * dropped its proxy. Arguments are tagged values as ReturnObject writes them,
 * references included (`r<id>`, and the collection tags).
 */
import { AnswerFormatError, decodeValue } from './decode.ts';
import type { WireValue } from './wire-value.ts';

export type CallbackCommand =
  { kind: 'call'; objectId: string; method: string; args: WireValue[] } | { kind: 'gc'; objectId: string };

export class CallbackCommandError extends Error {
  override name = 'CallbackCommandError';
  readonly code = 'E_PY4J_CALLBACK_COMMAND';
  constructor(lines: readonly string[], options?: { cause?: unknown }) {
    super(`Malformed Py4J callback command: ${JSON.stringify(lines.join('\n').slice(0, 200))}`, options);
  }
}

/** Parses a callback command given as its lines without the end line `e`. */
export function parseCallbackCommand(lines: readonly string[]): CallbackCommand {
  const [name, objectId] = lines;
  if (objectId === undefined || objectId.length === 0) throw new CallbackCommandError(lines);
  if (name === 'g' && lines.length === 2) return { kind: 'gc', objectId };
  const method = lines[2];
  if (name !== 'c' || method === undefined || method.length === 0) throw new CallbackCommandError(lines);
  try {
    return { kind: 'call', objectId, method, args: lines.slice(3).map(decodeValue) };
  } catch (error) {
    if (error instanceof AnswerFormatError) throw new CallbackCommandError(lines, { cause: error });
    throw error;
  }
}

/** The lines of a callback command's text (`…\ne\n`), without the end line. */
export function callbackCommandLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[lines.length - 1] === 'e') lines.pop();
  return lines;
}

/** The wire text of a callback command given as its lines without the end line. */
export function callbackCommandText(lines: readonly string[]): string {
  return `${lines.map((line) => `${line}\n`).join('')}e\n`;
}

/** True for the JVM's notice that it dropped its proxy of a client object (`g\n<id>\ne\n`). */
export function isGcCommand(text: string): boolean {
  return text.startsWith('g\n');
}
