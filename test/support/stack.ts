/**
 * A real stack for integration tests: an embedded JVM (stock Py4J), a relay,
 * and a kernel connected to it over a WebSocket — the same path the browser
 * and the headless runner take. Fails loudly when Java or the jar is missing.
 */
import path from 'node:path';
import WebSocket from 'ws';
import { Kernel, type RunResult } from '../../cells/kernel.ts';
import { WebSocketTransport, type WebSocketLike } from '../../cells/gateway/websocket-transport.ts';
import { GatewayClient } from '../../cells/gateway/gateway-client.ts';
import { Scope } from '../../cells/scope.ts';
import type { CellOutput } from '../../protocol/outputs.ts';
import { appendOutput } from '../../protocol/outputs.ts';
import { setupGateway, type GatewaySetup } from '../../relay/jvm/gateway-setup.ts';
import { startRelay, type Relay } from '../../relay/server/relay-server.ts';
import { callCommand, deleteCommand } from '../../protocol/py4j/index.ts';
import { DirectTransport } from './direct-transport.ts';

export const CACHE_DIR = path.resolve(import.meta.dirname, '..', '..', '.cache');

export interface CellRun extends RunResult {
  outputs: CellOutput[];
  /** The text/plain of the execute_result, if any. */
  result: string | undefined;
  /** All stream output. */
  stdout: string;
}

export interface Stack {
  gateway: GatewaySetup;
  relay: Relay;
  /** Connects a new kernel session through the relay. */
  connect(): Promise<KernelSession>;
  /** The JVM's live object count (Py4J bindings), measured over a separate raw connection. */
  liveCount(): Promise<number>;
  close(): Promise<void>;
}

export interface KernelSession {
  kernel: Kernel;
  transport: WebSocketTransport;
  run(source: string, cellId?: string): Promise<CellRun>;
  close(): void;
}

export async function startStack(
  options: { classpath?: string; attach?: { host: string; port: number; token: string | null } } = {},
): Promise<Stack> {
  const gateway = await setupGateway(
    {
      classpath: options.classpath,
      gateway: options.attach,
      py4jJar: undefined,
      javaHome: undefined,
      cacheDir: CACHE_DIR,
    },
    () => undefined,
  );
  const relay = await startRelay({ port: 0, gateway: gateway.provider });
  const sessions: KernelSession[] = [];
  return {
    gateway,
    relay,
    async connect() {
      const session = await connectKernel(relay);
      sessions.push(session);
      return session;
    },
    liveCount: () => liveCount(gateway),
    async close() {
      for (const s of sessions) s.close();
      await relay.close();
      await gateway.stop();
    },
  };
}

export async function connectKernel(relay: Pick<Relay, 'wsUrl' | 'token'>): Promise<KernelSession> {
  const socket = new WebSocket(relay.wsUrl, { headers: { authorization: `Bearer ${relay.token}` } });
  const { transport } = await WebSocketTransport.connect(socket as unknown as WebSocketLike);
  const kernel = new Kernel({ transport });
  let n = 0;
  return {
    kernel,
    transport,
    async run(source, cellId) {
      const outputs: CellOutput[] = [];
      const id = cellId ?? `cell-${++n}`;
      const result = await kernel.run({ cellId: id, source, label: id }, (o) => appendOutput(outputs, o));
      const exec = outputs.find((o) => o.output_type === 'execute_result');
      return {
        ...result,
        outputs,
        result: exec?.output_type === 'execute_result' ? exec.data['text/plain'] : undefined,
        stdout: outputs.map((o) => (o.output_type === 'stream' ? o.text : '')).join(''),
      };
    },
    close: () => transport.close(),
  };
}

async function liveCount(gateway: GatewaySetup): Promise<number> {
  const target = gateway.provider.current();
  if (!target) throw new Error('The JVM is not running.');
  const transport = new DirectTransport(target.port, target.token ?? '');
  const probe = new Scope('probe', () => undefined);
  const client = new GatewayClient({ transport, currentScope: () => probe });
  try {
    const g = await client.request(callCommand('GATEWAY_SERVER', 'getGateway', []));
    if (g.type !== 'value' || g.value.kind !== 'ref') throw new Error('getGateway failed');
    const b = await client.request(callCommand(g.value.id, 'getBindings', []));
    if (b.type !== 'value' || b.value.kind !== 'ref') throw new Error('getBindings failed');
    const size = await client.request(callCommand(b.value.id, 'size', []));
    await Promise.all([client.request(deleteCommand(g.value.id)), client.request(deleteCommand(b.value.id))]);
    if (size.type !== 'value' || size.value.kind !== 'int') throw new Error('size failed');
    // The probe's own two references were live while it counted.
    return size.value.value - 2;
  } finally {
    transport.close();
  }
}

/** Polls until `check` holds or the deadline passes; returns the last value. */
export async function waitFor<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}
