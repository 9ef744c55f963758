/**
 * The callbacks a session's kernel has yet to answer. The JVM calls a
 * TypeScript callback (through the callback server, or on a waiting
 * connection in pinned-thread mode); the session asks its kernel with a
 * `callback` control message and waits for the `callback-answer` with the
 * same call id. Every pending call is answered exactly once: by the kernel,
 * or with an error when the session ends.
 */
import { errorAnswer } from '../../protocol/py4j/index.ts';

const SESSION_CLOSED = 'The notebook session that owns this callback closed.';

export class SessionCallbacks {
  private nextCallId = 0;
  private readonly pending = new Map<number, (answer: string) => void>();
  private closed = false;

  /** `ask` sends the control message with the call id. */
  constructor(private readonly ask: (callId: number, command: string) => void) {}

  /** Resolves with the answer line to give the JVM. */
  call(command: string): Promise<string> {
    if (this.closed) return Promise.resolve(errorAnswer(SESSION_CLOSED));
    const callId = ++this.nextCallId;
    return new Promise((resolve) => {
      this.pending.set(callId, resolve);
      this.ask(callId, command);
    });
  }

  /** The kernel's answer; one answer line as the JVM reads it, or the call fails with a clear error. */
  answer(callId: number, answer: string): void {
    const resolve = this.pending.get(callId);
    if (!resolve) return;
    this.pending.delete(callId);
    // Anything but one answer line would desynchronise the JVM's connection.
    const valid = /^![yx][^\n\r]*\n$/.test(answer);
    resolve(valid ? answer : errorAnswer('The kernel sent a malformed callback answer.'));
  }

  /** Answers every pending call with an error; later calls get one at once. */
  close(): void {
    this.closed = true;
    for (const resolve of this.pending.values()) resolve(errorAnswer(SESSION_CLOSED));
    this.pending.clear();
  }
}
