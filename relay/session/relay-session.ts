/**
 * One kernel session: a WebSocket on one side (frames in
 * protocol/relay-frames.ts), one authenticated Py4J connection per channel on
 * the other, opened on first use and pipelined end to end.
 *
 * Every command passes the command guard; a refused one is answered in its
 * place in the answer stream. The ledger watches every command and answer so
 * that the ids still live when the WebSocket closes — for any reason — are
 * deleted on the JVM.
 *
 * A Py4J connection the JVM closes (a read timeout, a fatal answer) costs the
 * calls it still owed, which fail with a clear error; the channel opens a new
 * connection for its next command and the session goes on. Only when the JVM
 * itself is gone (it exited, was restarted, or no longer accepts connections)
 * does the session end.
 */
import type { RawData, WebSocket } from 'ws';
import {
  CloseCode,
  closeReason,
  decodeKernelFrame,
  encodeAnswerFrame,
  encodeControl,
  type RelayControlMessage,
} from '../../protocol/relay-frames.ts';
import { connectionLostAnswer, FrameLimitError, isGcCommand, voidAnswer } from '../../protocol/py4j/index.ts';
import type { RelayError } from '../errors.ts';
import { gatewayAnswers } from '../jvm/gateway-probe.ts';
import { describeTarget, type GatewayProvider, type GatewayTarget } from '../jvm/gateway-target.ts';
import { Backpressure } from './backpressure.ts';
import type { CallbackRouter } from './callback-router.ts';
import { Channel } from './channel.ts';
import { ChannelConnection } from './channel-connection.ts';
import { guardCommand } from './command-guard.ts';
import { vetCallbackAnswer } from './id-check.ts';
import { Ledger } from './ledger.ts';
import { releaseIds, type ReleaseHandle } from './release-on-close.ts';
import { SessionCallbacks } from './session-callbacks.ts';

export interface RelaySessionOptions {
  socket: WebSocket;
  gateway: GatewayProvider;
  log?: (line: string) => void;
  /** How long the release of live ids at the end may take; default 10 s. */
  releaseTimeoutMs?: number;
  /** Most channels one session may use at once; default 64. */
  maxChannels?: number;
  /** Most characters of one unfinished command kept across frames; default 64 MiB. */
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

/** Errors meaning the JVM cannot be reached at all, rather than one connection lost. */
const JVM_GONE = new Set(['E_GATEWAY_UNREACHABLE', 'E_GATEWAY_AUTH', 'E_JVM_EXITED']);

export class RelaySession {
  /** Settles once the session has ended and its ids are released (or given up on). */
  readonly closed: Promise<SessionSummary>;
  /** This session's id: its kernel's callback ids start with `p<id>_`. */
  readonly id: string;
  private readonly ws: WebSocket;
  private readonly gateway: GatewayProvider;
  private readonly log: (line: string) => void;
  private readonly releaseTimeoutMs: number;
  private readonly maxChannels: number;
  private readonly maxCommandChars: number;
  private readonly holdMs: number;
  private readonly router: CallbackRouter | undefined;
  private readonly ledger = new Ledger();
  private readonly callbacks: SessionCallbacks;
  private readonly backpressure: Backpressure;
  private readonly channels = new Map<number, Channel>();
  /** Every open connection: serving a channel, or retired and finishing its calls. */
  private readonly connections = new Set<ChannelConnection>();
  private releaser: ReleaseHandle | null = null;
  private readonly unsubscribe: () => void;
  /** The gateway this session's ids live in; fixed by its first connection. */
  private target: GatewayTarget | null = null;
  private targetGone = false;
  private ending = false;
  private released = 0;
  private leaked = 0;
  private unanswered = 0;
  private checkDone: () => void = () => {};
  private resolveClosed!: (summary: SessionSummary) => void;

  constructor(opts: RelaySessionOptions) {
    this.ws = opts.socket;
    this.gateway = opts.gateway;
    this.log = opts.log ?? (() => {});
    this.releaseTimeoutMs = opts.releaseTimeoutMs ?? 10_000;
    this.maxChannels = opts.maxChannels ?? 64;
    this.maxCommandChars = opts.maxCommandChars ?? 64 * 1024 * 1024;
    this.holdMs = opts.holdMs ?? 2;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.callbacks = new SessionCallbacks(
      (callId, command) => this.sendControl({ type: 'callback', callId, command }),
      // One answer line, as the JVM reads it (anything else would desynchronise its connection), naming only our ids.
      (answer) => vetCallbackAnswer(answer, this.ledger),
    );
    this.backpressure = new Backpressure(this.ws);

    this.unsubscribe = this.gateway.onChange((next) => this.onGatewayChange(next));
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('error', (err) => this.log(`WebSocket error: ${err.message}`));
    this.ws.on('close', () => this.end());
    this.router = opts.callbacks;
    this.id = this.router ? this.router.add(this) : 'nocallbacks';
    this.sendControl({ type: 'hello', mode: this.gateway.mode, session: this.id });
  }

