/**
 * One numbered channel of a session: the client's commands cut as the gateway
 * reads them, the answers owed to the client in command order, and the Py4J
 * connection serving it now. Answers the relay gives itself (a refused
 * command's error, a call lost with its connection) wait in the queue until
 * every answer owed before them has come from the JVM, so the client always
 * reads its answers in the order of its commands.
 */
import { CommandFramer } from './command-guard.ts';
import { AnswerBatcher } from './answer-batcher.ts';
import { Fifo } from './fifo.ts';
import type { ChannelConnection } from './channel-connection.ts';

/** An answer owed to the client: one the JVM will send, or a line the relay already has. */
export type OwedAnswer = { from: 'jvm' } | { from: 'relay'; line: string };

const FROM_JVM: OwedAnswer = { from: 'jvm' };

export class Channel {
  readonly framer = new CommandFramer();
  /** Characters received since the last frame that ended on a command boundary. */
  unfinishedChars = 0;
  connection: ChannelConnection | null = null;
  readonly batcher: AnswerBatcher;
  private owed = new Fifo<OwedAnswer>();

  constructor(
    readonly id: number,
    holdMs: number,
    send: (lines: string[]) => void,
  ) {
    this.batcher = new AnswerBatcher(holdMs, send);
  }

  oweFromJvm(): void {
    this.owed.push(FROM_JVM);
  }

  oweFromRelay(line: string): void {
    this.owed.push({ from: 'relay', line });
  }

  /**
   * Takes the JVM's answer lines (each one owed, in order) and returns the
   * lines now due to the client, the relay's own answers placed between them.
   */
  receive(jvmLines: readonly string[]): string[] {
    const due: string[] = [];
    this.takeRelayAnswers(due);
    for (const line of jvmLines) {
      this.owed.shift();
      due.push(line);
      this.takeRelayAnswers(due);
    }
    return due;
  }

  /** The relay's answers at the head of the queue, due now that no JVM answer is ahead of them. */
  due(): string[] {
    const due: string[] = [];
    this.takeRelayAnswers(due);
    return due;
  }

  /**
   * The next `count` answers owed by the JVM will never come (their
   * connection is gone): each becomes `line`. Returns the lines now due.
   */
  failNext(count: number, line: string): string[] {
    let left = count;
    const rest = this.owed.drain();
    for (const owed of rest) {
      if (left > 0 && owed.from === 'jvm') {
        this.owed.push({ from: 'relay', line });
        left--;
      } else {
        this.owed.push(owed);
      }
    }
    return this.due();
  }

  /** Forgets everything owed and held: the client gave up on those calls (reset, or the session ended). */
  forget(): void {
    this.owed = new Fifo();
    this.batcher.discard();
  }

  private takeRelayAnswers(into: string[]): void {
    for (let next = this.owed.peek(); next !== undefined && next.from === 'relay'; next = this.owed.peek()) {
      into.push(next.line);
      this.owed.shift();
    }
  }
}
