/**
 * Tools for tests that speak the relay's wire directly: a WebSocket client
 * that records every frame, a raw Py4J connection that looks at the JVM from
 * outside, and the JVM's own live-object count.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { authCommand, deleteCommand } from '../../protocol/py4j/index.ts';
import type { GatewayTarget } from '../../relay/jvm/gateway-target.ts';
import type { Relay } from '../../relay/server/relay-server.ts';

/** Polls until `condition` holds; for effects inside the JVM, which sends no signal we could wait on. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 25));
  }
}

/** A raw Py4J connection, independent of the relay, for looking at the JVM from outside. */
export class RawGateway {
  private buffer = '';
  private readonly waiters: ((line: string) => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (
        let newline = this.buffer.indexOf('\n');
        newline >= 0 && this.waiters.length > 0;
        newline = this.buffer.indexOf('\n')
      ) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.waiters.shift()!(line);
      }
    });
    socket.on('error', () => {});
  }

  static async open(target: GatewayTarget): Promise<RawGateway> {
    const socket = await new Promise<Socket>((resolvePromise, reject) => {
      const s = connect(target.port, target.host, () => resolvePromise(s));
      s.once('error', reject);
    });
    const raw = new RawGateway(socket);
    if (target.token !== null) expect(await raw.request(authCommand(target.token))).toBe('!yv');
    return raw;
  }

  request(command: string): Promise<string> {
    return new Promise((resolvePromise) => {
      this.waiters.push(resolvePromise);
      this.socket.write(command);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * The number of objects the gateway holds: GATEWAY_SERVER.getGateway().getBindings().size().
 * The two references this measurement makes are deleted again.
 */
export async function liveCount(target: GatewayTarget): Promise<number> {
  const raw = await RawGateway.open(target);
  try {
    const gateway = refId(await raw.request('c\nGATEWAY_SERVER\ngetGateway\ne\n'));
    const bindings = refId(await raw.request(`c\n${gateway}\ngetBindings\ne\n`));
    const size = await raw.request(`c\n${bindings}\nsize\ne\n`);
    expect(await raw.request(deleteCommand(bindings))).toBe('!yv');
    expect(await raw.request(deleteCommand(gateway))).toBe('!yv');
    expect(size).toMatch(/^!yi\d+$/);
    return Number(size.slice(3));
  } finally {
    raw.close();
  }
}

export function refId(answer: string): string {
  expect(answer).toMatch(/^!y[rlhatg]o\d+$/);
  return answer.slice(3);
}

/** A WebSocket client that records every message the relay sends, in order of arrival. */
export class Client {
  /** Every message, control messages included. */
  readonly received: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(data.toString());
      for (const listener of [...this.listeners]) listener();
    });
    this.closed = new Promise((resolvePromise) => {
      ws.on('close', (code, reason) => {
        resolvePromise({ code, reason: reason.toString() });
        for (const listener of [...this.listeners]) listener();
      });
    });
  }

  /** Opens a session and waits for the relay's hello. */
  static async open(
    relay: Pick<Relay, 'wsUrl' | 'token'>,
    headers: Record<string, string> = { authorization: `Bearer ${relay.token}` },
  ): Promise<Client> {
    const client = new Client(new WebSocket(relay.wsUrl, { headers }));
    clients.push(client);
    await client.until(() => client.received.length > 0, 'the relay says hello');
    expect(JSON.parse(client.received[0]!)).toMatchObject({ type: 'hello' });
    return client;
  }

  send(text: string): void {
    this.ws.send(text);
  }

  /** The answer messages of a channel, in order. */
  messages(channel: number): string[] {
    return this.received.filter((message) => message.startsWith(`${channel}\n`));
  }

  /** The answer lines of a channel, in order. */
  lines(channel: number): string[] {
    return this.messages(channel).flatMap((message) => message.slice(message.indexOf('\n') + 1, -1).split('\n'));
  }

  /** Waits until a channel has received `count` answer lines in all, and returns them. */
  async answers(channel: number, count: number): Promise<string[]> {
    await this.until(() => this.lines(channel).length >= count, `${count} answers arrive on channel ${channel}`);
    return this.lines(channel);
  }

  /** Sends commands on a channel and waits for their answer lines. */
  async call(channel: number, commands: string, count = 1): Promise<string[]> {
    const before = this.lines(channel).length;
    this.send(`${channel}\n${commands}`);
    return (await this.answers(channel, before + count)).slice(before);
  }

  /** Waits, without polling, until the messages received so far satisfy `condition`. */
  until(condition: () => boolean, what: string, deadlineMs = 15_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`Timed out waiting until ${what}; received ${JSON.stringify(this.received).slice(0, 500)}`));
      }, deadlineMs);
      const check = (): void => {
        if (condition()) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolvePromise();
        } else if (this.ws.readyState === WebSocket.CLOSED) {
          clearTimeout(timer);
          this.listeners.delete(check);
          reject(
            new Error(`The WebSocket closed before ${what}; received ${JSON.stringify(this.received).slice(0, 500)}`),
          );
        }
      };
      this.listeners.add(check);
    });
  }
}

/** Every client opened since the last closeClients. */
export const clients: Client[] = [];

/** Closes the test's WebSockets and waits until the relay has ended their sessions. */
export async function closeClients(relay: Relay): Promise<void> {
  for (const client of clients.splice(0)) client.ws.close();
  await waitUntil(() => relay.sessions() === 0, 'every session has ended');
}
