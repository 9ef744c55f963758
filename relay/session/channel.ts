/**
 * One numbered channel of a session: the client's commands cut as the gateway
 * reads them, the answers owed to the client in command order, and the Py4J
 * connection serving it now. Answers the relay gives itself (a refused
 * command's error, a call lost with its connection) wait in the queue until
 * every answer owed before them has come from the JVM, so the client always
 * reads its answers in the order of its commands.
 */
import { CommandFramer } from '../../protocol/py4j/index.ts';
import { AnswerBatcher } from './answer-batcher.ts';
import { Fifo } from './fifo.ts';
import type { ChannelConnection } from './channel-connection.ts';

/**
 * An answer owed to the client: one the JVM will send (for a delete, with the
 * id it deletes), or a line the relay already has.
 */
export type OwedAnswer = { from: 'jvm'; deletes: string | null } | { from: 'relay'; line: string };

const FROM_JVM: OwedAnswer = { from: 'jvm', deletes: null };

export class Channel {
  /** Cuts the client's text into commands as the gateway reads them, within the size bound. */
  readonly framer: CommandFramer;
  connection: ChannelConnection | null = null;
  readonly batcher: AnswerBatcher;
  private owed = new Fifo<OwedAnswer>();

  constructor(
    readonly id: number,
    limits: { holdMs: number; maxCommandChars: number },
    send: (lines: string[]) => void,
  ) {
    this.framer = new CommandFramer({ maxCommandChars: limits.maxCommandChars });
    this.batcher = new AnswerBatcher(limits.holdMs, send);
  }

  /** `deletes`: the id of an `m d` command, which is only gone from the JVM once it is answered. */
  oweFromJvm(deletes: string | null = null): void {
    this.owed.push(deletes === null ? FROM_JVM : { from: 'jvm', deletes });
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
   * connection is gone): each becomes `line`. Returns the lines now due, and
   * the ids of the deletes among the lost commands: those objects still live.
   */
  failNext(count: number, line: string): { due: string[]; undeleted: string[] } {
    let left = count;
    const undeleted: string[] = [];
    for (const owed of this.owed.drain()) {
      if (left > 0 && owed.from === 'jvm') {
        if (owed.deletes !== null) undeleted.push(owed.deletes);
        this.owed.push({ from: 'relay', line });
        left--;
      } else {
        this.owed.push(owed);
      }
    }
    return { due: this.due(), undeleted };
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
