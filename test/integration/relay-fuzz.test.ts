/**
 * The relay under random, truncated, oversized and malformed input on each of
 * its doors — HTTP, the WebSocket and the callback server — while a
 * legitimate session keeps working. Loopback only, bounded in count and time,
 * seeded so that a failure can be replayed (the seed is in the test name).
 *
 * Afterwards the relay process is still up, answers /health, the legitimate
 * session still gets right answers, and the relay's memory comes back to
 * within 20% of where it was before the flood.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RelayProcess } from '../e2e/support/relay-process.ts';
import { Client } from '../support/relay-wire.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const MAX_3_4 = 'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n';

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Text of `length` characters drawn from `alphabet`. */
  text(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

const PATH_PARTS = [
  '/',
  '//',
  '%zz',
  '%',
  '%2e%2e',
  '..',
  '.',
  '%00',
  'api',
  'notebooks',
  'ws',
  'health',
  '?',
  '#',
  'é',
  '%C0%AF',
  '\\',
  ';',
  'index.html',
  'api/status',
  'api/jvm/restart',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'FOO'];
const COMMAND_NAMES = ['c', 'i', 'f', 'r', 'm', 'a', 'l', 'h', 'd', 'j', 'p', 's', 'z', 'q', 'A', 'S', 'e', ''];
const ARG_TAGS = ['s', 'i', 'L', 'd', 'D', 'b', 'n', 'j', 'r', 'l', 'f', 'x'];
const IDS = ['t', 'j', 'GATEWAY_SERVER', 'z:java.lang.Math', 'o1', 'o2', 'o17', 'o99999', 'p_1', ''];

function randomPath(g: Gen): string {
  let path = '';
  const parts = 1 + g.int(6);
  for (let i = 0; i < parts; i++) path += g.pick(PATH_PARTS);
  if (g.chance(0.02)) path += 'x'.repeat(20_000 + g.int(60_000));
  return path.startsWith('/') ? path : `/${path}`;
}

/** One Py4J-looking command: a random name, lines, tagged arguments and sometimes a wrong end. */
function randomCommand(g: Gen): string {
  const lines = [g.pick(COMMAND_NAMES)];
  const count = g.int(6);
  for (let i = 0; i < count; i++) {
    const kind = g.int(4);
    if (kind === 0) lines.push(g.pick(IDS));
    else if (kind === 1) lines.push(g.pick(ARG_TAGS) + g.text(g.int(12), '0123456789abcxyz-.'));
    else if (kind === 2) lines.push(g.text(g.int(5), 'cdgsuemli'));
    else lines.push(g.pick(['e', '', '\r', 'x\ry', 'L99999999999999999999', 'd1e999', 'jAAAA']));
  }
  if (!g.chance(0.1)) lines.push('e');
  return `${lines.join('\n')}\n`;
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Sends raw bytes to a TCP port and resolves when the peer closes or after `ms` (whichever first). */
function rawSend(port: number, data: string | Buffer, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.on('error', done);
    socket.on('close', done);
    socket.on('data', () => undefined);
    socket.write(data, () => undefined);
  });
}

