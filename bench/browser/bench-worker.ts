/**
 * The bench page's kernel worker: a browser kernel exactly as the notebook's
 * worker builds it (cells/worker-main.ts), answering bench requests.
 */
import { Kernel } from '../../cells/kernel.ts';
import { WebSocketTransport } from '../../cells/gateway/websocket-transport.ts';
import type { CellOutput } from '../../protocol/outputs.ts';
import { CountingTransport, diffCounters } from '../lib/counting-transport.ts';
import type { BenchAnswer, BenchRequest, CellRunReport } from './bench-protocol.ts';

declare const self: {
  postMessage(message: BenchAnswer): void;
  onmessage: ((event: MessageEvent<{ id: number; request: BenchRequest }>) => void) | null;
};

let kernel: Kernel | null = null;
let counting: CountingTransport | null = null;

async function handle(request: BenchRequest): Promise<unknown> {
  switch (request.type) {
    case 'connect': {
      const { transport } = await WebSocketTransport.connect(new WebSocket(request.url));
      counting = new CountingTransport(transport);
      kernel = new Kernel({ transport: counting });
      return 'connected';
    }
    case 'run':
      return run(request.cellId, request.source);
    case 'release':
      kernel?.releaseCell(request.cellId);
      return 'released';
    case 'echo':
      return echo(request.url, request.count, request.payload);
  }
}

async function run(cellId: string, source: string): Promise<CellRunReport> {
  if (!kernel || !counting) throw new Error('not connected');
  const before = counting.snapshot();
  const outputs: CellOutput[] = [];
  const result = await kernel.run({ cellId, source }, (output) => outputs.push(output));
  return {
    status: result.status,
    stdout: outputs.map((o) => (o.output_type === 'stream' ? o.text : '')).join(''),
    ...(result.error ? { error: `${result.error.ename}: ${result.error.evalue}` } : {}),
    runMs: result.durationMs,
    counters: diffCounters(counting.snapshot(), before),
  };
}

async function echo(url: string, count: number, payload: string): Promise<number> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`cannot open ${url}`));
  });
  let resolveNext: (() => void) | null = null;
  socket.onmessage = () => resolveNext?.();
  const once = () =>
    new Promise<void>((resolve) => {
      resolveNext = resolve;
      socket.send(payload);
    });
  for (let i = 0; i < Math.min(200, count); i++) await once();
  const started = performance.now();
  for (let i = 0; i < count; i++) await once();
  const us = ((performance.now() - started) * 1000) / count;
  socket.close();
  return us;
}

self.onmessage = (event) => {
  const { id, request } = event.data;
  handle(request).then(
    (value) => self.postMessage({ id, ok: true, value }),
    (error: unknown) =>
      self.postMessage({
        id,
        ok: false,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }),
  );
};
