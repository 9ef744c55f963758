/**
 * One browser (or headless runner) session: a WebSocket on one side, one
 * authenticated Py4J connection per channel on the other.
 *
 * Wire format on the WebSocket, all text frames:
 * - client → relay: `<channel>\n<one or more whole Py4J commands>`, or a JSON
 *   control message `{"type":"reset-channel","channel":N}`.
 * - relay → client: `<channel>\n<answer line>\n<answer line>\n…`: the complete
 *   answer lines of at least one whole TCP read, in command order; and JSON
 *   control messages: `{"type":"hello","mode":"embedded"|"attach"}` on
 *   connect, `{"type":"channel-reset","channel":N}` after a reset-channel.
 *
 * Each channel is its own lazily opened, authenticated Py4J connection:
 * commands on one channel are answered in order, channels do not wait for
 * each other.
 *
 * Every command passes the command guard; a refused one is answered in its
 * place in the answer stream. The ledger watches every command and answer so
 * that the ids still live when the WebSocket closes — for any reason — are
 * deleted on the JVM.
 */
import type { RawData, WebSocket } from 'ws';
import { CommandFramer, deleteCommand, escapeString, FrameLimitError } from '../../protocol/py4j/index.ts';
import { guardCommand } from './command-guard.ts';
import { vetCallbackAnswer } from './id-check.ts';
import type { RelayError } from '../errors.ts';
import { GatewayConnection } from '../jvm/gateway-connection.ts';
import type { GatewayMode, GatewayProvider, GatewayTarget } from '../jvm/gateway-target.ts';
import { answerId, Ledger } from './ledger.ts';
import { Backpressure } from './backpressure.ts';
import type { CallbackRouter } from './callback-router.ts';

/** WebSocket close code: the JVM, or the connection to its gateway, is gone. */
export const CLOSE_GATEWAY_LOST = 4001;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_UNSUPPORTED = 1003;
const CLOSE_POLICY = 1008;
/** Answers held for joining are sent anyway once this many are waiting. */
const MAX_HELD_LINES = 65_536;

/**
 * Relay → client control messages. `channel-reset` confirms a reset-channel:
 * every answer message for that channel sent before it belongs to the old
 * connection, every one after it to the new one.
 */
export type RelayControlMessage =
  | { type: 'hello'; mode: GatewayMode; session: string }
  | { type: 'channel-reset'; channel: number }
  /** The JVM calls a TypeScript callback: answer with `callback-answer` and the same callId. */
  | { type: 'callback'; callId: number; command: string };
/** Client → relay control messages. */
export type ClientControlMessage =
  | { type: 'reset-channel'; channel: number }
  /** The answer line (`!y…\n` or `!x…\n`) to a `callback`. */
  | { type: 'callback-answer'; callId: number; answer: string };

export interface RelaySessionOptions {
  socket: WebSocket;
  gateway: GatewayProvider;
  log?: (line: string) => void;
  /** How long the release of live ids at the end may take; default 10 s. */
  releaseTimeoutMs?: number;
  /** Most channels one session may use at once; default 64. */
  maxChannels?: number;
  /** Most characters of one unfinished command kept across messages; default 64 MiB. */
  maxCommandChars?: number;
  /** How long answers may wait for more of the same batch; default 2 ms. */
  holdMs?: number;
  /** Routes the JVM's calls of this session's callbacks to it. */
  callbacks?: CallbackRouter;
}

export interface SessionSummary {
  /** Ids the relay deleted on the JVM because the client could no longer do it. */
  released: number;
  /** Ids that were live when the session ended but could not be deleted (JVM gone, time bound reached). */
  leaked: number;
  /** Calls whose connection closed before the JVM answered them (e.g. a call that never returned). */
  unanswered: number;
}

/** A Py4J connection and the number of answers it still owes. */
interface Lane {
  conn: GatewayConnection;
  /** The channel it serves, or null once retired (reset, or the session ended). */
  channel: Channel | null;
  outstanding: number;
  /** A command the JVM is sending us on this connection (a callback in pinned-thread mode), line by line. */
  incoming: string[] | null;
}

