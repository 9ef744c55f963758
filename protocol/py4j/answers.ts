/**
 * Builders for the answer lines a peer writes in place of the gateway (the
 * relay refusing a command, the callback server answering the JVM), per
 * Protocol.java: `!` then `y` success or `x` error, then a tagged value.
 */
import { escapeString } from './escape.ts';

/** An error answer carrying a message: `!xs<escaped message>\n`. */
export function errorAnswer(message: string): string {
  return `!xs${escapeString(message)}\n`;
}

/** The success answer of a command that returns nothing: `!yv\n`. */
export function voidAnswer(): string {
  return '!yv\n';
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