function httpStatus(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(-1));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(-1));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describe(`the relay under fuzzed input (seed ${SEED})`, { timeout: 120_000 }, () => {
  const relay = new RelayProcess();
  let legit: Client;
  let callbackPort: number;
  let baselineRssKb: number;
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${relay.token}` });
  const relayHandle = () => ({ wsUrl: `ws://127.0.0.1:${relay.port}/ws`, token: relay.token });

  /** The legitimate session still gets the right answer. */
  async function legitWorks(): Promise<void> {
    expect(await legit.call(0, MAX_3_4)).toEqual(['!yi4']);
  }

  /** Runs a flood while the legitimate session keeps calling; every one of its answers must be right. */
  async function whileLegitWorks(flood: () => Promise<unknown>): Promise<void> {
    let flooding = true;
    let answered = 0;
    const legitimate = (async () => {
      while (flooding) {
        await legitWorks();
        answered++;
      }
    })();
    try {
      await flood();
    } finally {
      flooding = false;
    }
    await legitimate;
    expect(answered).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    await relay.start();
    legit = await Client.open(relayHandle());
    // The callback server's port, as the JVM knows it.
    const [client] = await legit.call(1, 'c\nGATEWAY_SERVER\ngetCallbackClient\ne\n');
    const [port] = await legit.call(1, `c\n${client!.slice(3)}\ngetPort\ne\n`);
    callbackPort = Number(port!.slice(3));
    expect(callbackPort).toBeGreaterThan(0);
    // Warm up every door with a small flood of its own, so that the baseline holds what a working
    // relay keeps once it has seen such traffic (heap grown, code compiled): what the full flood
    // leaves on top of that is what it leaked.
    const warm = new Gen(SEED + 100);
    await whileLegitWorks(async () => {
      await floodHttp(warm, 150);
      await floodRaw(warm, 40);
      await floodWebSockets(warm, 4);
      await floodCallbacks(warm, 40, 1);
    });
    baselineRssKb = rssKb(relay.pid);
  }, 90_000);

  afterAll(async () => {
    legit?.ws.close();
    await relay.stop();
    relay.removeDir();
  });

  function floodHttp(g: Gen, count: number): Promise<void> {
    const cases = Array.from({ length: count }, () => {
      const headers: Record<string, string> = {};
      if (g.chance(0.6)) headers.authorization = `Bearer ${g.chance(0.8) ? relay.token : 'wrong'}`;
      if (g.chance(0.3)) headers.cookie = `${g.text(8, 'jvmnb_tokex')}=${g.chance(0.5) ? relay.token : '%zz;;='}`;
      if (g.chance(0.3))
        headers['content-type'] = g.pick(['application/json', 'text/plain', 'multipart/form-data', '']);
      if (g.chance(0.2)) headers.origin = g.pick(['http://127.0.0.1:1', 'null', 'http://evil.example', '%zz']);
      if (g.chance(0.1)) headers.host = g.pick(['evil.example', '127.0.0.1', '']);
      const body = g.chance(0.4)
        ? g.pick(['{', '{"name":', '[]', '{"notebook":{}}', g.text(g.int(4000), '{}[]":,ab\n')])
        : undefined;
      return { method: g.pick(METHODS), path: randomPath(g), headers, body };
    });
    return inBatches(cases, 16, (c) => httpStatus(relay.port, c.method, c.path, c.headers, c.body));
  }

  function floodRaw(g: Gen, count: number): Promise<void> {
    const raws: string[] = [];
    for (let i = 0; i < count; i++) {
      const path = randomPath(g);
      const upgrade = g.chance(0.5)
        ? 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
        : '';
      const token = g.chance(0.5) ? `Authorization: Bearer ${relay.token}\r\n` : '';
      let request = `${g.pick(METHODS)} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\n${upgrade}${token}\r\n`;
      if (g.chance(0.3)) request = request.slice(0, g.int(request.length));
      if (g.chance(0.1)) request = g.text(g.int(300), 'GET /\r\n: HTTP%zz');
      raws.push(request);
    }
    return inBatches(raws, 16, (raw) => rawSend(relay.port, raw, 300));
  }

  function floodWebSockets(g: Gen, sessions: number): Promise<void> {
    return inBatches(
      Array.from({ length: sessions }, (_, i) => i),
      6,
      async () => {
        const ws = new WebSocket(relayHandle().wsUrl, { headers: auth() });
        ws.on('error', () => undefined);
        await new Promise<void>((resolve) => {
          ws.once('open', () => resolve());
          ws.once('close', () => resolve());
        });
        const frames = 40;
        for (let f = 0; f < frames && ws.readyState === WebSocket.OPEN; f++) {
          const kind = g.int(6);
          if (kind === 0) ws.send(g.text(g.int(200), '0123456789\n{}":e\r'));
          else if (kind === 1) ws.send(Buffer.from(g.text(20, 'abc')), { binary: true });
          else if (kind === 2)
            ws.send(
              g.pick([
                '{"type":"reset-channel","channel":1}',
                '{"type":"callback-answer","callId":1,"answer":"!yv\\r"}',
                '{"type":',
                '{}',
                '{"type":"reset-channel","channel":1e99}',
              ]),
            );
          else {
            let commands = '';
            const count = 1 + g.int(8);
            for (let c = 0; c < count; c++) commands += randomCommand(g);
            if (g.chance(0.1)) commands = commands.slice(0, g.int(commands.length));
            ws.send(`${g.int(70)}\n${commands}`);
          }
        }
        // Leave while the relay is still at work on it, sometimes abruptly.
        if (g.chance(0.5)) ws.terminate();
        else ws.close();
      },
    );
  }

  function floodCallbacks(g: Gen, count: number, oversized: number): Promise<void> {
    const inputs: (string | Buffer)[] = [];
    for (let i = 0; i < count; i++) {
      const kind = g.int(5);
      if (kind === 0) inputs.push(`A\n${g.text(10, 'abc')}\ne\n`);
      else if (kind === 1) inputs.push(`c\np${g.text(12, 'abcxyz0123')}_${g.int(9)}\nrun\n${g.pick(ARG_TAGS)}1\ne\n`);
      else if (kind === 2) inputs.push(`g\n${g.pick(IDS)}\ne\n`);
      else if (kind === 3) inputs.push(randomCommand(g));
      else inputs.push(Buffer.from(g.text(g.int(500), 'ce\n\r!xyz')));
    }
    // Megabytes without a newline.
    for (let i = 0; i < oversized; i++) inputs.push(Buffer.alloc(8 * 1024 * 1024, 'x'));
    return inBatches(inputs, 16, (input) => rawSend(callbackPort, input, 300));
  }

  it('survives random HTTP requests, with and without the token', async () => {
    await whileLegitWorks(() => floodHttp(new Gen(SEED), 1_200));
    expect(relay.running, relay.log).toBe(true);
    expect(await httpStatus(relay.port, 'GET', '/health', auth())).toBe(200);
  });

  it('survives malformed and truncated raw HTTP and WebSocket upgrades', async () => {
    await whileLegitWorks(() => floodRaw(new Gen(SEED + 1), 300));
    expect(relay.running, relay.log).toBe(true);
    expect(await httpStatus(relay.port, 'GET', '/health', auth())).toBe(200);
  });

  it('survives random frames from authenticated WebSockets', async () => {
    await whileLegitWorks(() => floodWebSockets(new Gen(SEED + 2), 30));
    expect(relay.running, relay.log).toBe(true);
    await legitWorks();
  });

  it('survives random, oversized and idle input on the callback server', async () => {
    await whileLegitWorks(() => floodCallbacks(new Gen(SEED + 3), 300, 4));
    expect(relay.running, relay.log).toBe(true);
    await legitWorks();
  });

  it('comes back to within 20% of its memory before the flood', async () => {
    const deadline = Date.now() + 30_000;
    let rss = rssKb(relay.pid);
    while (rss > baselineRssKb * 1.2 && Date.now() < deadline) {
      // Keep the legitimate session busy: that is when a Node process trims its heap.
      await legitWorks();
      await new Promise((resolve) => setTimeout(resolve, 100));
      rss = rssKb(relay.pid);
    }
    expect(rss, `relay RSS ${rss} kB against ${baselineRssKb} kB before the flood`).toBeLessThanOrEqual(
      baselineRssKb * 1.2,
    );
    expect(await httpStatus(relay.port, 'GET', '/health', auth())).toBe(200);
  });
});
