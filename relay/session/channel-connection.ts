/**
 * The Py4J connection that serves one channel, with the number of answers it
 * still owes. A connection is retired when its channel is reset or its
 * session ends: it then serves nobody. The JVM finishes the calls it was
 * given either way, and only a connection still open can hear the ids their
 * late answers hand out, so a retired connection deletes those ids itself and
 * closes once it owes nothing.
 *
 * In pinned-thread mode (Py4J's ClientServer), the JVM calls our callbacks on
 * the connection of the call that triggered them, while that call waits: a
 * line that is not an answer (`!…`) starts such a command, which ends with its
 * `e` line, and its answer goes back on the same connection.
 */
import { deleteCommand, isFatalAnswer } from '../../protocol/py4j/index.ts';
import type { RelayError } from '../errors.ts';
import { GatewayConnection } from '../jvm/gateway-connection.ts';
import type { ConnectionPrelude, GatewayTarget } from '../jvm/gateway-target.ts';
import type { Backpressure } from './backpressure.ts';
import type { Channel } from './channel.ts';
import { answerId } from './ledger.ts';

export interface ChannelConnectionEvents {
  /** Answer lines for the channel, each the answer to one command forwarded on this connection. */
  answers(connection: ChannelConnection, lines: string[]): void;
  /** A callback command the JVM sent on this connection; resolves with its answer line. */
  callback(command: string): Promise<string>;
  /**
   * The JVM answered fatally (`!z`): the server closes the connection right
   * after, without reading what was sent behind the fatal command.
   */
  fatal(connection: ChannelConnection): void;
  /** The connection closed: `error` is null when the relay closed it. */
  closed(connection: ChannelConnection, error: RelayError | null): void;
  /** Ids a retired connection deleted because nobody could any more. */
  releasedLate(count: number): void;
}

export class ChannelConnection {
  private readonly conn: GatewayConnection;
  /** Answers the JVM still owes on this connection. */
  owed = 0;
  /** The channel it serves, or null once retired. */
  private served: Channel | null;
  /** A callback command the JVM is sending, line by line. */
  private incoming: string[] | null = null;

  constructor(
    target: GatewayTarget,
    channel: Channel | null,
    private readonly events: ChannelConnectionEvents,
    private readonly flow: Backpressure,
    prelude?: ConnectionPrelude,
  ) {
    this.served = channel;
    this.conn = GatewayConnection.open(target, { prelude });
    flow.track(this.conn);
    this.conn.onLines((lines) => this.onLines(lines));
    this.conn.onClose((error) => this.events.closed(this, error));
  }

  get channel(): Channel | null {
    return this.served;
  }

  /** Sends whole commands that owe `count` answers, in one write. */
  send(commands: string, count: number): void {
    this.owed += count;
    this.flow.wrote(this.conn, this.conn.write(commands));
  }

  /** Stops serving the channel; closes at once when nothing is owed. */
  retire(): void {
    this.served = null;
    this.incoming = null;
    if (this.owed === 0) this.conn.close();
  }

  destroy(): void {
    this.conn.destroy();
  }

  /** Gives up on the connection at once; returns how many answers it still owed. */
  abandon(): number {
    const owed = this.owed;
    this.owed = 0;
    this.served = null;
    this.incoming = null;
    this.conn.destroy();
    return owed;
  }

  private onLines(lines: string[]): void {
    if (this.served === null) {
      this.onRetiredLines(lines);
      return;
    }
    const answers: string[] = [];
    let fatal = false;
    for (const line of lines) {
      if (this.takeIncoming(line)) continue;
      // A line nothing asked for, such as the `!z` the server may write as a connection ends.
      if (this.owed === 0) continue;
      this.owed--;
      answers.push(line);
      fatal = isFatalAnswer(line);
      if (fatal) break;
    }
    if (answers.length > 0) this.events.answers(this, answers);
    if (fatal) this.events.fatal(this);
  }

  private onRetiredLines(lines: string[]): void {
    const ids: string[] = [];
    for (const line of lines) {
      if (this.owed === 0) continue;
      this.owed--;
      const id = answerId(line);
      if (id !== null) ids.push(id);
    }
    if (ids.length > 0) {
      this.owed += ids.length;
      this.conn.write(ids.map(deleteCommand).join(''));
      this.events.releasedLate(ids.length);
    }
    if (this.owed === 0) this.conn.close();
  }

  private takeIncoming(line: string): boolean {
    if (this.incoming === null) {
      if (line.startsWith('!') || this.owed === 0) return false;
      this.incoming = [];
    }
    this.incoming.push(line);
    if (line !== 'e') return true;
    const command = `${this.incoming.join('\n')}\n`;
    this.incoming = null;
    void this.events.callback(command).then((answer) => this.conn.write(answer));
    return true;
  }
}
