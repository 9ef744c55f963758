/**
 * Sends Py4J commands over a transport and matches answers to calls in order,
 * per channel. Commands issued in the same tick are coalesced into one
 * transport message per channel, so `Promise.all` of many calls travels as one
 * message and comes back as few. Releases are ordered before every command
 * issued after them, on any channel (see `release`).
 */
import { CONNECTION_LOST_PREFIX, decodeAnswer, LineSplitter, type Answer } from '../../protocol/py4j/index.ts';
import { ConnectionLostError, GatewayClosedError } from './errors.ts';
import type { Transport } from './transport.ts';

interface Pending {
  resolve(answer: Answer): void;
  reject(error: Error): void;
  /** A release (`m d`): does not count as load, and later commands on other channels wait for it. */
  release: boolean;
}

/** Commands held back until releases issued before them on other channels are answered. */
interface Held {
  commands: string[];
  /** How many of them are not releases. */
  calls: number;
  /** Per channel, how many of its releases must be answered first. */
  waits: Map<Channel, number>;
}

interface Channel {
  id: number;
  pending: Pending[];
  /** Index of the first pending entry still waiting; entries before it are answered. */
  head: number;
  outbox: string[];
  /** Oldest first; each is sent once its waits are met and the ones before it are sent. */
  held: Held[];
  /** Calls (not releases) not yet answered, and how many of them are not sent yet. */
  calls: number;
  unsentCalls: number;
  releasesIssued: number;
  releasesAnswered: number;
  splitter: LineSplitter;
}

interface Deferred {
  command: string;
  pending: Pending;
}

export interface CommandPipelineOptions {
  /** The channel for releases that no command follows in the same tick; default 0. */
  releaseChannel?: () => number;
}

export class CommandPipeline {
  private readonly channels = new Map<number, Channel>();
  private flushScheduled = false;
  private closedWith: Error | null = null;
  /** Releases waiting for the next command of this tick, to travel on its channel just before it. */
  private deferred: Deferred[] = [];
  /** Releases issued and not yet answered, over all channels. */
  private releasesOwed = 0;
  private heldCount = 0;
  private readonly releaseChannel: () => number;
  /** Round trips started: transport messages sent. */
  messagesSent = 0;
  commandsSent = 0;

  constructor(
    private readonly transport: Transport,
    options: CommandPipelineOptions = {},
  ) {
    this.releaseChannel = options.releaseChannel ?? (() => 0);
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
    if (this.deferred.length > 0) this.placeDeferred(ch);
    return new Promise<Answer>((resolve, reject) => {
      this.enqueue(ch, command, { resolve, reject, release: false });
    });
  }

