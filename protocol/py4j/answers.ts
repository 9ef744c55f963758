/**
 * Answer lines built by our side of the wire: the relay answering a refused
 * command in its place, the callback server and the kernel answering the
 * JVM's callback commands. The JVM reads them with `Protocol.getReturnValue`
 * (py4j-java `Protocol.java`): `!y<tag><value>` success, `!x<tag><value>` error.
 */
import { encodeArg } from './encode.ts';
import { escapeString } from './escape.ts';
import type { WireArg } from './wire-value.ts';

/** `!xs<message>\n`: an error carrying a message, as a Java-side Py4JError or callback exception reads it. */
export function errorAnswer(message: string): string {
  return `!xs${escapeString(message)}\n`;
}

/** `!yv\n`: success with no value. */
export function voidAnswer(): string {
  return '!yv\n';
}

/** `!y<tagged value>\n`: success with a value, e.g. what a callback returns to Java. */
export function valueAnswer(value: WireArg): string {
  return `!y${encodeArg(value)}\n`;
}

/**
 * The start of the error the relay answers in place of a call whose Py4J
 * connection closed while the JVM lives on (a gateway's read timeout, or a
 * fatal answer that ended the connection). Kernels recognise it by this.
 */
export const CONNECTION_LOST_PREFIX = 'The connection to the JVM closed';

/** `!xs…\n` for a call its connection took with it; `why` says what closed the connection. */
export function connectionLostAnswer(why: string): string {
  return errorAnswer(
    `${CONNECTION_LOST_PREFIX} before this call was answered (${why}); the session goes on, and the next call opens a new connection.`,
  );
}

/**
 * True when `text` is exactly one success or error answer line, as the Java
 * side reads it with BufferedReader.readLine: that method also ends a line at
 * a bare `\r`, so a `\r` inside would leave the rest of the line in the
 * stream to be read as the answer to the next command. Escaping (escape.ts)
 * turns every `\r` of a string value into `\r` written as two characters, so a
 * well-formed answer never holds a raw one.
 */
export function isAnswerLine(text: string): boolean {
  return /^![yx][^\n\r]*\n$/.test(text);
}

/** A success answer line (`!y…`), without its newline. */
export function isSuccessAnswer(line: string): boolean {
  return line.startsWith('!y');
}

/** The success answer of a command that returns nothing (`!yv`), without its newline. */
export function isVoidAnswer(line: string): boolean {
  return line === '!yv';
}

/** A fatal answer line (`!z…`): the server closes the connection right after it. */
export function isFatalAnswer(line: string): boolean {
  return line.startsWith('!z');
}
