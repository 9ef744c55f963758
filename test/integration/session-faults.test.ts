/**
 * A session never dies while its JVM lives: inputs the stock gateway answers
 * fatally (`!z`, then it closes the connection) are refused by the kernel
 * before they are sent, a Py4J connection the JVM closes (a read timeout, a
 * fatal answer) costs at most the calls it owed, and kept objects stay usable.
 * Only a JVM that is gone ends the session — at once, with a clear error.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callCommand } from '../../protocol/py4j/index.ts';
import { PEER_READ_TIMEOUT_MS, startJavaPeer, type JavaPeer } from '../support/java-peer.ts';
import { startStack, waitFor, type KernelSession, type Stack } from '../support/stack.ts';

async function value(s: KernelSession, source: string): Promise<string | undefined> {
  const r = await s.run(source);
  if (r.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(r.error)}`);
  return r.result;
}

describe('inputs the gateway would answer fatally', () => {
  let stack: Stack;
  let s: KernelSession;

  beforeAll(async () => {
    stack = await startStack();
  });

  // A session of its own per test: a test that ends its session fails alone.
  beforeEach(async () => {
    s = await stack.connect();
    await value(s, `const kept = keep(await new jvm.java.lang.StringBuilder('kept')); 1`);
  });

  afterEach(() => {
    s.close();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a number past the range of a long parameter with a RangeError, and the session goes on', async () => {
    const r = await s.run('await jvm.java.lang.Long.valueOf(2 ** 63)');
    expect(r.error?.ename).toBe('JavaRangeError');
    expect(r.error?.evalue).toBe(
      '9223372036854775808 does not fit in a Java long: from -9223372036854775808 to 9223372036854775807.',
    );
    const below = await s.run('await jvm.java.lang.Long.valueOf(-(2 ** 63) - 4096)');
    expect(below.error?.ename).toBe('JavaRangeError');
    const fraction = await s.run('await jvm.java.lang.Long.valueOf(1.5)');
    expect(fraction.error?.evalue).toMatch(/^No overload of java.lang.Long.valueOf accepts \(double\)/);
    expect(await value(s, 'await jvm.java.lang.Long.valueOf(-(2 ** 63))')).toBe('-9223372036854775808n');
    expect(await value(s, 'await kept.toString()')).toBe("'kept'");
  });

  it('refuses an array dimension or index past the int range', async () => {
    const r = await s.run(`await newArray('int', 2 ** 31)`);
    expect(r.error?.ename).toBe('JavaRangeError');
    const index = await s.run(`const ints = await newArray('int', 2); await ints[2 ** 31]`);
    expect(index.error?.ename).toBe('JavaRangeError');
    expect(await value(s, 'await kept.length()')).toBe('4');
  });

  it('sets and reads back arrays of every primitive and boxed type, converting JS numbers', async () => {
    const r = await s.run(`
      const cases = {
        boolean: [true, false], byte: [1, -1, 127, -128], short: [1, -2, 32767], int: [1, -3, 2147483647],
        long: [1, 2n ** 62n, -(2 ** 53)], float: [1, 1.5, -2], double: [1, 2.5, -3], char: ['a', 66],
        'java.lang.Boolean': [true, null], 'java.lang.Byte': [1, null], 'java.lang.Short': [2, null],
        'java.lang.Integer': [3, null], 'java.lang.Long': [4, null], 'java.lang.Float': [5, null],
        'java.lang.Double': [6, null], 'java.lang.Character': ['x', null],
      };
      const show = (v) => (typeof v === 'bigint' ? v + 'n' : v);
      const out = {};
      for (const [type, values] of Object.entries(cases)) {
        const array = await newArray(type, values);
        out[type] = array instanceof Uint8Array ? [...array] : (await toJS(array)).map(show);
      }
      out.bytesInJava = await jvm.java.util.Arrays.toString(await newArray('byte', [1, -1, 127, -128]));
      out.doublesInJava = await jvm.java.util.Arrays.toString(await newArray('double', [1, 2]));
      console.log(JSON.stringify(out));`);
    expect(r.status).toBe('ok');
    expect(JSON.parse(r.stdout)).toEqual({
      boolean: [true, false],
      byte: [1, 255, 127, 128],
      short: [1, -2, 32767],
      int: [1, -3, 2147483647],
      long: ['1n', '4611686018427387904n', '-9007199254740992n'],
      float: [1, 1.5, -2],
      double: [1, 2.5, -3],
      char: ['a', 'B'],
      'java.lang.Boolean': [true, null],
      'java.lang.Byte': [1, null],
      'java.lang.Short': [2, null],
      'java.lang.Integer': [3, null],
      'java.lang.Long': ['4n', null],
      'java.lang.Float': [5, null],
      'java.lang.Double': [6, null],
      'java.lang.Character': ['x', null],
      bytesInJava: '[1, -1, 127, -128]',
      doublesInJava: '[1.0, 2.0]',
    });
  });

  it('refuses null in a primitive array and out-of-range elements, naming the index, and the session goes on', async () => {
    const nul = await s.run(`await newArray('int', [1, null])`);
    expect(nul.error?.ename).toBe('JavaUsageError');
    expect(nul.error?.evalue).toBe('Element 1 of a new int[] is null: a Java int[] cannot hold null.');
    const big = await s.run(`await newArray('short', [0, 0, 40000])`);
    expect(big.error?.ename).toBe('JavaRangeError');
    expect(big.error?.evalue).toBe(
      'Element 2 of a new short[]: 40000 does not fit in a Java short: from -32768 to 32767.',
    );
    expect(await value(s, 'await kept.toString()')).toBe("'kept'");
  });

  it('fails the calls a fatal answer cost with a clear error, and later calls and kept objects work', async () => {
    // No cell can send this any more (the kernel checks ranges): written raw, as a client bug would.
    const client = s.kernel.client;
    const [fatal, behind] = await Promise.allSettled([
      client.request(callCommand('z:java.lang.Long', 'valueOf', []).replace('e\n', 'L99999999999999999999\ne\n')),
      client.request(
        callCommand('z:java.lang.Math', 'max', [
          { kind: 'int', value: 1 },
          { kind: 'int', value: 2 },
        ]),
      ),
    ]);
    // The gateway answers the bad command `!z` and reads nothing more on that connection.
    expect(fatal.status === 'fulfilled' ? fatal.value.type : fatal.reason.name).toMatch(
      /^(fatal|ConnectionLostError)$/,
    );
    expect(behind.status === 'rejected' && behind.reason).toMatchObject({
      name: 'ConnectionLostError',
      message: expect.stringMatching(/^The connection to the JVM closed/),
    });
    expect(await value(s, 'await kept.toString()')).toBe("'kept'");
    expect(await value(s, 'await jvm.java.lang.Math.max(3, 4)')).toBe('4');
  });
});

describe('a gateway that closes idle connections (read timeout)', () => {
  let peer: JavaPeer;
  let stack: Stack;
  let s: KernelSession;

  beforeAll(async () => {
    peer = await startJavaPeer('ReadTimeoutPeer');
    stack = await startStack({ attach: { host: peer.host, port: peer.port, token: peer.token } });
    s = await stack.connect();
  });

  afterAll(async () => {
    await stack?.close();
    await peer?.stop();
  });

  it('keeps the session and its kept objects across connections the gateway closed', async () => {
    expect(await value(s, `const sb = keep(await new jvm.java.lang.StringBuilder('before')); await sb.length()`)).toBe(
      '6',
    );
    // The idle time is the behaviour under test: the gateway closes each connection that waits
    // longer than its read timeout for a command, so this waits a little longer than that.
    await new Promise((resolve) => setTimeout(resolve, PEER_READ_TIMEOUT_MS + 300));
    expect(await value(s, `await sb.append(' and after'); await sb.toString()`)).toBe("'before and after'");
    await new Promise((resolve) => setTimeout(resolve, PEER_READ_TIMEOUT_MS + 300));
    expect(await value(s, 'await gateway.entryPoint.name()')).toBe("'peer'");
  });
});

describe('a JVM that dies under a call', () => {
  let stack: Stack;
  let s: KernelSession;

  beforeAll(async () => {
    stack = await startStack();
    s = await stack.connect();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('fails the pending call within a second with an error that says the JVM is gone', async () => {
    const pid = stack.gateway.embedded?.pid;
    expect(pid).toBeTypeOf('number');
    // Resolves the class first, so that the call in flight below is the sleep itself.
    await value(s, 'await jvm.java.lang.Thread.currentThread()');
    const run = s.run('await jvm.java.lang.Thread.sleep(10000)');
    await waitFor(
      async () => s.kernel.client.pipeline.inFlight(0),
      (n) => n > 0,
    );
    const killedAt = Date.now();
    process.kill(pid!, 'SIGKILL');
    const r = await run;
    expect(Date.now() - killedAt).toBeLessThan(1000);
    expect(r.status).toBe('error');
    expect(r.error?.ename).toBe('GatewayClosedError');
    expect(r.error?.evalue).toMatch(/JVM/);
  });
});
