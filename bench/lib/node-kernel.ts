/**
 * The Node kernel (the headless runner's): the same Kernel class as the
 * browser's, over the `ws` package's WebSocket to the relay.
 */
import WebSocket from 'ws';
import { Kernel } from '../../cells/kernel.ts';
import { WebSocketTransport, type WebSocketLike } from '../../cells/gateway/websocket-transport.ts';
import type { CellOutput } from '../../protocol/outputs.ts';
import type { Relay } from '../../relay/server/relay-server.ts';
import type { CellRunReport, CellSession } from './cell-session.ts';
import { CountingTransport, diffCounters } from './counting-transport.ts';

export async function connectNodeKernel(relay: Relay): Promise<CellSession> {
  const socket = new WebSocket(relay.wsUrl, { headers: { authorization: `Bearer ${relay.token}` } });
  const { transport } = await WebSocketTransport.connect(socket as unknown as WebSocketLike);
  const counting = new CountingTransport(transport);
  const kernel = new Kernel({ transport: counting });
  return {
    where: 'node',
    async run(cellId, source): Promise<CellRunReport> {
      const before = counting.snapshot();
      const outputs: CellOutput[] = [];
      const result = await kernel.run({ cellId, source }, (output) => outputs.push(output));
      const counters = diffCounters(counting.snapshot(), before);
      return {
        status: result.status,
        stdout: outputs.map((o) => (o.output_type === 'stream' ? o.text : '')).join(''),
        ...(result.error ? { error: `${result.error.ename}: ${result.error.evalue}` } : {}),
        runMs: result.durationMs,
        counters,
      };
    },
    async releaseCell(cellId) {
      kernel.releaseCell(cellId);
    },
    async close() {
      transport.close();
    },
  };
}
