/**
 * A bare WebSocket echo server: the floor of the page ↔ Node hop (no relay
 * logic, no JVM). Also measures the same floor from a Node client.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface EchoServer {
  url: string;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** µs per sequential round trip of `payload` from a Node `ws` client. */
export async function nodeEcho(url: string, count: number, payload: string): Promise<number> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let resolveNext: (() => void) | null = null;
  socket.on('message', () => resolveNext?.());
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
