import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { authCommand, decodeAnswer, LineSplitter } from '../../protocol/py4j/index.ts';
import { RelayError } from '../errors.ts';
import { describeTarget, type ConnectionPrelude, type GatewayTarget } from './gateway-target.ts';

export interface GatewayConnectionOptions {
  /** How long to wait for the TCP connection; default 10 s. */
  connectTimeoutMs?: number;
  /** Runs after the auth command; writes are held back until it settles. */
  prelude?: ConnectionPrelude | undefined;
}

/** Receives the complete answer lines of one TCP read, without their newlines. */
export type LinesListener = (lines: string[]) => void;
/** Receives null when this side closed the connection, else the reason it was lost. */
export type CloseListener = (error: RelayError | null) => void;

type State = 'connecting' | 'open' | 'closing' | 'closed';

const CLOSE_GRACE_MS = 2_000;

/**
 * One authenticated Py4J TCP connection. Writes made before the socket is
 * connected (or while a prelude runs) are queued and sent together in a
 * single write. The auth command is pipelined rather than awaited, and its
 * answer line is consumed here, never passed on; a refused token closes the
 * connection with an E_GATEWAY_AUTH error that quotes the server, not the token.
 *
 * Each write goes to the socket in one call, so a command is never split over
 * two TCP writes: the stock server does not set TCP_NODELAY, and a command cut
 * in two can stall on a delayed ACK. Our own side sets noDelay.
 */
export class GatewayConnection {
  readonly target: GatewayTarget;
  private readonly socket: Socket;
  private readonly splitter = new LineSplitter();
  private state: State = 'connecting';
  private queued: string[] = [];
  /** True while the prelude runs: client writes wait in `queued`. */
  private holding = false;
  private readonly prelude: ConnectionPrelude | undefined;
  /** The prelude's requests awaiting their answer lines, in order. */
  private preludeWaiters: { resolve(line: string): void; reject(error: Error): void }[] = [];
  private awaitingAuth: boolean;
  private failure: RelayError | null = null;
  private lastFatal: string | null = null;
  private socketError: NodeJS.ErrnoException | null = null;
  private closeResult: RelayError | null | undefined = undefined;
  private readonly linesListeners: LinesListener[] = [];
  private readonly closeListeners: CloseListener[] = [];

  private constructor(target: GatewayTarget, opts: GatewayConnectionOptions) {
    this.target = target;
    this.awaitingAuth = target.token !== null;
    this.prelude = opts.prelude;

    const where = describeTarget(target);
    const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.socket = connect({ host: target.host, port: target.port, noDelay: true });
    this.socket.setEncoding('utf8');
    this.socket.setTimeout(connectTimeoutMs);
    this.socket.once('timeout', () => {
      this.fail(
        new RelayError(
          'E_GATEWAY_UNREACHABLE',
          `The Py4J gateway at ${where} did not accept a connection within ${connectTimeoutMs / 1000} s.`,
        ),
      );
    });
    this.socket.once('connect', () => this.onConnect());
    this.socket.on('data', (chunk: string) => this.onData(chunk));
    this.socket.on('error', (err: NodeJS.ErrnoException) => {
      if (this.state === 'connecting') {
        this.fail(
          new RelayError(
            'E_GATEWAY_UNREACHABLE',
            `Cannot connect to the Py4J gateway at ${where}: ${err.code ?? err.message}.`,
            { cause: err },
          ),
        );
      } else {
        // A reset after a fatal answer is the server's normal way out: report it at close.
        this.socketError = err;
      }
    });
    this.socket.once('close', () => this.onSocketClose());
  }

  /** Starts connecting and authenticating; write() may be called at once. */
  static open(target: GatewayTarget, opts: GatewayConnectionOptions = {}): GatewayConnection {
    return new GatewayConnection(target, opts);
  }

  /**
   * Sends text: one or more whole commands. Text written after the connection
   * has closed is dropped; the close listeners report why.
   */
  write(text: string): void {
    if (text.length === 0) return;
    if (this.state === 'connecting' || this.holding) this.queued.push(text);
    else if (this.state === 'open') this.socket.write(text);
  }

  onLines(listener: LinesListener): void {
    this.linesListeners.push(listener);
  }

  /** Called once when the connection has closed; at once (asynchronously) if it already has. */
  onClose(listener: CloseListener): void {
    if (this.closeResult !== undefined) {
      const result = this.closeResult;
      queueMicrotask(() => listener(result));
    } else {
      this.closeListeners.push(listener);
    }
  }

  get isClosed(): boolean {
    return this.state === 'closing' || this.state === 'closed';
  }

