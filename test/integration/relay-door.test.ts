/**
 * The relay as a door into the JVM, through the real relay and a real JVM:
 * what a client writing its own wire text can and cannot do to the gateway
 * and to other sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStack, type Stack } from '../support/stack.ts';

/** A raw WebSocket session: hand-written `<channel>\n<commands>` frames, answer lines collected per channel. */
class RawSession {
  readonly lines: string[] = [];
  /** The relay's control messages (hello, callback, …), in order. */
  readonly controls: Record<string, unknown>[] = [];
  readonly closed: Promise<number>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('{')) this.controls.push(JSON.parse(text) as Record<string, unknown>);
      else this.lines.push(...text.slice(text.indexOf('\n') + 1, -1).split('\n'));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        resolve(code);
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  static async open(stack: Stack): Promise<RawSession> {
    const ws = new WebSocket(stack.relay.wsUrl, { headers: { authorization: `Bearer ${stack.relay.token}` } });
    const session = new RawSession(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
    });
    return session;
  }

  /** Sends one frame on channel 0 and waits for `count` more answer lines. */
  async request(commands: string, count = 1): Promise<string[]> {
    const from = this.lines.length;
    this.ws.send(`0\n${commands}`);
    const deadline = Date.now() + 30_000;
    while (this.lines.length < from + count) {
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`The relay closed the session: ${commands.slice(0, 40)}`);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} answers to ${commands.slice(0, 40)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.lines.slice(from, from + count);
  }

  /** Waits for the `index`th control message (0 is the hello). */
  async control(index: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 30_000;
    while (this.controls.length <= index) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for control message ${index}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.controls[index]!;
  }

  close(): void {
    this.ws.close();
  }
}