  /** Closes the WebSocket; the release of live ids follows. */
  close(code: number = CloseCode.goingAway, reason = 'The relay is shutting down.'): void {
    this.closeSocket(code, reason);
  }

  /** Asks the kernel to run a callback command; resolves with its answer line. */
  callback(command: string): Promise<string> {
    // The JVM dropped its proxy of one of our callbacks: the kernel keeps its own until the cell re-runs.
    if (isGcCommand(command)) return Promise.resolve(voidAnswer());
    // The objects Java passes to a callback belong to this session from now on.
    this.ledger.noteCallback(command);
    if (this.ending || this.ws.readyState !== this.ws.OPEN) this.callbacks.close();
    return this.callbacks.call(command);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ending) return;
    if (isBinary) {
      this.closeSocket(CloseCode.unsupported, 'Only text frames are part of the protocol.');
      return;
    }
    const frame = decodeKernelFrame(rawText(data));
    if (frame.kind === 'invalid') {
      this.closeSocket(CloseCode.policy, frame.reason);
      return;
    }
    if (frame.kind === 'lines') {
      const channel = this.channel(frame.channel);
      if (channel) this.onCommands(channel, frame.body);
      return;
    }
    const message = frame.message;
    if (message.type === 'callback-answer') this.callbacks.answer(message.callId, message.answer);
    else this.resetChannel(message.channel);
  }

  private channel(id: number): Channel | null {
    let channel = this.channels.get(id);
    if (!channel) {
      if (this.channels.size >= this.maxChannels) {
        this.closeSocket(CloseCode.policy, `Too many channels: a session may use at most ${this.maxChannels}.`);
        return null;
      }
      channel = new Channel(id, { holdMs: this.holdMs, maxCommandChars: this.maxCommandChars }, (lines) =>
        this.sendAnswers(id, lines),
      );
      this.channels.set(id, channel);
    }
    return channel;
  }

  /**
   * Forwards the whole commands of one frame in a single TCP write, so a
   * batch pipelined by the client stays pipelined to the JVM, and queues the
   * error answers of refused commands in their places.
   */
  private onCommands(channel: Channel, body: string): void {
    let commands;
    try {
      commands = channel.framer.push(body);
    } catch (error) {
      if (!(error instanceof FrameLimitError)) throw error;
      this.closeSocket(CloseCode.policy, `On channel ${channel.id}: ${error.message}`);
      return;
    }
    let batch = '';
    let forwarded = 0;
    for (const command of commands) {
      const verdict = guardCommand(command, this.ledger);
      if (verdict.allowed) {
        batch += command.text;
        forwarded++;
        channel.oweFromJvm(this.ledger.noteCommand(command.lines));
      } else {
        channel.oweFromRelay(verdict.answer.slice(0, -1));
      }
    }
    if (forwarded > 0) {
      const connection = this.connectionFor(channel);
      if (!connection) return;
      connection.send(batch, forwarded);
    }
    this.queueAnswers(channel, channel.due());
  }

  private connectionFor(channel: Channel): ChannelConnection | null {
    if (channel.connection) return channel.connection;
    const target = this.target ?? this.gateway.current();
    if (!target) {
      this.closeSocket(CloseCode.gatewayLost, 'The JVM is not running (it has exited, or is still starting).');
      return null;
    }
    this.target = target;
    const connection = new ChannelConnection(
      target,
      channel,
      {
        answers: (from, lines) => this.onAnswers(from, lines),
        callback: (command) => this.callback(command),
        fatal: (from) => this.onFatalAnswer(from),
        closed: (from, error) => this.onConnectionClosed(from, error),
        releasedLate: (count) => this.onReleasedLate(count),
      },
      this.backpressure,
      this.gateway.prelude,
    );
    this.connections.add(connection);
    channel.connection = connection;
    return connection;
  }

  private onAnswers(connection: ChannelConnection, lines: string[]): void {
    const channel = connection.channel;
    if (channel === null) return;
    for (const line of lines) this.ledger.noteAnswer(line);
    this.queueAnswers(channel, channel.receive(lines));
  }

  private onReleasedLate(count: number): void {
    this.released += count;
    this.log(`Released ${count} Java object${count === 1 ? '' : 's'} returned by calls the client had abandoned.`);
  }

