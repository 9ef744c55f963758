/**
 * GatewayConnection against a stand-in Py4J server that drops connections the
 * way an overflowing accept backlog does: it connects again only while nothing
 * but the auth command has been sent.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayConnection } from '../../relay/jvm/gateway-connection.ts';
import type { RelayError } from '../../relay/errors.ts';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Starts a server that hands each connection to `serve`; returns its port. */
async function listen(serve: (socket: Socket, n: number) => void): Promise<number> {
  let n = 0;
  server = createServer((socket) => {
    socket.on('error', () => undefined);
    serve(socket, n++);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return (server!.address() as AddressInfo).port;
}

function closed(conn: GatewayConnection): Promise<RelayError | null> {
  return new Promise((resolve) => conn.onClose(resolve));
}

describe('GatewayConnection retries', () => {
  it('connects again when the server resets it before answering the auth command, and sends the command once', async () => {
    const received: string[] = [];
    const port = await listen((socket, n) => {
      if (n < 2) {
        socket.resetAndDestroy();
        return;
      }
      socket.setEncoding('utf8');
      socket.on('data', (text: string) => {
        received.push(text);
        if (text === 'A\nsecret\n') socket.write('!yv\n');
        else socket.write('!yi4\n');
      });
    });
    const conn = GatewayConnection.open({ host: '127.0.0.1', port, token: 'secret' });
    const lines = new Promise<string[]>((resolve) => conn.onLines(resolve));
    conn.write('c\nz:java.lang.Math\nmax\ni3\ni4\ne\n');
    expect(await lines).toEqual(['!yi4']);
    expect(received).toEqual(['A\nsecret\n', 'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n']);
    conn.destroy();
    expect(await closed(conn)).toBeNull();
  });

  it('gives up after its retries, naming the reset', async () => {
    let attempts = 0;
    const port = await listen((socket) => {
      attempts++;
      socket.resetAndDestroy();
    });
    const conn = GatewayConnection.open({ host: '127.0.0.1', port, token: 'secret' }, { retries: 2 });
    const error = await closed(conn);
    // The reset arrives before or after the TCP connection is reported: unreachable, or dropped before auth.
    expect(['E_GATEWAY_UNREACHABLE', 'E_GATEWAY_AUTH']).toContain(error?.code);
    expect(error?.message).toContain('ECONNRESET');
    expect(attempts).toBe(3);
  });

  it('does not connect again once a command was sent', async () => {
    let attempts = 0;
    const port = await listen((socket) => {
      attempts++;
      socket.setEncoding('utf8');
      socket.once('data', () => {
        socket.write('!yv\n');
        socket.once('data', () => socket.resetAndDestroy());
      });
    });
    const conn = GatewayConnection.open({ host: '127.0.0.1', port, token: 'secret' });
    conn.write('c\no1\nsize\ne\n');
    expect(await closed(conn)).toMatchObject({ code: 'E_GATEWAY_CLOSED' });
    expect(attempts).toBe(1);
  });

  it('does not retry a refused connection: no server is there', async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const conn = GatewayConnection.open({ host: '127.0.0.1', port, token: 'secret' });
    expect(await closed(conn)).toMatchObject({ code: 'E_GATEWAY_UNREACHABLE' });
  });
});
