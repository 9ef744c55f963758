import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { authCommand, decodeAnswer, isFatalAnswer, isVoidAnswer, LineSplitter } from '../../protocol/py4j/index.ts';
import { RelayError } from '../errors.ts';
import { describeTarget, type ConnectionPrelude, type GatewayTarget } from './gateway-target.ts';

export interface GatewayConnectionOptions {
  /** How long to wait for the TCP connection; default 10 s. */
  connectTimeoutMs?: number;
  /** Runs after the auth command; writes are held back until it settles. */
  prelude?: ConnectionPrelude | undefined;
  /** How many times to connect again when the server drops us before any command was sent; default 4. */
  retries?: number;
}

/** Receives the complete answer lines of one TCP read, without their newlines. */
export type LinesListener = (lines: string[]) => void;
/** Receives null when this side closed the connection, else the reason it was lost. */
export type CloseListener = (error: RelayError | null) => void;

type State = 'connecting' | 'open' | 'closing' | 'closed';

const CLOSE_GRACE_MS = 2_000;
/** The first pause before connecting again; it doubles on each retry. */
const RETRY_BACKOFF_MS = 25;
/**
 * Errors that mean the server dropped the connection before reading from it:
 * the stock GatewayServer's accept backlog overflows when many connections
 * open at once, and the kernel resets the ones it cannot queue. A refused
 * connection is not among them: that is a server that is not there.
 */
const RETRYABLE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * One authenticated Py4J TCP connection. Writes made before the socket is
 * connected (or while a prelude runs) are queued and sent together in a
 * single write. The auth command is pipelined rather than awaited, and its
 * answer line is consumed here, never passed on; a refused token closes the
 * connection with an E_GATEWAY_AUTH error that quotes the server, not the token.
 *
 * When the server drops the connection before answering the auth command
 * (a burst of connections overflows its accept backlog), it connects again a
 * few times with a short backoff. That is safe because nothing but the auth
 * command has been sent by then: writes wait for the auth answer. Without a
 * token there is no answer to wait for, so only a drop before the TCP
 * connection was made is retried.
 *
 * Each write goes to the socket in one call, so a command is never split over
 * two TCP writes: the stock server does not set TCP_NODELAY, and a command cut
 * in two can stall on a delayed ACK. Our own side sets noDelay.
 */
