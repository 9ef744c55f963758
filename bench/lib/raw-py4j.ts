/**
 * A bare Py4J connection from Node: authenticate, write commands, read answer
 * lines in order. No kernel, no relay — the floor of the JVM hop, and the
 * probe the benchmark uses to read the JVM's live-object count.
 */
import net from 'node:net';
import { authCommand, LineSplitter } from '../../protocol/py4j/index.ts';

export interface RawTarget {
  host: string;
  port: number;
  token: string | null;
}

export class RawPy4j {
  private readonly splitter = new LineSplitter();
  private readonly waiting: ((line: string) => void)[] = [];
  private failure: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of this.splitter.push(chunk)) this.waiting.shift()?.(line);
    });
    socket.on('error', (error) => {
      this.failure = error;
    });
    socket.on('close', () => {
      this.failure ??= new Error('The gateway closed the connection.');
      for (const resolve of this.waiting.splice(0)) resolve('!zclosed');
    });
  }

  /** Connects and authenticates; our side sets TCP_NODELAY, the server's side is left as it is. */
  static async connect(target: RawTarget): Promise<RawPy4j> {
    const socket = net.connect({ host: target.host, port: target.port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawPy4j(socket);
    if (target.token !== null) {
      const answer = await client.send(authCommand(target.token), 1);
      if (answer[0] !== '!yv') throw new Error(`The gateway refused the auth token: ${answer[0]}`);
    }
    return client;
  }

  /** Writes `text` (whole commands) in one write and resolves with the next `expected` answer lines. */
  send(text: string, expected: number): Promise<string[]> {
    if (this.failure) return Promise.reject(this.failure);
    const lines: string[] = [];
    const done = new Promise<string[]>((resolve) => {
      for (let i = 0; i < expected; i++) {
        this.waiting.push((line) => {
          lines.push(line);
          if (lines.length === expected) resolve(lines);
        });
      }
    });
    this.socket.write(text);
    return done;
  }

  /** One command, one answer line. */
  async call(command: string): Promise<string> {
    return (await this.send(command, 1))[0]!;
  }

  close(): void {
    this.socket.end();
  }
}