async function health(stack: Stack): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${stack.relay.port}/health`, {
    headers: { authorization: `Bearer ${stack.relay.token}` },
  });
  return res.json();
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  await stack.close();
});

describe('carriage returns', () => {
  it('keeps the JVM view, GATEWAY_SERVER and the gateway alive through \\r-smuggled commands', async () => {
    const before = await stack.liveCount();
    const attacker = await RawSession.open(stack);
    // Each frame, read as the gateway reads it, deletes `j`, deletes GATEWAY_SERVER, or shuts down.
    const answers = [
      ...(await attacker.request('m\nd\nj\rx\ne\n', 2)),
      ...(await attacker.request('m\nd\nGATEWAY_SERVER\rx\ne\n', 2)),
      ...(await attacker.request('c\nz:java.lang.Math\nmax\ni1\ni2\ne\ns\re\n', 2)),
    ];
    expect(answers[0]).toMatch(/^!xsThe jvm-notebook relay refused a command with a raw carriage return/);
    expect(answers[2]).toMatch(/^!xsThe jvm-notebook relay refused a command with a raw carriage return/);
    expect(answers[4]).toBe('!yi2');
    expect(answers[5]).toMatch(/^!xsThe jvm-notebook relay refused a command with a raw carriage return/);
    // The attacker's own session keeps working, and so does everyone else's.
    expect(await attacker.request('c\nz:java.lang.Math\nmax\ni3\ni4\ne\n')).toEqual(['!yi4']);
    const other = await stack.connect();
    const run = await other.run('await jvm.java.lang.Math.max(5, 6)');
    expect(run.result).toBe('6');
    expect(await stack.liveCount()).toBe(before);
    expect(await health(stack)).toMatchObject({ ok: true });
    attacker.close();
    other.close();
  });
});

describe('callback answers', () => {
  it('does not let a carriage return in a callback answer leave a second answer on the JVM callback connection', async () => {
    const session = await RawSession.open(stack);
    const hello = await session.control(0);
    const proxy = `fp${String(hello.session)}_1;java.lang.Runnable`;
    const [thread] = await session.request(`i\njava.lang.Thread\n${proxy}\ne\n`);
    expect(thread).toMatch(/^!yro\d+$/);
    const run = `c\n${thread!.slice(3)}\nrun\ne\n`;
    // Read as the JVM reads it, this answer is `!yv` and then `!xsinjected` waiting for the next callback.
    const first = session.request(run);
    const call = await session.control(1);
    expect(call).toMatchObject({ type: 'callback', command: `c\np${String(hello.session)}_1\nrun\ne\n` });
    session.ws.send(JSON.stringify({ type: 'callback-answer', callId: call.callId, answer: '!yv\r!xsinjected\n' }));
    expect((await first)[0]).toMatch(/^!xro\d+$/);
    // The next callback gets its own answer, not the injected one.
    const second = session.request(run);
    const next = await session.control(2);
    session.ws.send(JSON.stringify({ type: 'callback-answer', callId: next.callId, answer: '!yv\n' }));
    expect(await second).toEqual(['!yv']);
    session.close();
  });
});

describe('object ids', () => {
  it("refuses a session calling or deleting another session's object, and leaves the object unharmed", async () => {
    const a = await RawSession.open(stack);
    const b = await RawSession.open(stack);
    const [created] = await a.request('i\njava.util.ArrayList\ne\n');
    expect(created).toMatch(/^!ylo\d+$/);
    const id = created!.slice(3);
    expect(await a.request(`c\n${id}\nadd\nsx\ne\n`)).toEqual(['!ybtrue']);
    const refused = `!xsThe jvm-notebook relay refused a command naming "${id}": "${id}" is not an object of this session.`;
    expect(await b.request(`c\n${id}\nclear\ne\n`)).toEqual([refused]);
    expect(await b.request(`m\nd\n${id}\ne\n`)).toEqual([refused]);
    expect(await b.request(`i\njava.util.ArrayList\nr${id}\ne\n`)).toEqual([refused]);
    expect(await a.request(`c\n${id}\nsize\ne\n`)).toEqual(['!yi1']);
    // A's own exceptions, iterators and JVM views keep working for A.
    const [thrown] = await a.request('c\nz:java.lang.Integer\nparseInt\nszz\ne\n');
    expect(thrown).toMatch(/^!xro\d+$/);
    expect((await a.request(`c\n${thrown!.slice(3)}\ngetMessage\ne\n`))[0]).toBe('!ysFor input string: "zz"');
    const [iterator] = await a.request(`c\n${id}\niterator\ne\n`);
    expect(iterator).toMatch(/^!ygo\d+$/);
    expect(await a.request(`c\n${iterator!.slice(3)}\nnext\ne\n`)).toEqual(['!ysx']);
    const [view] = await a.request('j\nc\nview\ne\n');
    expect(view).toMatch(/^!yro\d+$/);
    expect(await a.request(`j\ni\nr${view!.slice(3)}\njava.util.*\ne\n`)).toEqual(['!yv']);
    a.close();
    b.close();
  });
});

describe('long lines', () => {
  it('takes a 16 MB line in 1,000 frames and stays responsive', async () => {
    const session = await RawSession.open(stack);
    const value = 'x'.repeat(16_000);
    session.ws.send('0\ni\njava.lang.StringBuilder\ns');
    for (let i = 0; i < 1000; i++) session.ws.send(`0\n${value}`);
    const [builder] = await session.request('\ne\n');
    expect(builder).toMatch(/^!yro\d+$/);
    expect(await health(stack)).toMatchObject({ ok: true });
    expect(await session.request(`c\n${builder!.slice(3)}\nlength\ne\n`)).toEqual([`!yi${16_000_000}`]);
    session.close();
  }, 60_000);
});

describe('bursts of sessions', () => {
  it('answers a call on each of 200 sessions opened at once', async () => {
    const sessions = await Promise.all(Array.from({ length: 200 }, () => RawSession.open(stack)));
    const answers = await Promise.all(
      sessions.map((session, i) => session.request(`c\nz:java.lang.Math\nmax\ni${i}\ni-1\ne\n`)),
    );
    expect(answers).toEqual(sessions.map((_, i) => [`!yi${i}`]));
    for (const session of sessions) session.close();
    await Promise.all(sessions.map((session) => session.closed));
  }, 120_000);
});

describe('backpressure', () => {
  it('stops reading the JVM while a client does not read, and delivers every answer in order once it does', async () => {
    const reader = await RawSession.open(stack);
    const probe = await RawSession.open(stack);
    const key = `backpressure-${Date.now()}`;
    const progress = async () => (await probe.request(`c\nz:java.lang.System\ngetProperty\ns${key}\ne\n`))[0];
    const [array] = await reader.request('a\nc\nschar\ni1000000\ne\n');
    expect(array).toMatch(/^!yto\d+$/);
    const calls = 200;
    // Each pair: a 1 MB answer, then a mark of how far the JVM got.
    let batch = '';
    for (let i = 0; i < calls; i++)
      batch += `i\njava.lang.String\nr${array!.slice(3)}\ne\nc\nz:java.lang.System\nsetProperty\ns${key}\ns${i}\ne\n`;
    const external = () => process.memoryUsage().external + process.memoryUsage().arrayBuffers;
    const before = external();
    const from = reader.lines.length;
    reader.ws.pause();
    reader.ws.send(`0\n${batch}`);
    // The JVM makes progress, then stops: its answers back up once the relay stops reading them.
    let last = await progress();
    let peak = external();
    for (let unchanged = 0; unchanged < 20 && last !== `!ys${calls - 1}`;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const now = await progress();
      peak = Math.max(peak, external());
      unchanged = now === last ? unchanged + 1 : 0;
      last = now;
    }
    expect(last).not.toBe(`!ys${calls - 1}`);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    reader.ws.resume();
    const answers = await waitForLines(reader, from, 2 * calls);
    for (let i = 0; i < calls; i++) {
      expect(answers[2 * i]!.length).toBe(3 + 1_000_000);
      expect(answers[2 * i + 1]).toBe(i === 0 ? '!yn' : `!ys${i - 1}`);
    }
    reader.close();
    probe.close();
  }, 120_000);
});

/** Polls until the session has `count` answer lines after the first `from`; returns them. */
async function waitForLines(session: RawSession, from: number, count: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  while (session.lines.length < from + count) {
    if (Date.now() > deadline) throw new Error(`Timed out at ${session.lines.length - from} of ${count} answers`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return session.lines.slice(from, from + count);
}
