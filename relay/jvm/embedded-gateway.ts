/**
 * Gateway providers: the embedded JVM the relay launches and owns (which can
 * exit and be restarted), and a gateway someone else runs, attached to by
 * host, port and token.
 */
import { decodeAnswer, isSuccessAnswer, type Answer } from '../../protocol/py4j/index.ts';
import { RelayError } from '../errors.ts';
import { GatewayConnection } from './gateway-connection.ts';
import { PROBE_COMMAND } from './gateway-probe.ts';
import { describeTarget, type ConnectionPrelude, type GatewayProvider, type GatewayTarget } from './gateway-target.ts';
import { launchEmbeddedJvm, type EmbeddedJvm } from './jvm-launcher.ts';
import { enableServerNoDelay } from './server-nodelay.ts';

export type EmbeddedGatewayState = 'starting' | 'running' | 'exited';

export interface EmbeddedGatewayOptions {
  javaPath: string;
  py4jJar: string;
  /** The user's classpath, after the Py4J jar. */
  classpath?: string;
  /** JVM options such as `-Xmx2g`. */
  jvmArgs?: readonly string[];
  /** Receives the JVM's output lines. */
  log?: (line: string) => void;
}

export interface EmbeddedGateway extends GatewayProvider {
  readonly mode: 'embedded';
  readonly state: EmbeddedGatewayState;
  /** The running JVM's process id, or null. */
  readonly pid: number | null;
  /** Stops the JVM if it runs and starts a new one; resolves once it answers. */
  restart(): Promise<void>;
  /** Stops the JVM; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Launches the JVM and resolves once its gateway is ready. */
export async function startEmbeddedGateway(opts: EmbeddedGatewayOptions): Promise<EmbeddedGateway> {
  const gateway = new JvmGateway(opts);
  await gateway.restart();
  return gateway;
}

/**
 * The stock server leaves Nagle's algorithm on, so a pipelined batch waits
 * about 40 ms for our delayed ACK after its first answer. On the JVM we own,
 * each session connection turns TCP_NODELAY on for the server's side first.
 */
const serverNoDelay: ConnectionPrelude = (request) =>
  enableServerNoDelay((command) => request(command).then(decodeAnswer));

class JvmGateway implements EmbeddedGateway {
  readonly mode = 'embedded';
  readonly prelude = serverNoDelay;
  private jvm: EmbeddedJvm | null = null;
  private target: GatewayTarget | null = null;
  private currentState: EmbeddedGatewayState = 'exited';
  private readonly listeners = new Set<(target: GatewayTarget | null) => void>();
  /** Serialises restarts and stops, so that two never interleave. */
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly opts: EmbeddedGatewayOptions) {}

  get state(): EmbeddedGatewayState {
    return this.currentState;
  }

  get pid(): number | null {
    return this.jvm?.pid ?? null;
  }

  current(): GatewayTarget | null {
    return this.target;
  }

  onChange(listener: (target: GatewayTarget | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  restart(): Promise<void> {
    return this.serialise(async () => {
      await this.stopJvm();
      this.currentState = 'starting';
      try {
        const jvm = await launchEmbeddedJvm({
          javaPath: this.opts.javaPath,
          py4jJar: this.opts.py4jJar,
          ...(this.opts.classpath === undefined ? {} : { classpath: this.opts.classpath }),
          ...(this.opts.jvmArgs === undefined ? {} : { jvmArgs: this.opts.jvmArgs }),
          ...(this.opts.log === undefined ? {} : { log: this.opts.log }),
        });
        this.jvm = jvm;
        void jvm.exited.then(() => {
          // A JVM that ends on its own (a crash, System.exit from a cell) leaves no gateway behind.
          if (this.jvm === jvm) {
            this.jvm = null;
            this.currentState = 'exited';
            this.setTarget(null);
          }
        });
        this.currentState = 'running';
        this.setTarget({ host: '127.0.0.1', port: jvm.port, token: jvm.token });
      } catch (error) {
        this.currentState = 'exited';
        throw error;
      }
    });
  }

  stop(): Promise<void> {
    return this.serialise(() => this.stopJvm());
  }

  private async stopJvm(): Promise<void> {
    const jvm = this.jvm;
    this.jvm = null;
    this.currentState = 'exited';
    this.setTarget(null);
    await jvm?.stop();
  }

  private setTarget(target: GatewayTarget | null): void {
    if (target === this.target) return;
    this.target = target;
    for (const listener of [...this.listeners]) listener(target);
  }

  private serialise(step: () => Promise<void>): Promise<void> {
    const next = this.busy.then(step);
    this.busy = next.catch(() => {});
    return next;
  }
}

export interface AttachOptions {
  host: string;
  port: number;
  token: string | null;
  /** How long to wait for the gateway to connect and answer; default 10 s. */
  timeoutMs?: number;
}

/**
 * A provider for a gateway someone else runs. It connects and authenticates
 * once, with one harmless call, so that a wrong address or token is reported
 * now, naming host:port (never the token), rather than at the first cell.
 */
export async function attachGateway(opts: AttachOptions): Promise<GatewayProvider> {
  const target: GatewayTarget = { host: opts.host, port: opts.port, token: opts.token };
  await probe(target, opts.timeoutMs ?? 10_000);
  return {
    mode: 'attach',
    // Harmless for the application: it only stops its gateway from delaying small answers.
    prelude: serverNoDelay,
    current: () => target,
    // Nobody tells us when someone else's JVM goes away; sessions notice their connections closing.
    onChange: () => () => {},
  };
}

async function probe(target: GatewayTarget, timeoutMs: number): Promise<void> {
  const where = describeTarget(target);
  const conn = GatewayConnection.open(target, { connectTimeoutMs: timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<string>((resolvePromise, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new RelayError(
              'E_GATEWAY_TIMEOUT',
              `The Py4J gateway at ${where} did not answer within ${timeoutMs / 1000} s.`,
            ),
          ),
        timeoutMs,
      );
      conn.onLines((lines) => resolvePromise(lines[0]!));
      conn.onClose((error) =>
        reject(error ?? new RelayError('E_GATEWAY_CLOSED', `The connection to the Py4J gateway at ${where} closed.`)),
      );
      conn.write(PROBE_COMMAND);
    });
    const decoded = safeDecode(answer);
    if (decoded?.type === 'gateway-error' && decoded.message.startsWith('Authentication error')) {
      throw new RelayError(
        'E_GATEWAY_AUTH',
        `The Py4J gateway at ${where} requires an auth token: give it with --gateway-token or JVM_NOTEBOOK_GATEWAY_TOKEN.`,
      );
    }
    if (!isSuccessAnswer(answer)) {
      throw new RelayError(
        'E_GATEWAY_UNREACHABLE',
        `The server at ${where} does not answer like a Py4J gateway (${JSON.stringify(answer.slice(0, 80))}).`,
      );
    }
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

/** The answer decoded, or null when it is not a Py4J answer line at all. */
function safeDecode(line: string): Answer | null {
  try {
    return decodeAnswer(line);
  } catch {
    return null;
  }
}
