/**
 * Sends Py4J commands over a transport and matches answers to calls in order,
 * per channel. Commands issued in the same tick are coalesced into one
 * transport message per channel, so `Promise.all` of many calls travels as one
 * message and comes back as few.
 */
import { decodeAnswer, LineSplitter, type Answer } from '../../protocol/py4j/index.ts';
import { GatewayClosedError } from './errors.ts';
import type { Transport } from './transport.ts';

interface Pending {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

interface Channel {
  pending: Pending[];
  /** Index of the first pending entry still waiting; entries before it are answered. */
  head: number;
  outbox: string[];
  splitter: LineSplitter;
}

export class CommandPipeline {
  private readonly channels = new Map<number, Channel>();
  private flushScheduled = false;
  private closedWith: Error | null = null;
  /** Round trips started: transport messages sent. */
  messagesSent = 0;
  commandsSent = 0;

  constructor(private readonly transport: Transport) {
    transport.onAnswers((channel, text) => this.receive(channel, text));
    transport.onClose((reason) => this.fail(reason));
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** Queues one complete command; resolves with its decoded answer. */
  request(command: string, channel = 0): Promise<Answer> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const ch = this.channel(channel);
    return new Promise<Answer>((resolve, reject) => {
      ch.pending.push({ resolve, reject });
      ch.outbox.push(command);
      this.commandsSent++;
      this.scheduleFlush();
    });
  }

  /** Number of calls waiting for an answer on a channel. */
  inFlight(channel = 0): number {
    const ch = this.channels.get(channel);
    return ch ? ch.pending.length - ch.head : 0;
  }

  /**
   * The channel for a new call: the first of `candidates` that has nothing in
   * flight from an earlier tick. Calls issued in the same tick share a channel
   * (and one message); a call issued while the main channel waits — typically
   * a nested call from a Java→TypeScript callback, while the Java call that
   * triggered the callback blocks its connection — goes to a free channel
   * instead of queueing behind the blocked one (which would deadlock).
   */
  pickChannel(candidates: readonly number[]): number {
    let best = candidates[0]!;
    let bestLoad = Infinity;
    for (const id of candidates) {
      const ch = this.channels.get(id);
      const load = ch ? ch.pending.length - ch.head - ch.outbox.length : 0;
      if (load === 0) return id;
      if (load < bestLoad) {
        best = id;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Channels with calls waiting for an answer. */
  busyChannels(): number[] {
    return [...this.channels].filter(([, ch]) => ch.pending.length > ch.head).map(([id]) => id);
  }

  /**
   * Gives up on every call pending on a channel (they reject with `error`) and
   * asks the transport for a fresh connection behind it.
   */
  abandon(channel: number, error: Error): void {
    const ch = this.channels.get(channel);
    if (!ch) return;
    this.flush();
    const waiting = ch.pending.slice(ch.head);
    this.channels.delete(channel);
    this.transport.resetChannel(channel);
    for (const p of waiting) p.reject(error);
  }

  private channel(id: number): Channel {
    let ch = this.channels.get(id);
    if (!ch) {
      ch = { pending: [], head: 0, outbox: [], splitter: new LineSplitter() };
      this.channels.set(id, ch);
    }
    return ch;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closedWith) return;
    for (const [id, ch] of this.channels) {
      if (ch.outbox.length === 0) continue;
      const text = ch.outbox.length === 1 ? ch.outbox[0]! : ch.outbox.join('');
      ch.outbox = [];
      this.messagesSent++;
      this.transport.send(id, text);
    }
  }

  private receive(channelId: number, text: string): void {
    const ch = this.channels.get(channelId);
    if (!ch) return;
    for (const line of ch.splitter.push(text)) {
      // The server may write one answer (a `!z`) as it closes a connection
      // nobody is waiting on: an answer with no pending call is dropped.
      if (ch.head >= ch.pending.length) continue;
      const pending = ch.pending[ch.head]!;
      ch.pending[ch.head] = undefined as unknown as Pending;
      ch.head++;
      if (ch.head > 1024 && ch.head * 2 > ch.pending.length) {
        ch.pending = ch.pending.slice(ch.head);
        ch.head = 0;
      }
      try {
        pending.resolve(decodeAnswer(line));
      } catch (error) {
        pending.reject(error as Error);
      }
    }
  }

  private fail(reason: Error): void {
    if (this.closedWith) return;
    this.closedWith =
      reason instanceof GatewayClosedError ? reason : new GatewayClosedError(reason.message, { cause: reason });
    for (const ch of this.channels.values()) {
      const waiting = ch.pending.slice(ch.head);
      ch.pending = [];
      ch.head = 0;
      for (const p of waiting) p.reject(this.closedWith);
    }
    this.channels.clear();
  }
}