  /**
   * Queues a release (`m d <id>`) so that every command issued after it, on
   * any channel, reaches the JVM after it: Py4J's own `detach` is a blocking
   * call, and a count read right after a release must not see the object.
   * The release travels on the channel of the next command of this tick, just
   * before that command, which costs no round trip; a release that no command
   * follows goes out at the end of the tick, and a later command on another
   * channel waits for its answer (channels are separate connections, served
   * by separate threads on the JVM, so nothing else orders them).
   */
  release(command: string): Promise<Answer> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise<Answer>((resolve, reject) => {
      this.deferred.push({ command, pending: { resolve, reject, release: true } });
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
      // Releases in flight are quick and never block a connection: they are no reason to move on.
      const load = ch ? ch.calls - ch.unsentCalls : 0;
      if (load === 0) return id;
      if (load < bestLoad) {
        best = id;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Channels with calls (not only releases) waiting for an answer. */
  busyChannels(): number[] {
    return [...this.channels].filter(([, ch]) => ch.calls > 0).map(([id]) => id);
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
    this.drop(ch);
    this.transport.resetChannel(channel);
    for (const p of waiting) p.reject(error);
    // Commands held for this channel's releases wait no more: those releases will not be answered.
    this.releaseHeld();
  }

  /** Forgets a channel and the releases it owed. */
  private drop(ch: Channel): void {
    this.channels.delete(ch.id);
    this.releasesOwed -= ch.releasesIssued - ch.releasesAnswered;
    this.heldCount -= ch.held.length;
  }

  private channel(id: number): Channel {
    let ch = this.channels.get(id);
    if (!ch) {
      ch = {
        id,
        pending: [],
        head: 0,
        outbox: [],
        held: [],
        calls: 0,
        unsentCalls: 0,
        releasesIssued: 0,
        releasesAnswered: 0,
        splitter: new LineSplitter(),
      };
      this.channels.set(id, ch);
    }
    return ch;
  }

  /** Releases deferred so far travel on `ch`, in the order they were issued. */
  private placeDeferred(ch: Channel): void {
    const deferred = this.deferred;
    this.deferred = [];
    for (const d of deferred) this.enqueue(ch, d.command, d.pending);
  }

  private enqueue(ch: Channel, command: string, pending: Pending): void {
    ch.pending.push(pending);
    this.commandsSent++;
    if (pending.release) {
      ch.releasesIssued++;
      this.releasesOwed++;
    } else {
      ch.calls++;
      ch.unsentCalls++;
    }
    const waits = this.releasesOwed > 0 || ch.held.length > 0 ? this.waitsFor(ch) : null;
    if (waits === null && ch.held.length === 0) {
      ch.outbox.push(command);
    } else {
      const last = ch.held.at(-1);
      if (last && covers(last.waits, waits)) {
        last.commands.push(command);
        if (!pending.release) last.calls++;
      } else {
        ch.held.push({ commands: [command], calls: pending.release ? 0 : 1, waits: waits ?? new Map() });
        this.heldCount++;
      }
    }
    this.scheduleFlush();
  }

  /** The releases on other channels a new command on `ch` must wait for, or null for none. */
  private waitsFor(ch: Channel): Map<Channel, number> | null {
    let waits: Map<Channel, number> | null = null;
    for (const other of this.channels.values()) {
      if (other === ch || other.releasesAnswered >= other.releasesIssued) continue;
      waits ??= new Map();
      waits.set(other, other.releasesIssued);
    }
    return waits;
  }

  /** Moves held commands whose releases have been answered to their outboxes. */
  private releaseHeld(): void {
    if (this.heldCount === 0) return;
    for (const ch of this.channels.values()) {
      while (ch.held.length > 0 && this.met(ch.held[0]!.waits)) {
        const block = ch.held.shift()!;
        this.heldCount--;
        for (const command of block.commands) ch.outbox.push(command);
        this.scheduleFlush();
      }
    }
  }

  private met(waits: Map<Channel, number>): boolean {
    for (const [other, count] of waits) {
      if (this.channels.get(other.id) === other && other.releasesAnswered < count) return false;
    }
    return true;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closedWith) return;
    if (this.deferred.length > 0) this.placeDeferred(this.channel(this.releaseChannel()));
    for (const [id, ch] of this.channels) {
      if (ch.outbox.length === 0) continue;
      const text = ch.outbox.length === 1 ? ch.outbox[0]! : ch.outbox.join('');
      ch.outbox = [];
      ch.unsentCalls = ch.held.reduce((n, block) => n + block.calls, 0);
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
      if (pending.release) {
        ch.releasesAnswered++;
        this.releasesOwed--;
      } else {
        ch.calls--;
      }
      try {
        const answer = decodeAnswer(line);
        // Rejected here, not left to each caller: name resolution, overload lookup and the
        // rest would each read it as a different, misleading gateway error.
        if (answer.type === 'gateway-error' && answer.message.startsWith(CONNECTION_LOST_PREFIX)) {
          pending.reject(new ConnectionLostError(answer.message));
        } else {
          pending.resolve(answer);
        }
      } catch (error) {
        pending.reject(error as Error);
      }
    }
    this.releaseHeld();
  }

  private fail(reason: Error): void {
    if (this.closedWith) return;
    this.closedWith =
      reason instanceof GatewayClosedError ? reason : new GatewayClosedError(reason.message, { cause: reason });
    const deferred = this.deferred;
    this.deferred = [];
    for (const d of deferred) d.pending.reject(this.closedWith);
    for (const ch of this.channels.values()) {
      const waiting = ch.pending.slice(ch.head);
      ch.pending = [];
      ch.head = 0;
      for (const p of waiting) p.reject(this.closedWith);
    }
    this.channels.clear();
    this.releasesOwed = 0;
    this.heldCount = 0;
  }
}

/** Whether a held block's waits already include every wait of a new command. */
function covers(held: Map<Channel, number>, waits: Map<Channel, number> | null): boolean {
  if (waits === null) return true;
  for (const [ch, count] of waits) if ((held.get(ch) ?? 0) < count) return false;
  return true;
}