  /**
   * Ends the connection politely: the server sees end of input and lets its
   * connection thread finish. Answers that arrive afterwards are not delivered.
   */
  close(): void {
    if (this.state === 'connecting') {
      this.destroy();
      return;
    }
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.socket.end();
    // A server thread stuck in a long Java call never closes its side: do not wait for it.
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Drops the connection at once; answers still owed on it are lost. */
  destroy(): void {
    if (this.state === 'closed') return;
    if (this.state === 'connecting' || this.state === 'open') this.state = 'closing';
    this.socket.destroy();
  }

  private onConnect(): void {
    this.socket.setTimeout(0);
    if (this.state !== 'connecting') return;
    this.state = 'open';
    const auth = this.target.token === null ? '' : authCommand(this.target.token);
    if (this.prelude) {
      if (auth.length > 0) this.socket.write(auth);
      this.runPrelude(this.prelude);
    } else {
      const text = auth + this.queued.join('');
      this.queued = [];
      if (text.length > 0) this.socket.write(text);
    }
  }

  /**
   * The prelude's commands are pipelined behind the auth command; the client's
   * writes follow in one write once it settles. Its answers come first, in
   * order, even those of requests it left unawaited.
   */
  private runPrelude(prelude: ConnectionPrelude): void {
    this.holding = true;
    const request = (command: string): Promise<string> =>
      new Promise<string>((resolve, reject) => {
        if (this.state !== 'open') {
          reject(new RelayError('E_GATEWAY_CLOSED', 'The connection closed during its prelude.'));
          return;
        }
        this.preludeWaiters.push({ resolve, reject });
        this.socket.write(command);
      });
    const release = (): void => {
      this.holding = false;
      const text = this.queued.join('');
      this.queued = [];
      if (text.length > 0 && this.state === 'open') this.socket.write(text);
    };
    Promise.resolve()
      .then(() => prelude(request))
      .then(release, release);
  }

  private onData(chunk: string): void {
    if (this.state !== 'open') return;
    let lines = this.splitter.push(chunk);
    if (this.awaitingAuth && lines.length > 0) {
      const answer = lines[0]!;
      lines = lines.slice(1);
      this.awaitingAuth = false;
      if (answer !== '!yv') {
        const where = describeTarget(this.target);
        // A server without authentication has no auth command: it answers with a fatal "Unknown command".
        const message = answer.startsWith('!z')
          ? `The Py4J gateway at ${where} does not use an auth token (it did not understand the auth command): connect without one.`
          : `The Py4J gateway at ${where} refused the auth token: ${describeRefusal(answer)}`;
        this.fail(new RelayError('E_GATEWAY_AUTH', message));
        return;
      }
    }
    while (this.preludeWaiters.length > 0 && lines.length > 0) this.preludeWaiters.shift()!.resolve(lines.shift()!);
    if (lines.length === 0) return;
    const last = lines[lines.length - 1]!;
    // The server closes a connection right after a fatal answer; keep it to explain the close.
    if (last.startsWith('!z')) this.lastFatal = last;
    for (const listener of this.linesListeners) listener(lines);
  }

  private fail(error: RelayError): void {
    if (this.failure || this.state === 'closing' || this.state === 'closed') return;
    this.failure = error;
    this.state = 'closing';
    this.socket.destroy();
  }

  private onSocketClose(): void {
    const wasClosedByUs = this.state === 'closing' && this.failure === null;
    this.state = 'closed';
    let result: RelayError | null;
    if (this.failure) {
      result = this.failure;
    } else if (wasClosedByUs) {
      result = null;
    } else {
      const where = describeTarget(this.target);
      const how = this.socketError ? ` (${this.socketError.code ?? this.socketError.message})` : '';
      const why = this.lastFatal ? ` after a fatal error: ${describeRefusal(this.lastFatal)}` : '.';
      result = this.awaitingAuth
        ? new RelayError(
            'E_GATEWAY_AUTH',
            `The Py4J gateway at ${where} closed the connection${how} before answering the auth command.`,
          )
        : new RelayError('E_GATEWAY_CLOSED', `The Py4J gateway at ${where} closed the connection${how}${why}`, {
            cause: this.socketError ?? undefined,
          });
    }
    this.closeResult = result;
    const closedError = result ?? new RelayError('E_GATEWAY_CLOSED', 'The connection was closed.');
    for (const waiter of this.preludeWaiters.splice(0)) waiter.reject(closedError);
    for (const listener of this.closeListeners.splice(0)) listener(result);
  }
}

/** The server's own words from an error answer; they never contain the token. */
function describeRefusal(line: string): string {
  try {
    const answer = decodeAnswer(line);
    if (answer.type === 'gateway-error' || answer.type === 'fatal') return answer.message;
  } catch {
    // Fall through to the raw line: it still says more than nothing.
  }
  return JSON.stringify(line.slice(0, 200));
}