/** Marks an expected answer that comes from the JVM; a string is an injected answer line. */
const FORWARD = null;
type Expected = string | typeof FORWARD;

interface Channel {
  id: number;
  framer: CommandFramer;
  /** The answers owed to the client, in command order. */
  expected: Fifo<Expected>;
  lane: Lane | null;
  /** Answer lines waiting to be sent (see RelaySession.sendAnswers). */
  outbox: string[];
  holdTimer: NodeJS.Timeout | undefined;
  flushQueued: boolean;
}

export class RelaySession {
  /** Settles once the session has ended and its ids are released (or given up on). */
  readonly closed: Promise<SessionSummary>;
  private readonly ws: WebSocket;
  private readonly gateway: GatewayProvider;
  private readonly log: (line: string) => void;
  private readonly releaseTimeoutMs: number;
  private readonly maxChannels: number;
  private readonly maxCommandChars: number;
  private readonly holdMs: number;
  private readonly ledger = new Ledger();
  private readonly backpressure: Backpressure;
  private readonly channels = new Map<number, Channel>();
  private readonly lanes = new Set<Lane>();
  private readonly unsubscribe: () => void;
  /** The gateway this session's ids live in; fixed by its first connection. */
  private target: GatewayTarget | null = null;
  private targetGone = false;
  private ending = false;
  private released = 0;
  private leaked = 0;
  private unanswered = 0;
  private checkDone: () => void = () => {};
  /** This session's id: callback ids start with `p<id>_`. */
  readonly id: string;
  private readonly router: CallbackRouter | undefined;
  private nextCallbackId = 0;
  private readonly pendingCallbacks = new Map<number, (answer: string) => void>();
  private resolveClosed!: (summary: SessionSummary) => void;

