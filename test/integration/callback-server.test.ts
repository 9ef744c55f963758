/**
 * The callback server's bounds on what an unauthenticated connection may make
 * the relay hold, over real sockets.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackRouter } from '../../relay/session/callback-router.ts';
import { startCallbackServer, type CallbackServer } from '../../relay/session/callback-server.ts';

const MiB = 1024 * 1024;
let server: CallbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function open(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed };
}

describe('callback server bounds', () => {
  it('closes a connection that sends more than a command may hold without a newline, and keeps nothing of it', async () => {
    server = await startCallbackServer({ router: new CallbackRouter(), token: () => null, maxCommandChars: MiB });
    const { socket, closed } = await open(server.port);
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    const heapBefore = process.memoryUsage().heapUsed;
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    // Writes as fast as the server reads, up to 200 MB, until the server closes the connection.
    while (!isClosed && sent < 200 * MiB) {
      sent += chunk.length;
      if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
    }
    await closed;
    expect(sent).toBeLessThan(32 * MiB);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * MiB);
  }, 60_000);

  it('closes a connection that stays idle past the idle timeout', async () => {
    server = await startCallbackServer({ router: new CallbackRouter(), token: () => null, idleTimeoutMs: 200 });
    const { closed } = await open(server.port);
    await expect(
      Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), 10_000))]),
    ).resolves.toBe('closed');
  });

  it('keeps a silent connection open while its callback runs, and answers it', async () => {
    const router = new CallbackRouter();
    // The kernel takes five idle periods to run this callback.
    const session = router.add({
      callback: () => new Promise<string>((resolve) => setTimeout(() => resolve('!yv\n'), 500)),
    });
    server = await startCallbackServer({ router, token: () => null, idleTimeoutMs: 100 });
    const { socket, closed } = await open(server.port);
    socket.setEncoding('utf8');
    const answer = new Promise<string>((resolve) => socket.once('data', (text: string) => resolve(text)));
    socket.write(`c\np${session}_1\nrun\ne\n`);
    expect(await answer).toBe('!yv\n');
    await closed;
  });
});
