/**
 * Answer lines built by our side of the wire: the relay answering a refused
 * command in its place, the callback server and the kernel answering the
 * JVM's callback commands. The JVM reads them with `Protocol.getReturnValue`
 * (py4j-java `Protocol.java`): `!y<tag><value>` success, `!x<tag><value>` error.
 */
import { escapeString } from './escape.ts';

/** `!xs<message>\n`: an error carrying a message, as a Java-side Py4JError or callback exception reads it. */
export function errorAnswer(message: string): string {
  return `!xs${escapeString(message)}\n`;
}

/** `!yv\n`: success with no value. */
export function voidAnswer(): string {
  return '!yv\n';
}