  constructor(opts: RelaySessionOptions) {
    this.ws = opts.socket;
    this.backpressure = new Backpressure(this.ws);
    this.gateway = opts.gateway;
    this.log = opts.log ?? (() => {});
    this.releaseTimeoutMs = opts.releaseTimeoutMs ?? 10_000;
    this.maxChannels = opts.maxChannels ?? 64;
    this.maxCommandChars = opts.maxCommandChars ?? 64 * 1024 * 1024;
    this.holdMs = opts.holdMs ?? 2;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));

    this.unsubscribe = this.gateway.onChange((next) => this.onGatewayChange(next));
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('error', (err) => this.log(`WebSocket error: ${err.message}`));
    this.ws.on('close', () => this.end());
    this.router = opts.callbacks;
    this.id = this.router ? this.router.add(this) : 'nocallbacks';
    this.sendControl({ type: 'hello', mode: this.gateway.mode, session: this.id });
  }

  /** Closes the WebSocket; the release of live ids follows. */
  close(code = CLOSE_GOING_AWAY, reason = 'The relay is shutting down.'): void {
    this.closeSocket(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ending) return;
    if (isBinary) {
      this.closeSocket(CLOSE_UNSUPPORTED, 'Only text frames are part of the protocol.');
      return;
    }
    const text = rawText(data);
    if (text.startsWith('{')) {
      this.onControl(text);
      return;
    }
    const newline = text.indexOf('\n');
    const head = newline < 0 ? text : text.slice(0, newline);
    if (newline < 0 || !/^\d{1,9}$/.test(head)) {
      this.closeSocket(
        CLOSE_POLICY,
        `Expected "<channel>\\n<commands>" with a decimal channel, got ${JSON.stringify(head.slice(0, 20))}.`,
      );
      return;
    }
    const channel = this.channel(Number(head));
    if (channel) this.onCommands(channel, text.slice(newline + 1));
  }

  private onControl(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.closeSocket(CLOSE_POLICY, 'A control message is not valid JSON.');
      return;
    }
    const type = isRecord(message) ? message.type : undefined;
    if (type === 'callback-answer') {
      this.onCallbackAnswer(message as Record<string, unknown>);
      return;
    }
    if (type !== 'reset-channel') {
      this.closeSocket(CLOSE_POLICY, `Unknown control message type ${JSON.stringify(type ?? null).slice(0, 40)}.`);
      return;
    }
    const channel = (message as Record<string, unknown>).channel;
    if (typeof channel !== 'number' || !Number.isSafeInteger(channel) || channel < 0) {
      this.closeSocket(CLOSE_POLICY, 'reset-channel needs "channel": an integer >= 0.');
      return;
    }
    this.resetChannel(channel);
  }

  private channel(id: number): Channel | null {
    let channel = this.channels.get(id);
    if (!channel) {
      if (this.channels.size >= this.maxChannels) {
        this.closeSocket(CLOSE_POLICY, `Too many channels: a session may use at most ${this.maxChannels}.`);
        return null;
      }
      channel = {
        id,
        framer: new CommandFramer({ maxCommandChars: this.maxCommandChars }),
        expected: new Fifo(),
        lane: null,
        outbox: [],
        holdTimer: undefined,
        flushQueued: false,
      };
      this.channels.set(id, channel);
    }
    return channel;
  }

  /**
   * Forwards the whole commands of one message in a single TCP write, so a
   * batch pipelined by the client stays pipelined to the JVM, and queues the
   * error answers of refused commands in their places.
   */
  private onCommands(channel: Channel, body: string): void {
    let commands;
    try {
      commands = channel.framer.push(body);
    } catch (error) {
      if (!(error instanceof FrameLimitError)) throw error;
      this.closeSocket(CLOSE_POLICY, `On channel ${channel.id}: ${error.message}`);
      return;
    }
    let batch = '';
    let forwarded = 0;
    for (const command of commands) {
      const verdict = guardCommand(command, this.ledger);
      if (verdict.allowed) {
        batch += command.text;
        forwarded++;
        channel.expected.push(FORWARD);
        this.ledger.noteCommand(command.lines);
      } else {
        channel.expected.push(verdict.answer.slice(0, -1));
      }
    }
    if (forwarded > 0) {
      const lane = this.laneFor(channel);
      if (!lane) return;
      lane.outstanding += forwarded;
      this.backpressure.wrote(lane.conn, lane.conn.write(batch));
    }
    const due: string[] = [];
    takeInjected(channel, due);
    this.sendAnswers(channel, due);
  }

  private laneFor(channel: Channel): Lane | null {
    if (channel.lane) return channel.lane;
    const target = this.target ?? this.gateway.current();
    if (!target) {
      this.closeSocket(CLOSE_GATEWAY_LOST, 'The JVM is not running (it has exited, or is still starting).');
      return null;
    }
    this.target = target;
    const lane: Lane = {
      conn: GatewayConnection.open(target, { prelude: this.gateway.prelude }),
      channel,
      outstanding: 0,
      incoming: null,
    };
    this.lanes.add(lane);
    this.backpressure.track(lane.conn);
    lane.conn.onLines((lines) => this.onLaneLines(lane, lines));
    lane.conn.onClose((error) => this.onLaneClosed(lane, error));
    channel.lane = lane;
    return lane;
  }

  private onLaneLines(lane: Lane, lines: string[]): void {
    const channel = lane.channel;
    if (channel === null) {
      this.onRetiredLines(lane, lines);
      return;
    }
    const answers: string[] = [];
    for (const line of lines) {
      if (this.takeIncoming(lane, line)) continue;
      // A line nothing asked for, such as the `!z` the server may write as a connection ends.
      if (lane.outstanding === 0) continue;
      lane.outstanding--;
      this.ledger.noteAnswer(line);
      takeInjected(channel, answers);
      channel.expected.shift();
      answers.push(line);
    }
    takeInjected(channel, answers);
    this.sendAnswers(channel, answers);
  }

  /**
   * Answers on a retired connection go to nobody: the client gave up on those
   * calls. The ids they hand out are deleted at once, on the same connection,
   * which is free again now that it answers; it closes once nothing is owed.
   */
  private onRetiredLines(lane: Lane, lines: string[]): void {
    const ids: string[] = [];
    for (const line of lines) {
      if (lane.outstanding === 0) continue;
      lane.outstanding--;
      const id = answerId(line);
      if (id !== null) ids.push(id);
    }
    if (ids.length > 0) {
      lane.outstanding += ids.length;
      this.released += ids.length;
      lane.conn.write(ids.map(deleteCommand).join(''));
      this.log(
        `Released ${ids.length} Java object${ids.length === 1 ? '' : 's'} returned by calls the client had abandoned.`,
      );
    }
    if (lane.outstanding === 0) lane.conn.close();
  }

  /**
   * In pinned-thread mode (Py4J's ClientServer), the JVM calls our callbacks
   * on the connection of the call that triggered them, while that call waits:
   * a line that is not an answer (`!…`) starts such a command, which ends with
   * its `e` line. Its answer goes back on the same connection.
   */
  private takeIncoming(lane: Lane, line: string): boolean {
    if (lane.incoming === null) {
      if (line.startsWith('!') || lane.outstanding === 0) return false;
      lane.incoming = [];
    }
    lane.incoming.push(line);
    if (line !== 'e') return true;
    const command = `${lane.incoming.join('\n')}\n`;
    lane.incoming = null;
    void this.callback(command).then((answer) => lane.conn.write(answer));
    return true;
  }

  /** Asks the client to run a callback command; resolves with its answer line. */
  callback(command: string): Promise<string> {
    if (command.startsWith('g\n')) return Promise.resolve('!yv\n');
    this.ledger.noteCallback(command);
    if (this.ending || this.ws.readyState !== this.ws.OPEN) {
      return Promise.resolve(callbackError('The notebook session that owns this callback closed.'));
    }
    const callId = ++this.nextCallbackId;
    return new Promise((resolve) => {
      this.pendingCallbacks.set(callId, resolve);
      this.sendControl({ type: 'callback', callId, command });
    });
  }

  private onCallbackAnswer(message: Record<string, unknown>): void {
    const { callId, answer } = message;
    const resolve = typeof callId === 'number' ? this.pendingCallbacks.get(callId) : undefined;
    if (!resolve) return;
    this.pendingCallbacks.delete(callId as number);
    // One answer line, as the JVM reads it (anything else would desynchronise its connection), naming only our ids.
    resolve(vetCallbackAnswer(answer, this.ledger));
  }

  private onLaneClosed(lane: Lane, error: RelayError | null): void {
    this.lanes.delete(lane);
    this.unanswered += lane.outstanding;
    const channel = lane.channel;
    if (channel !== null) {
      channel.lane = null;
      if (error && !this.ending) this.closeSocket(CLOSE_GATEWAY_LOST, `JVM gateway connection lost: ${error.message}`);
    }
    this.checkDone();
  }

  /**
   * Gives a channel a fresh start: a Java call may be blocking its connection.
   * The old connection is retired rather than dropped — the JVM finishes the
   * call either way, and only a connection still open can hear the ids it
   * hands out and delete them. Nothing more from it reaches the client.
   */
  private resetChannel(id: number): void {
    const channel = this.channels.get(id);
    if (channel) {
      this.channels.delete(id);
      retire(channel);
    }
    this.sendControl({ type: 'channel-reset', channel: id });
  }

  private onGatewayChange(next: GatewayTarget | null): void {
    if (this.target === null || (next !== null && sameTarget(next, this.target))) return;
    this.targetGone = true;
    this.closeSocket(
      CLOSE_GATEWAY_LOST,
      next === null
        ? 'The JVM stopped (it exited or is restarting): the objects of this session are gone.'
        : 'The JVM was restarted: the objects of this session are gone.',
    );
  }

  /**
   * Queues answer lines for the client, one message per channel. When the
   * channel owes nothing more, they leave at the end of this event-loop turn;
   * while more answers are on their way they wait up to `holdMs` to be joined
   * by them. With TCP_NODELAY on the server's side, a pipelined batch arrives
   * in many small reads, and a message per read would cost the browser far
   * more than the short wait.
   */
  private sendAnswers(channel: Channel, lines: readonly string[]): void {
    if (lines.length === 0 || this.ending) return;
    for (const line of lines) channel.outbox.push(line);
    const more = channel.lane !== null && channel.lane.outstanding > 0;
    if (!more || channel.outbox.length >= MAX_HELD_LINES) {
      clearTimeout(channel.holdTimer);
      channel.holdTimer = undefined;
      if (!channel.flushQueued) {
        channel.flushQueued = true;
        setImmediate(() => this.flush(channel));
      }
    } else if (channel.holdTimer === undefined && !channel.flushQueued) {
      channel.holdTimer = setTimeout(() => this.flush(channel), this.holdMs);
    }
  }

  private flush(channel: Channel): void {
    clearTimeout(channel.holdTimer);
    channel.holdTimer = undefined;
    channel.flushQueued = false;
    const lines = channel.outbox;
    channel.outbox = [];
    if (lines.length > 0 && !this.ending && this.ws.readyState === this.ws.OPEN)
      this.backpressure.send(`${channel.id}\n${lines.join('\n')}\n`);
  }

  private sendControl(message: RelayControlMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private closeSocket(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.CONNECTING || this.ws.readyState === this.ws.OPEN)
      this.ws.close(code, closeReason(reason));
    this.end();
  }

  /**
   * Ends the session: retires every connection and deletes the ids still live
   * over a fresh connection (the others may be blocked by Java calls). Retired
   * connections keep deleting the ids their late answers hand out. Everything
   * is closed once nothing is owed, or at the time bound.
   */
  private end(): void {
    if (this.ending) return;
    this.ending = true;
    this.backpressure.stop();
    this.unsubscribe();
    this.router?.remove(this.id);
    for (const resolve of this.pendingCallbacks.values())
      resolve(callbackError('The notebook session that owns this callback closed.'));
    this.pendingCallbacks.clear();
    for (const channel of this.channels.values()) retire(channel);
    this.channels.clear();

    if (this.targetGone) {
      // The objects went with the JVM: there is nothing left to release or wait for.
      for (const lane of this.lanes) lane.conn.destroy();
    } else {
      this.releaseLive();
    }
    const timer = setTimeout(() => {
      for (const lane of this.lanes) lane.conn.destroy();
    }, this.releaseTimeoutMs);
    timer.unref();
    this.checkDone = () => {
      if (this.lanes.size > 0) return;
      clearTimeout(timer);
      this.checkDone = () => {};
      this.resolveClosed({ released: this.released, leaked: this.leaked, unanswered: this.unanswered });
    };
    this.checkDone();
  }

  private releaseLive(): void {
    const ids = this.ledger.live();
    if (ids.length === 0 || this.target === null) return;
    const releaser: Lane = {
      conn: GatewayConnection.open(this.target),
      channel: null,
      outstanding: ids.length,
      incoming: null,
    };
    this.lanes.add(releaser);
    releaser.conn.onLines((lines) => {
      const answered = Math.min(lines.length, releaser.outstanding);
      releaser.outstanding -= answered;
      this.released += answered;
      if (releaser.outstanding === 0) releaser.conn.close();
    });
    releaser.conn.onClose((error) => {
      this.leaked += releaser.outstanding;
      if (error) this.log(`Session end: could not release ${releaser.outstanding} Java objects: ${error.message}`);
      this.lanes.delete(releaser);
      this.checkDone();
    });
    releaser.conn.write(ids.map(deleteCommand).join(''));
  }
}

function callbackError(message: string): string {
  return `!xs${escapeString(message)}\n`;
}

/** Detaches a channel's connection: see RelaySession.resetChannel. */
function retire(channel: Channel): void {
  const lane = channel.lane;
  channel.lane = null;
  channel.expected = new Fifo();
  // Held answers belong to calls the client has given up on.
  clearTimeout(channel.holdTimer);
  channel.holdTimer = undefined;
  channel.outbox = [];
  if (!lane) return;
  lane.channel = null;
  if (lane.outstanding === 0) lane.conn.close();
}

/** Moves the injected answers at the head of the queue, due now that nothing forwarded is ahead of them. */
function takeInjected(channel: Channel, into: string[]): void {
  for (let next = channel.expected.peek(); typeof next === 'string'; next = channel.expected.peek()) {
    into.push(next);
    channel.expected.shift();
  }
}

function sameTarget(a: GatewayTarget, b: GatewayTarget): boolean {
  return a.host === b.host && a.port === b.port && a.token === b.token;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason;
  let cut = reason.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** A queue with O(1) shift, for answers owed by the thousand. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
