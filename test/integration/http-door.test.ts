/**
 * The relay's HTTP door, against the real `jvm-notebook start` process with its
 * embedded JVM: requests anyone can send (no token, unparsable paths, forged
 * state changes, planted cookies) are answered, and neither end the process nor
 * change anything.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayProcess } from '../e2e/support/relay-process.ts';
import { connectKernel } from '../support/stack.ts';

let relay: RelayProcess;

/** A relay of the describe block's own, so that one that ends does not fail the tests of another. */
function ownRelay(): void {
  beforeAll(async () => {
    relay = new RelayProcess();
    await relay.start();
  }, 90_000);

  afterAll(async () => {
    await relay.stop();
    relay.removeDir();
  });
}

/** Writes raw bytes to the relay and resolves with the status code of the answer (0: closed without one). */
function raw(request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(relay.port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('close', () => resolve(0));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(0) : reject(error)));
  });
}

function get(target: string, headers: string[] = []): Promise<number> {
  return raw(
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`,
  );
}

async function post(path: string, headers: Record<string, string>, body = '{}'): Promise<Response> {
  return fetch(`${relay.origin}${path}`, { method: 'POST', headers, body });
}

function jvmAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The relay answers, its JVM is the one it started with, and a kernel session still runs a Java call. */
async function expectRelayAndJvmUp(jvmPid: number): Promise<void> {
  const health = await fetch(`${relay.origin}/health`, { headers: { authorization: `Bearer ${relay.token}` } });
  expect(health.status).toBe(200);
  expect(jvmAlive(jvmPid)).toBe(true);
  const session = await connectKernel({ wsUrl: `ws://127.0.0.1:${relay.port}/ws`, token: relay.token });
  try {
    expect((await session.run('await jvm.java.lang.Math.max(6, 7)')).result).toBe('7');
  } finally {
    session.close();
  }
}

describe('unparsable request paths', () => {
  ownRelay();

  it('are answered, with or without the token, and the relay and its JVM live on', async () => {
    const pid = relay.jvmPid;
    expect(await get('//%zz')).toBe(401);
    expect(await get('/.//%zz')).toBe(401);
    expect(await get(`//%zz?token=${relay.token}`)).toBe(400);
    expect(await get('//%zz', [`Authorization: Bearer ${relay.token}`])).toBe(400);
    expect(await get('http://evil.example/')).toBe(400);
    expect(await get('*')).toBe(400);
    const upgrade = ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13'];
    const key = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
    expect(await get('//%zz', [...upgrade, key])).toBe(404);
    expect(await get(`//%zz?token=${relay.token}`, [...upgrade, key])).toBe(404);
    expect(await get('http://evil.example/ws', [...upgrade, key])).toBe(400);
    await expectRelayAndJvmUp(pid);
  });
});

describe('the token cookie', () => {
  ownRelay();

  const cookie = () => `jvmnb_token_${relay.port}`;

  it("is named after the relay's port", async () => {
    const response = await fetch(`${relay.origin}/health?token=${relay.token}`);
    expect(response.headers.get('set-cookie')).toBe(`${cookie()}=${relay.token}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('is accepted behind a cookie of the same name planted by another page', async () => {
    const planted = `${cookie()}=planted; other=1; ${cookie()}=${relay.token}`;
    expect((await fetch(`${relay.origin}/api/status`, { headers: { cookie: planted } })).status).toBe(200);
  });

  it('counts only under the name of this relay', async () => {
    const foreign = `jvmnb_token_${relay.port + 1}=${relay.token}; jvmnb_token=${relay.token}`;
    expect((await fetch(`${relay.origin}/api/status`, { headers: { cookie: foreign } })).status).toBe(401);
  });
});

describe('requests that change state', () => {
  ownRelay();

  it('are refused when another page could have sent them, and the JVM is not restarted', async () => {
    const pid = relay.jvmPid;
    const withCookie = { cookie: `jvmnb_token_${relay.port}=${relay.token}` };
    const foreignOrigin = { ...withCookie, origin: `http://127.0.0.1:${relay.port + 1}` };
    const refusals = [
      // What a no-cors fetch or an auto-submitted form from another port sends.
      await post('/api/jvm/restart', { ...foreignOrigin, 'content-type': 'text/plain' }),
      await post('/api/jvm/restart', { ...foreignOrigin, 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'),
      // A JSON body or the notebook header from a foreign origin is refused by its Origin.
      await post('/api/jvm/restart', { ...foreignOrigin, 'content-type': 'application/json' }),
      await post('/api/jvm/restart', { ...foreignOrigin, 'x-jvm-notebook': '1' }),
      await post('/api/jvm/restart', { ...withCookie, origin: 'null', 'x-jvm-notebook': '1' }),
      // Without an Origin, a simple request is still one any page could make.
      await post('/api/jvm/restart', { ...withCookie, 'content-type': 'text/plain' }),
    ];
    expect(refusals.map((response) => response.status)).toEqual([403, 403, 403, 403, 403, 403]);
    const del = await fetch(`${relay.origin}/api/notebooks/x.ipynb`, { method: 'DELETE', headers: withCookie });
    expect(del.status).toBe(403);
    await expectRelayAndJvmUp(pid);
  });

  it("are accepted from the relay's own page, which restarts the JVM", async () => {
    const before = relay.jvmPid;
    const response = await post('/api/jvm/restart', {
      cookie: `jvmnb_token_${relay.port}=${relay.token}`,
      origin: relay.origin,
      'x-jvm-notebook': '1',
      'content-type': 'application/json',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ jvm: 'running' });
    expect(jvmAlive(before)).toBe(false);
  });
});
