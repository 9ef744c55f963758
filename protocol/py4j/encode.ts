/**
 * Builders for Py4J command text. Each returns one complete command ending in
 * `e\n`; commands can be concatenated and sent in one write (pipelining).
 * The command letters and layouts follow py4j-java's `commands/` package.
 */
import { bytesToBase64 } from './base64.ts';
import { escapeString } from './escape.ts';
import type { WireArg } from './wire-value.ts';

const END = 'e\n';

/** Encodes one argument as its wire line (without the newline). */
export function encodeArg(arg: WireArg): string {
  switch (arg.kind) {
    case 'null':
      return 'n';
    case 'int':
      return `i${arg.value}`;
    case 'long':
      return `L${arg.value}`;
    case 'double':
      return `d${encodeDouble(arg.value)}`;
    case 'decimal':
      return `D${arg.value}`;
    case 'bool':
      return arg.value ? 'btrue' : 'bfalse';
    case 'string':
      return `s${escapeString(arg.value)}`;
    case 'bytes':
      return `j${bytesToBase64(arg.value)}`;
    case 'ref':
      return `r${arg.id}`;
    case 'proxy':
      return `f${arg.id};${arg.interfaces.join(';')}`;
  }
}

/** The server parses doubles with Double.parseDouble and Python's spellings of the specials. */
function encodeDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

function args(list: readonly WireArg[]): string {
  let out = '';
  for (const a of list) out += encodeArg(a) + '\n';
  return out;
}

/** `c`: call a method on an object id, or a static method with target `z:<fqn>`. */
export function callCommand(target: string, method: string, list: readonly WireArg[]): string {
  return `c\n${target}\n${method}\n${args(list)}${END}`;
}

/** `i`: call a constructor. */
export function constructorCommand(fqn: string, list: readonly WireArg[]): string {
  return `i\n${fqn}\n${args(list)}${END}`;
}

/** `f g`: read a field of an object. Answers `!yo` when there is no such field. */
export function fieldGetCommand(target: string, field: string): string {
  return `f\ng\n${target}\n${field}\n${END}`;
}

/** `f s`: write a field of an object. */
export function fieldSetCommand(target: string, field: string, value: WireArg): string {
  return `f\ns\n${target}\n${field}\n${encodeArg(value)}\n${END}`;
}

/**
 * `r u`: is this name a class (answer `!yc<fqn>`) or a package (`!yp`)? The
 * JVM view is passed as a reference argument (`rj`), not a bare id.
 */
export function reflectNameCommand(name: string, jvmView = 'j'): string {
  return `r\nu\n${name}\nr${jvmView}\n${END}`;
}

/** `r m`: a static member of a class: a field's value, `!ym` for a method, `!yc` for an inner class. */
export function reflectMemberCommand(fqn: string, member: string): string {
  return `r\nm\n${fqn}\n${member}\n${END}`;
}

/** `m d`: release an id on the server. */
export function deleteCommand(id: string): string {
  return `m\nd\n${id}\n${END}`;
}

/** `a c`: a new array of a type (`int`, `java.lang.String`, …) with the given dimensions. */
export function arrayCreateCommand(type: string, dimensions: readonly number[]): string {
  return `a\nc\ns${escapeString(type)}\n${dimensions.map((d) => `i${d}\n`).join('')}${END}`;
}

export function arrayGetCommand(id: string, index: number): string {
  return `a\ng\n${id}\ni${index}\n${END}`;
}

export function arraySetCommand(id: string, index: number, value: WireArg): string {
  return `a\ns\n${id}\ni${index}\n${encodeArg(value)}\n${END}`;
}

export function arrayLengthCommand(id: string): string {
  return `a\ne\n${id}\n${END}`;
}

/** `h o` / `h c`: Py4J's help page for an object or a class, as text. */
export function helpObjectCommand(id: string, pattern: string | null = null): string {
  return `h\no\n${id}\n${pattern === null ? 'n' : `s${escapeString(pattern)}`}\nbtrue\n${END}`;
}

export function helpClassCommand(fqn: string, pattern: string | null = null): string {
  return `h\nc\n${fqn}\n${pattern === null ? 'n' : `s${escapeString(pattern)}`}\nbtrue\n${END}`;
}

/** `d f` / `d m` / `d s`: public field, method, or static member names, one per line. */
export function dirCommand(what: 'fields' | 'methods' | 'static', target: string): string {
  const sub = what === 'fields' ? 'f' : what === 'methods' ? 'm' : 's';
  return `d\n${sub}\n${target}\n${END}`;
}

/** `p`: the stack trace of a Throwable held by the server, as text. */
export function stackTraceCommand(id: string): string {
  return `p\nr${id}\n${END}`;
}

/**
 * Authentication: `A`, then the token, and no `e` line — the server reads a
 * trailing `e` as the next command and drops the connection.
 */
export function authCommand(token: string): string {
  return `A\n${escapeString(token)}\n`;
}

/** `r c`: the java.lang.Class object of a class, as a reference. */
export function javaLangClassCommand(fqn: string): string {
  return `r\nc\n${fqn}\n${END}`;
}
