/**
 * The bench page: starts the kernel worker and lets the harness send it
 * requests. Each answer comes with the time the page measured around it
 * with its own clock (no browser instrumentation involved).
 */
import type { BenchAnswer, BenchRequest } from './bench-protocol.ts';

const worker = new Worker(new URL('./bench-worker.js', import.meta.url), { type: 'module' });
const waiting = new Map<number, (answer: BenchAnswer) => void>();
let nextId = 0;

worker.onmessage = (event: MessageEvent<BenchAnswer>) => {
  waiting.get(event.data.id)?.(event.data);
  waiting.delete(event.data.id);
};

async function request(req: BenchRequest): Promise<{ pageMs: number; answer: BenchAnswer }> {
  const id = ++nextId;
  const started = performance.now();
  const answer = await new Promise<BenchAnswer>((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, request: req });
  });
  return { pageMs: performance.now() - started, answer };
}

(globalThis as unknown as { bench: { request: typeof request; ready: boolean } }).bench = { request, ready: true };
