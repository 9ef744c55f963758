/**
 * Decoding of Py4J answer lines (`!y…`, `!x…`, `!z…`), per Protocol.java and
 * ReturnObject.java. Pure: a line in, plain data out.
 */
import { base64ToBytes } from './base64.ts';
import { unescapeString } from './escape.ts';
import { REF_TAGS, type WireValue } from './wire-value.ts';

export type Answer =
  /** A value, or void. */
  | { type: 'value'; value: WireValue }
  /** Reflection answers: the name is a package, a class, a static method, or nothing. */
  | { type: 'package' }
  | { type: 'class'; fqn: string }
  | { type: 'method' }
  | { type: 'no-member' }
  /** The Java code threw: the server holds the Throwable under this id. */
  | { type: 'java-exception'; id: string }
  /** The gateway itself failed (no such method, bad arguments…): a message or stack trace. */
  | { type: 'gateway-error'; message: string }
  /** The server gave up on this connection and closes it. */
  | { type: 'fatal'; message: string };

export class AnswerFormatError extends Error {
  override name = 'AnswerFormatError';
  readonly code = 'E_PY4J_ANSWER';
  constructor(line: string) {
    super(`Malformed Py4J answer: ${JSON.stringify(line.slice(0, 200))}`);
  }
}

/** Decodes one answer line, without its trailing newline. */
export function decodeAnswer(line: string): Answer {
  if (line.length < 2 || line[0] !== '!') throw new AnswerFormatError(line);
  const status = line[1];
  const body = line.slice(2);
  if (status === 'y') return decodeSuccess(body, line);
  if (status === 'x') return decodeError(body);
  if (status === 'z') return { type: 'fatal', message: body.startsWith('s') ? unescapeString(body.slice(1)) : body };
  throw new AnswerFormatError(line);
}

function decodeSuccess(body: string, line: string): Answer {
  const tag = body[0];
  const rest = body.slice(1);
  switch (tag) {
    case 'p':
      return { type: 'package' };
    case 'c':
      return { type: 'class', fqn: rest };
    case 'm':
      return { type: 'method' };
    case 'o':
      return { type: 'no-member' };
    case undefined:
      throw new AnswerFormatError(line);
    default:
      return { type: 'value', value: decodeValue(body) };
  }
}

function decodeError(body: string): Answer {
  if (body.startsWith('r')) return { type: 'java-exception', id: body.slice(1) };
  if (body.startsWith('s')) return { type: 'gateway-error', message: unescapeString(body.slice(1)) };
  return { type: 'gateway-error', message: body.length > 0 ? body : 'The gateway reported an error without details.' };
}

/** Decodes a tagged value (`i5`, `sabc`, `ro12`, …). */
export function decodeValue(part: string): WireValue {
  const tag = part[0];
  const rest = part.slice(1);
  switch (tag) {
    case 'n':
      return { kind: 'null' };
    case 'v':
      return { kind: 'void' };
    case 'i':
      return { kind: 'int', value: Number.parseInt(rest, 10) };
    case 'L':
      return { kind: 'long', value: BigInt(rest) };
    case 'd':
      return { kind: 'double', value: decodeDouble(rest) };
    case 'D':
      return { kind: 'decimal', value: rest };
    case 'b':
      return { kind: 'bool', value: rest === 'true' };
    case 's':
      return { kind: 'string', value: unescapeString(rest) };
    case 'j':
      return { kind: 'bytes', value: base64ToBytes(rest) };
    default: {
      const refKind = tag === undefined ? undefined : REF_TAGS[tag];
      if (refKind === undefined || rest.length === 0) throw new AnswerFormatError(part);
      return { kind: 'ref', id: rest, refKind };
    }
  }
}

/** Java prints doubles as `1.0E10`, `NaN`, `Infinity`; a callback peer may send Python's `nan`/`inf`. */
function decodeDouble(text: string): number {
  if (text === 'nan') return NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}
