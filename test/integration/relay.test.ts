import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { deleteCommand } from '../../protocol/py4j/index.ts';
import { attachGateway, startEmbeddedGateway, type EmbeddedGateway } from '../../relay/jvm/embedded-gateway.ts';
import type { GatewayTarget } from '../../relay/jvm/gateway-target.ts';
import { findJava } from '../../relay/jvm/java-runtime.ts';
import { launchEmbeddedJvm, type EmbeddedJvm } from '../../relay/jvm/jvm-launcher.ts';
import { findPy4jJar } from '../../relay/jvm/py4j-jar.ts';
import { startRelay, type Relay } from '../../relay/server/relay-server.ts';
import type { SessionSummary } from '../../relay/session/relay-session.ts';
import { Client, clients, closeClients, liveCount, refId, waitUntil } from '../support/relay-wire.ts';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const MAX_3_4 = 'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n';
const NEW_LIST = 'i\njava.util.ArrayList\ne\n';
const NEW_QUEUE = 'i\njava.util.concurrent.LinkedBlockingQueue\ne\n';

/** The status (101 when accepted) and body of a WebSocket upgrade. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.close();
      resolvePromise({ status: 101, body: '' });
    });
    ws.on('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

function httpGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolvePromise, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

function summaryOf(relay: Relay): Promise<SessionSummary> {
  return new Promise((resolvePromise) => relay.onSessionClosed(resolvePromise));
}

let javaPath: string;
let py4jJar: string;

// Fails, rather than skips, every test when there is no JDK or Py4J jar.
beforeAll(async () => {
  javaPath = (await findJava()).javaPath;
  py4jJar = await findPy4jJar({ cacheDir: join(REPO_ROOT, '.cache') });
}, 120_000);

describe('the relay over an embedded JVM', { timeout: 30_000 }, () => {
  let gateway: EmbeddedGateway;
  let relay: Relay;
  let scratch: string;
  const logs: string[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'relay-test-'));
    const staticDir = join(scratch, 'static');
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>jvm-notebook</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'export {};');
    await writeFile(join(scratch, 'secret.txt'), 'outside the static folder');
    gateway = await startEmbeddedGateway({ javaPath, py4jJar });
    relay = await startRelay({ gateway, staticDir, log: (line) => logs.push(line) });
  }, 60_000);

  afterEach(() => closeClients(relay));

  afterAll(async () => {
    await relay?.close();
    await gateway?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    expect(logs.filter((line) => line.includes(relay.token))).toEqual([]);
  });

  const target = (): GatewayTarget => gateway.current()!;

  describe('HTTP', () => {
    it('refuses a request without the token with 401 and says how to get in', async () => {
      const res = await httpGet(relay.port, '/health');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toContain('?token=');
      expect((await httpGet(relay.port, '/health?token=wrong')).status).toBe(401);
    });

    it('accepts the token as a query parameter, which sets the cookie, as a bearer header, or as the cookie', async () => {
      expect(relay.url).toBe(`http://127.0.0.1:${relay.port}/?token=${relay.token}`);
      const byQuery = await httpGet(relay.port, `/health?token=${relay.token}`);
      expect(byQuery.status).toBe(200);
      expect(JSON.parse(byQuery.body)).toEqual({ ok: true, mode: 'embedded' });
      const cookie = byQuery.headers['set-cookie']?.[0];
      expect(cookie).toBe(`jvmnb_token_${relay.port}=${relay.token}; HttpOnly; SameSite=Strict; Path=/`);

      expect((await httpGet(relay.port, '/health', { authorization: `Bearer ${relay.token}` })).status).toBe(200);
      const byCookie = await httpGet(relay.port, '/health', { cookie: cookie!.split(';')[0]! });
      expect(byCookie.status).toBe(200);
      expect(byCookie.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a Host header that is not the relay, even with the token (DNS rebinding)', async () => {
      const res = await httpGet(relay.port, `/health?token=${relay.token}`, { host: `evil.example:${relay.port}` });
      expect(res.status).toBe(403);
      expect(res.body).toContain('DNS rebinding');
      expect(
        (await httpGet(relay.port, `/health?token=${relay.token}`, { host: `localhost:${relay.port}` })).status,
      ).toBe(200);
    });

    it('serves the static UI with content types, and nothing outside its folder', async () => {
      const auth = { authorization: `Bearer ${relay.token}` };
      const index = await httpGet(relay.port, '/', auth);
      expect(index.status).toBe(200);
      expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(index.body).toContain('<title>jvm-notebook</title>');
      const script = await httpGet(relay.port, '/assets/app.js', auth);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.body).toBe('export {};');
      for (const path of [
        '/..%2fsecret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/missing.js',
        '/assets',
      ]) {
        const res = await httpGet(relay.port, path, auth);
        expect(res.status, path).toBe(404);
        expect(res.body, path).not.toContain('outside');
      }
    });
  });

  describe('WebSocket access', () => {
    it('refuses a WebSocket without the token with 401', async () => {
      expect((await upgrade(relay.wsUrl, {})).status).toBe(401);
    });

    it('refuses a WebSocket from a foreign origin with 403, even with the token', async () => {
      const res = await upgrade(`${relay.wsUrl}?token=${relay.token}`, { origin: 'http://evil.example' });
      expect(res.status).toBe(403);
      expect(res.body).toContain('evil.example');
    });

    it('refuses a WebSocket with a foreign Host with 403', async () => {
      expect((await upgrade(`${relay.wsUrl}?token=${relay.token}`, { host: 'evil.example' })).status).toBe(403);
    });

    it('accepts a WebSocket from its own origin with the cookie, and says hello with the mode', async () => {
      const client = await Client.open(relay, {
        origin: `http://localhost:${relay.port}`,
        cookie: `jvmnb_token_${relay.port}=${relay.token}`,
      });
      expect(JSON.parse(client.received[0]!)).toMatchObject({
        type: 'hello',
        mode: 'embedded',
        session: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      });
      expect(relay.sessions()).toBe(1);
    });
  });

  describe('calls', () => {
    it('answers a call round trip in one message', async () => {
      const client = await Client.open(relay);
      client.send(`0\n${MAX_3_4}`);
      await client.answers(0, 1);
      expect(client.received.slice(1)).toEqual(['0\n!yi4\n']);
    });

    it('answers 1000 calls pipelined in one message, all in order, in few messages', async () => {
      const client = await Client.open(relay);
      let batch = '';
      for (let k = 0; k < 1000; k++) batch += `c\nz:java.lang.Math\nmax\ni${k}\ni-1\ne\n`;
      const lines = await client.call(0, batch, 1000);
      expect(lines).toEqual(Array.from({ length: 1000 }, (_, k) => `!yi${k}`));
      expect(client.messages(0).length).toBeLessThan(100);
    });

    it('refuses shutdown, cancel, auth and deleting a special id with an error answer in their places', async () => {
      const client = await Client.open(relay);
      const lines = await client.call(
        0,
        [
          MAX_3_4,
          's\ne\n',
          'c\nz:java.lang.Math\nmax\ni5\ni6\ne\n',
          'z\n127.0.0.1\ni1\ni2\ne\n',
          `A\n${target().token}\n`,
          'c\nz:java.lang.Math\nmax\ni7\ni8\ne\n',
          'm\nd\nt\ne\n',
        ].join(''),
        7,
      );
      expect(lines).toEqual([
        '!yi4',
        expect.stringMatching(/^!xsThe jvm-notebook relay refused command 's' \(shut down the gateway\)/),
        '!yi6',
        expect.stringMatching(/^!xsThe jvm-notebook relay refused command 'z' \(cancel\)/),
        expect.stringMatching(/^!xsThe jvm-notebook relay refused command 'A' \(authenticate\)/),
        '!yi8',
        expect.stringMatching(/^!xsThe jvm-notebook relay refused to delete "t"/),
      ]);
      // The gateway is still there: the shutdown never reached it.
      expect(await client.call(1, MAX_3_4)).toEqual(['!yi4']);
    });

    it('answers a refused command at once when nothing forwarded is ahead of it', async () => {
      const client = await Client.open(relay);
      expect(await client.call(3, 'q\ne\n')).toEqual([expect.stringMatching(/^!xs.*'q' \(quit\)/)]);
    });

    it('passes the array length command, whose subcommand is `e`, as one command', async () => {
      const client = await Client.open(relay);
      const [array] = await client.call(0, 'a\nc\nsint\ni3\ne\n');
      const id = refId(array!);
      expect(await client.call(0, `a\ne\n${id}\ne\n${MAX_3_4}`, 2)).toEqual(['!yi3', '!yi4']);
    });

    it('runs channels independently: a sleeping call on channel 0 does not hold up channel 1', async () => {
      const client = await Client.open(relay);
      client.send('0\nc\nz:java.lang.Thread\nsleep\nL2000\ne\n');
      client.send(`1\n${MAX_3_4}`);
      await client.answers(0, 1);
      const data = client.received.filter((message) => !message.startsWith('{'));
      expect(data).toEqual(['1\n!yi4\n', '0\n!yv\n']);
    });

    it('reset-channel gives a channel a fresh connection while the old call still blocks, and releases what that call returns', async () => {
      const baseline = await liveCount(target());
      const client = await Client.open(relay);
      const [queue, list] = (await client.call(1, NEW_QUEUE + NEW_LIST, 2)).map(refId);
      client.send(`0\nc\n${queue}\ntake\ne\n`);
      client.send(JSON.stringify({ type: 'reset-channel', channel: 0 }));
      await client.until(
        () => client.received.includes('{"type":"channel-reset","channel":0}'),
        'the relay confirms the reset',
      );
      expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);

      const logged = logs.length;
      // take() returns on the abandoned connection, handing out a new id for the list.
      expect(await client.call(1, `c\n${queue}\nput\nr${list}\ne\n`)).toEqual(['!yv']);
      await waitUntil(
        () =>
          logs
            .slice(logged)
            .some((line) => line.startsWith('Released 1 Java object returned by calls the client had abandoned')),
        'the relay releases the abandoned answer',
      );
      // Only the queue and the list remain.
      await waitUntil(async () => (await liveCount(target())) === baseline + 2, 'the abandoned id is deleted');

      expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);
      expect(client.messages(0)).toEqual(['0\n!yi4\n', '0\n!yi4\n']);
    });

    it('closes the WebSocket with 1008 on a non-numeric channel', async () => {
      const client = await Client.open(relay);
      client.send(`zero\n${MAX_3_4}`);
      expect(await client.closed).toEqual({
        code: 1008,
        reason: 'Expected "<channel>\\n<commands>" with a decimal channel, got "zero".',
      });
    });

    it('closes the WebSocket with 1008 on a malformed control message', async () => {
      const bad = ['{"type":"reset-channel"', '{"type":"reset-channel","channel":-1}', '{"type":"shutdown"}'];
      const reasons = [];
      for (const message of bad) {
        const client = await Client.open(relay);
        client.send(message);
        reasons.push(await client.closed);
      }
      expect(reasons).toEqual([
        { code: 1008, reason: 'A control message is not valid JSON.' },
        { code: 1008, reason: 'reset-channel needs "channel": an integer >= 0.' },
        { code: 1008, reason: 'Unknown control message type "shutdown".' },
      ]);
    });
  });

  describe('the ledger', () => {
    it('releases every object of a session when its WebSocket closes', async () => {
      const baseline = await liveCount(target());
      const client = await Client.open(relay);
      const lines = await client.call(0, NEW_LIST.repeat(50), 50);
      expect(lines.every((line) => /^!ylo\d+$/.test(line))).toBe(true);
      // A thrown exception is an object too.
      expect(await client.call(1, 'c\nz:java.lang.Integer\nparseInt\nsnope\ne\n')).toEqual([
        expect.stringMatching(/^!xro\d+$/),
      ]);
      // One the client released itself is not released twice.
      expect(await client.call(1, deleteCommand(lines[0]!.slice(3)))).toEqual(['!yv']);
      expect(await liveCount(target())).toBe(baseline + 50);

      const summary = summaryOf(relay);
      client.ws.close();
      expect(await summary).toEqual({ released: 50, leaked: 0, unanswered: 0 });
      await waitUntil(async () => (await liveCount(target())) === baseline, 'the JVM is back to its baseline');
    });

    it('releases objects whose answers arrive after the WebSocket closed', async () => {
      const baseline = await liveCount(target());
      const client = await Client.open(relay);
      const summary = summaryOf(relay);
      client.send(`0\n${NEW_LIST.repeat(50)}`);
      client.ws.close();
      expect(await summary).toEqual({ released: 50, leaked: 0, unanswered: 0 });
      await waitUntil(async () => (await liveCount(target())) === baseline, 'the JVM is back to its baseline');
    });
  });
});

describe('when the embedded JVM goes away', { timeout: 30_000 }, () => {
  let gateway: EmbeddedGateway;
  let relay: Relay;

  beforeAll(async () => {
    gateway = await startEmbeddedGateway({ javaPath, py4jJar });
    relay = await startRelay({ gateway });
  }, 60_000);

  afterEach(() => closeClients(relay));

  afterAll(async () => {
    await relay?.close();
    await gateway?.stop();
  });

  it('closes the WebSocket with 4001 when the JVM dies', async () => {
    if (gateway.state !== 'running') await gateway.restart();
    const client = await Client.open(relay);
    expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);
    process.kill(gateway.pid!, 'SIGKILL');
    const closed = await client.closed;
    expect(closed.code).toBe(4001);
    expect(closed.reason).toMatch(/JVM/);
    await waitUntil(() => gateway.state === 'exited', 'the gateway reports the exit');
  });

  it('closes sessions with 4001 on a restart, and a new session uses the new JVM', async () => {
    if (gateway.state !== 'running') await gateway.restart();
    const client = await Client.open(relay);
    expect(await client.call(0, NEW_LIST)).toEqual([expect.stringMatching(/^!ylo\d+$/)]);
    const oldPid = gateway.pid;
    await gateway.restart();
    expect(gateway.pid).not.toBe(oldPid);
    expect(await client.closed).toMatchObject({
      code: 4001,
      reason: expect.stringMatching(/JVM (stopped|was restarted)/),
    });

    const fresh = await Client.open(relay);
    expect(await fresh.call(0, MAX_3_4)).toEqual(['!yi4']);
  });

  it('closes a session with 4001 at its first command while the JVM is not running', async () => {
    await gateway.stop();
    expect(gateway.state).toBe('exited');
    const client = await Client.open(relay);
    client.send(`0\n${MAX_3_4}`);
    expect(await client.closed).toEqual({
      code: 4001,
      reason: 'The JVM is not running (it has exited, or is still starting).',
    });
  });
});

describe('attach mode', { timeout: 30_000 }, () => {
  let jvm: EmbeddedJvm;

  beforeAll(async () => {
    jvm = await launchEmbeddedJvm({ javaPath, py4jJar });
  }, 60_000);

  afterAll(async () => {
    await jvm?.stop();
  });

  it('serves sessions from a separately launched gateway', async () => {
    const gateway = await attachGateway({ host: '127.0.0.1', port: jvm.port, token: jvm.token });
    expect(gateway.mode).toBe('attach');
    const relay = await startRelay({ gateway });
    try {
      const client = await Client.open(relay);
      expect(JSON.parse(client.received[0]!)).toMatchObject({ type: 'hello', mode: 'attach' });
      expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);
      const health = await httpGet(relay.port, '/health', { authorization: `Bearer ${relay.token}` });
      expect(JSON.parse(health.body)).toEqual({ ok: true, mode: 'attach' });
    } finally {
      await closeClients(relay);
      await relay.close();
    }
  });

  it('rejects a wrong token naming host:port, never the token', async () => {
    const error = await attachGateway({ host: '127.0.0.1', port: jvm.port, token: 'wrong-token' }).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ name: 'RelayError', code: 'E_GATEWAY_AUTH' });
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${jvm.port}`);
    expect(message).toContain('bad auth token');
    expect(message).not.toContain('wrong-token');
    expect(message).not.toContain(jvm.token);
  });

  it('rejects a missing token for a gateway that wants one', async () => {
    const error = await attachGateway({ host: '127.0.0.1', port: jvm.port, token: null }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'E_GATEWAY_AUTH', message: expect.stringContaining('requires an auth token') });
  });

  it('attaches to a gateway without authentication, and explains a token it does not expect', async () => {
    // launchEmbeddedJvm always enables auth: start a bare GatewayServer by hand.
    const child = spawn(javaPath, ['-cp', py4jJar, 'py4j.GatewayServer', '--die-on-broken-pipe', '0'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    try {
      const port = await new Promise<number>((resolvePromise, reject) => {
        createInterface({ input: child.stdout }).once('line', (line) => resolvePromise(Number(line)));
        child.once('error', reject);
      });
      const gateway = await attachGateway({ host: '127.0.0.1', port, token: null });
      expect(gateway.current()).toEqual({ host: '127.0.0.1', port, token: null });
      const error = await attachGateway({ host: '127.0.0.1', port, token: 'unexpected' }).catch((err: unknown) => err);
      expect(error).toMatchObject({
        code: 'E_GATEWAY_AUTH',
        message: `The Py4J gateway at 127.0.0.1:${port} does not use an auth token (it did not understand the auth command): connect without one.`,
      });
    } finally {
      child.stdin.end();
      await once(child, 'exit');
    }
  });

  it('rejects an address where no gateway listens, naming it', async () => {
    const port = await new Promise<number>((resolvePromise) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolvePromise(free));
      });
    });
    const error = await attachGateway({ host: '127.0.0.1', port, token: 'x' }).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'E_GATEWAY_UNREACHABLE',
      message: expect.stringContaining(`127.0.0.1:${port}: ECONNREFUSED`),
    });
  });
});

describe('closing the relay', { timeout: 30_000 }, () => {
  it('closes every session with 1001 and releases their objects first', async () => {
    const gateway = await startEmbeddedGateway({ javaPath, py4jJar });
    try {
      const relay = await startRelay({ gateway });
      const baseline = await liveCount(gateway.current()!);
      const client = await Client.open(relay);
      await client.call(0, NEW_LIST.repeat(5), 5);
      await relay.close();
      expect(await client.closed).toEqual({ code: 1001, reason: 'The relay is shutting down.' });
      expect(relay.sessions()).toBe(0);
      expect(await liveCount(gateway.current()!)).toBe(baseline);
      clients.splice(0);
    } finally {
      await gateway.stop();
    }
  });
});