export class GatewayConnection {
  readonly target: GatewayTarget;
  private socket!: Socket;
  private splitter = new LineSplitter();
  private readonly opts: GatewayConnectionOptions;
  private attempt = 0;
  /** True once anything but the auth command went out: from then on a retry could run a command twice. */
  private sentCommands = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readingPaused = false;
  private readonly drainListeners: (() => void)[] = [];
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
    this.opts = opts;
    this.dial();
  }

  /** Opens the TCP connection; events of a socket given up on for a retry are ignored. */
  private dial(): void {
    const target = this.target;
    const where = describeTarget(target);
    const connectTimeoutMs = this.opts.connectTimeoutMs ?? 10_000;
    const socket = connect({ host: target.host, port: target.port, noDelay: true });
    this.socket = socket;
    const current = () => this.socket === socket;
    socket.setEncoding('utf8');
    if (this.readingPaused) socket.pause();
    socket.setTimeout(connectTimeoutMs);
    socket.once('timeout', () => {
      if (current())
        this.fail(
          new RelayError(
            'E_GATEWAY_UNREACHABLE',
            `The Py4J gateway at ${where} did not accept a connection within ${connectTimeoutMs / 1000} s.`,
          ),
        );
    });
    socket.once('connect', () => {
      if (current()) this.onConnect();
    });
    socket.on('data', (chunk: string) => {
      if (current()) this.onData(chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!current()) return;
      if (this.state === 'connecting' && !this.canRetry(err)) {
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
    socket.on('drain', () => {
      if (current()) for (const listener of this.drainListeners) listener();
    });
    socket.once('close', () => {
      if (current()) this.onSocketClose();
    });
  }

  private canRetry(err: NodeJS.ErrnoException | null): boolean {
    const dropped = err !== null && err.code !== undefined && RETRYABLE.has(err.code);
    return dropped && !this.sentCommands && this.attempt < (this.opts.retries ?? 4) && this.failure === null;
  }

  /** Connects again after the server dropped us before reading anything but the auth command. */
  private retry(): void {
    const delay = RETRY_BACKOFF_MS * 2 ** this.attempt++;
    this.state = 'connecting';
    this.socketError = null;
    this.splitter = new LineSplitter();
    this.awaitingAuth = this.target.token !== null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.dial();
    }, delay);
  }

  /** Starts connecting and authenticating; write() may be called at once. */
  static open(target: GatewayTarget, opts: GatewayConnectionOptions = {}): GatewayConnection {
    return new GatewayConnection(target, opts);
  }

  /**
   * Sends text: one or more whole commands. Text written after the connection
   * has closed is dropped; the close listeners report why. Returns false when
   * the socket's write buffer is full: wait for onDrain before writing more.
   * Text queued until the connection is ready counts as accepted: the queue
   * lasts one round trip.
   */
  write(text: string): boolean {
    if (text.length === 0) return true;
    if (this.state === 'connecting' || this.holding) this.queued.push(text);
    else if (this.state === 'open') return this.send(text);
    return true;
  }

  private send(text: string): boolean {
    this.sentCommands = true;
    return this.socket.write(text);
  }

  /** Stops reading answers (flow control): the server's writes back up into its own socket. */
  pauseReading(): void {
    this.readingPaused = true;
    this.socket.pause();
  }

  resumeReading(): void {
    this.readingPaused = false;
    this.socket.resume();
  }

  /** Called each time a full write buffer has drained. */
  onDrain(listener: () => void): void {
    this.drainListeners.push(listener);
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
    if (this.retryTimer !== undefined) {
      // Between two attempts there is no socket to close: end here.
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.onSocketClose();
      return;
    }
    this.socket.destroy();
  }

  private onConnect(): void {
    this.socket.setTimeout(0);
    if (this.state !== 'connecting') return;
    this.state = 'open';
    if (this.target.token === null) {
      this.afterAuth();
    } else {
      // Writes wait for the answer, so that a connection dropped before it can be retried (see the class comment).
      this.holding = true;
      this.socket.write(authCommand(this.target.token));
    }
  }

  private afterAuth(): void {
    if (this.prelude) {
      this.runPrelude(this.prelude);
    } else {
      this.holding = false;
      const text = this.queued.join('');
      this.queued = [];
      if (text.length > 0) this.send(text);
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
        this.send(command);
      });
    const release = (): void => {
      this.holding = false;
      const text = this.queued.join('');
      this.queued = [];
      if (text.length > 0 && this.state === 'open') this.send(text);
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
      if (!isVoidAnswer(answer)) {
        const where = describeTarget(this.target);
        // A server without authentication has no auth command: it answers with a fatal "Unknown command".
        const message = isFatalAnswer(answer)
          ? `The Py4J gateway at ${where} does not use an auth token (it did not understand the auth command): connect without one.`
          : `The Py4J gateway at ${where} refused the auth token: ${describeRefusal(answer)}`;
        this.fail(new RelayError('E_GATEWAY_AUTH', message));
        return;
      }
      this.afterAuth();
    }
    while (this.preludeWaiters.length > 0 && lines.length > 0) this.preludeWaiters.shift()!.resolve(lines.shift()!);
    if (lines.length === 0) return;
    const last = lines[lines.length - 1]!;
    // The server closes a connection right after a fatal answer; keep it to explain the close.
    if (isFatalAnswer(last)) this.lastFatal = last;
    for (const listener of this.linesListeners) listener(lines);
  }

  private fail(error: RelayError): void {
    if (this.failure || this.state === 'closing' || this.state === 'closed') return;
    this.failure = error;
    this.state = 'closing';
    this.socket.destroy();
  }

  private onSocketClose(): void {
    const early = this.state === 'connecting' || (this.state === 'open' && this.awaitingAuth);
    if (early && this.canRetry(this.socketError)) {
      this.retry();
      return;
    }
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
