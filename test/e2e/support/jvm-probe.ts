/**
 * Measures the JVM's OWN count of live objects (Py4J's bindings), not what the
 * notebook page believes: a second kernel session, opened from Node straight
 * to the relay (the relay never hands out the JVM's Py4J token, so there is no
 * raw connection to be had), runs a probe cell. The probe's own two
 * references (the gateway and its bindings map) are alive while it counts, so
 * they are subtracted, and `await using` frees them before the next probe.
 */
import WebSocket from 'ws';
import { WebSocketTransport, type WebSocketLike } from '../../../cells/gateway/websocket-transport.ts';
import { Kernel } from '../../../cells/kernel.ts';
import type { CellOutput } from '../../../protocol/outputs.ts';
import type { RelayProcess } from './relay-process.ts';

/** Live objects of a stock Py4J GatewayServer that no client holds anything of. */
export const BARE_SERVER = 2;

const PROBE = `let live;
{
  await using g = await gateway.server.getGateway();
  await using b = await g.getBindings();
  live = await b.size();
}
live`;
const PROBE_OWN = 2;

export class JvmProbe {
  private constructor(
    private readonly kernel: Kernel,
    private readonly transport: WebSocketTransport,
  ) {}

  static async connect(relay: RelayProcess): Promise<JvmProbe> {
    const socket = new WebSocket(`${relay.origin.replace(/^http/, 'ws')}/ws`, {
      headers: { authorization: `Bearer ${relay.token}` },
    });
    const { transport } = await WebSocketTransport.connect(socket as unknown as WebSocketLike);
    return new JvmProbe(new Kernel({ transport }), transport);
  }

  /** The JVM's live objects now, without the probe's own. */
  async liveCount(): Promise<number> {
    const outputs: CellOutput[] = [];
    const run = await this.kernel.run({ cellId: 'probe', source: PROBE }, (output) => outputs.push(output));
    const result = outputs.find((output) => output.output_type === 'execute_result');
    const text = result?.output_type === 'execute_result' ? result.data['text/plain'] : undefined;
    if (run.status !== 'ok' || text === undefined || !/^\d+$/.test(text)) {
      throw new Error(`The probe cell failed (${run.status}): ${JSON.stringify(run.error ?? outputs)}`);
    }
    return Number(text) - PROBE_OWN;
  }

  /**
   * Polls the count until it equals `expected` or `timeoutMs` passes (releases are
   * pipelined and a closed session is released by the relay after its socket
   * closes); returns the last count and how long it took.
   */
  async waitForCount(expected: number, timeoutMs = 10_000): Promise<{ count: number; ms: number }> {
    const start = Date.now();
    let count = await this.liveCount();
    while (count !== expected && Date.now() - start < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      count = await this.liveCount();
    }
    return { count, ms: Date.now() - start };
  }

  close(): void {
    this.transport.close();
  }
}