  private onConnectionClosed(connection: ChannelConnection, error: RelayError | null): void {
    this.connections.delete(connection);
    this.unanswered += connection.owed;
    const channel = connection.channel;
    if (channel !== null && channel.connection === connection) {
      channel.connection = null;
      if (error && !this.ending) this.onConnectionLost(channel, connection.owed, error.message, error.code);
    }
    this.checkDone();
  }

  /**
   * The JVM answered a command fatally and is closing the connection: the
   * commands sent behind it will not be read. Those fail now, and the next
   * command opens a new connection rather than write into the closing one.
   */
  private onFatalAnswer(connection: ChannelConnection): void {
    const channel = connection.channel;
    if (channel === null || this.ending) return;
    const owed = connection.abandon();
    this.unanswered += owed;
    if (channel.connection === connection) channel.connection = null;
    this.failLost(channel, owed, 'the JVM answered an earlier call on it fatally');
  }

  /**
   * A channel's connection closed under it. Whether the JVM is still there
   * decides what that means: when it is gone the session ends (and every
   * pending call fails with that reason); when it lives, only the calls that
   * connection owed fail, each with an error answer in its place, and the
   * next command opens a new connection.
   */
  private onConnectionLost(channel: Channel, owed: number, message: string, code: string): void {
    const target = this.target;
    if (JVM_GONE.has(code) || this.gateway.current() === null || target === null) {
      this.closeSocket(CloseCode.gatewayLost, `JVM gateway connection lost: ${message}`);
      return;
    }
    // A killed JVM's sockets close before its exit is noticed: ask the gateway first, so
    // that a dead JVM is never reported as a lost connection of a session that goes on.
    void gatewayAnswers(target).then((alive) => {
      if (this.ending || this.target !== target) return;
      if (!alive) {
        this.closeSocket(
          CloseCode.gatewayLost,
          `The JVM gateway at ${describeTarget(target)} no longer answers: the JVM is gone.`,
        );
        return;
      }
      this.failLost(channel, owed, message.split('\n')[0]!.replace(/[.\s]+$/, ''));
    });
  }

  /** Answers the `owed` calls a lost connection took with it; deletes among them did not happen. */
  private failLost(channel: Channel, owed: number, why: string): void {
    const { due, undeleted } = channel.failNext(owed, connectionLostAnswer(why).slice(0, -1));
    this.ledger.restore(undeleted);
    this.queueAnswers(channel, due);
  }

  /** Gives a channel a fresh start: a Java call may be blocking its connection (see ChannelConnection). */
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
      CloseCode.gatewayLost,
      next === null
        ? 'The JVM stopped (it exited or is restarting): the objects of this session are gone.'
        : 'The JVM was restarted: the objects of this session are gone.',
    );
  }

  private queueAnswers(channel: Channel, lines: string[]): void {
    if (this.ending) return;
    const moreComing = channel.connection !== null && channel.connection.owed > 0;
    channel.batcher.add(lines, moreComing);
  }

  private sendAnswers(channel: number, lines: string[]): void {
    if (!this.ending && this.ws.readyState === this.ws.OPEN) this.backpressure.send(encodeAnswerFrame(channel, lines));
  }

  private sendControl(message: RelayControlMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeControl(message));
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
    this.unsubscribe();
    this.backpressure.stop();
    this.router?.remove(this.id);
    this.callbacks.close();
    for (const channel of this.channels.values()) retire(channel);
    this.channels.clear();

    if (this.targetGone) {
      // The objects went with the JVM: there is nothing left to release or wait for.
      for (const connection of this.connections) connection.destroy();
    } else {
      this.releaseLive();
    }
    const timer = setTimeout(() => {
      for (const connection of this.connections) connection.destroy();
      this.releaser?.destroy();
    }, this.releaseTimeoutMs);
    timer.unref();
    this.checkDone = () => {
      if (this.connections.size > 0 || this.releaser !== null) return;
      clearTimeout(timer);
      this.checkDone = () => {};
      this.resolveClosed({ released: this.released, leaked: this.leaked, unanswered: this.unanswered });
    };
    this.checkDone();
  }

  private releaseLive(): void {
    const ids = this.ledger.live();
    if (ids.length === 0 || this.target === null) return;
    this.releaser = releaseIds(this.target, ids, (outcome) => {
      this.released += outcome.released;
      this.leaked += outcome.leaked;
      if (outcome.error)
        this.log(`Session end: could not release ${outcome.leaked} Java objects: ${outcome.error.message}`);
      this.releaser = null;
      this.checkDone();
    });
  }
}

/** Detaches a channel from its connection: see ChannelConnection. */
function retire(channel: Channel): void {
  const connection = channel.connection;
  channel.connection = null;
  channel.forget();
  connection?.retire();
}

function sameTarget(a: GatewayTarget, b: GatewayTarget): boolean {
  return a.host === b.host && a.port === b.port && a.token === b.token;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
