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

  constructor(
    /** Sends the control message with the call id. */
    private readonly ask: (callId: number, command: string) => void,
    /** The answer line to give the JVM for what the kernel answered. */
    private readonly vet: (answer: string) => string,
  ) {}

  /** Resolves with the answer line to give the JVM. */
  call(command: string): Promise<string> {
    if (this.closed) return Promise.resolve(errorAnswer(SESSION_CLOSED));
    const callId = ++this.nextCallId;
    return new Promise((resolve) => {
      this.pending.set(callId, resolve);
      this.ask(callId, command);
    });
  }

  /** The kernel's answer, vetted before it reaches the JVM. */
  answer(callId: number, answer: string): void {
    const resolve = this.pending.get(callId);
    if (!resolve) return;
    this.pending.delete(callId);
    resolve(this.vet(answer));
  }

  /** Answers every pending call with an error; later calls get one at once. */
  close(): void {
    this.closed = true;
    for (const resolve of this.pending.values()) resolve(errorAnswer(SESSION_CLOSED));
    this.pending.clear();
  }
}
