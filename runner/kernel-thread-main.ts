/**
 * Entry of the kernel worker thread of `jvm-notebook run`: the same kernel
 * host the browser's worker runs, with the token sent as a header (there is
 * no cookie jar in Node).
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import type { WebSocketLike } from '../cells/gateway/websocket-transport.ts';
import { KernelHost } from '../cells/kernel-host.ts';
import type { KernelRequest } from '../protocol/worker-messages.ts';

const { token } = workerData as { token: string };
const port = parentPort!;
const host = new KernelHost({
  openSocket: (url) =>
    new WebSocket(url, { headers: { authorization: `Bearer ${token}` } }) as unknown as WebSocketLike,
  post: (event) => port.postMessage(event),
});
port.on('message', (request: KernelRequest) => host.handle(request));
