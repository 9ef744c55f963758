/**
 * A Py4J connection the JVM closes is not the end of a session: the calls it
 * owed fail with a clear error, the channel opens a new connection, and every
 * object of the session stays usable. Only a JVM that is gone ends it.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachGateway, startEmbeddedGateway, type EmbeddedGateway } from '../../relay/jvm/embedded-gateway.ts';
import { findJava } from '../../relay/jvm/java-runtime.ts';
import { launchEmbeddedJvm } from '../../relay/jvm/jvm-launcher.ts';
import { findPy4jJar } from '../../relay/jvm/py4j-jar.ts';
import { startRelay, type Relay } from '../../relay/server/relay-server.ts';
import { Client, closeClients, liveCount } from '../support/relay-wire.ts';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const MAX_3_4 = 'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n';
const NEW_LIST = 'i\njava.util.ArrayList\ne\n';
/** A long past 2^63: the server's Long.parseLong fails, it answers `!z` and closes the connection. */
const FATAL = 'i\njava.lang.Long\nL99999999999999999999\ne\n';
const LOST = /^!xsThe connection to the JVM closed before this call was answered \(.*\); the session goes on/;

let javaPath: string;
let py4jJar: string;

beforeAll(async () => {
  javaPath = (await findJava()).javaPath;
  py4jJar = await findPy4jJar({ cacheDir: join(REPO_ROOT, '.cache') });
}, 120_000);

describe('a connection the JVM closes', () => {
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

  it('fails only the calls that connection owed, and the channel works again', async () => {
    const client = await Client.open(relay);
    const [list] = await client.call(0, NEW_LIST);
    const id = list!.slice(3);
    expect(await client.call(0, `c\n${id}\nadd\nsx\ne\n`)).toEqual(['!ybtrue']);

    const answers = await client.call(0, FATAL + MAX_3_4 + MAX_3_4, 3);
    expect(answers[0]).toMatch(/^!zsjava\.lang\.NumberFormatException/);
    expect(answers[1]).toMatch(LOST);
    expect(answers[2]).toMatch(LOST);

    // The same channel, a new connection: the object made before the loss is still there.
    expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);
    expect(await client.call(0, `c\n${id}\nsize\ne\n`)).toEqual(['!yi1']);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('keeps the other channels of the session untouched', async () => {
    const client = await Client.open(relay);
    expect(await client.call(1, MAX_3_4)).toEqual(['!yi4']);
    expect((await client.call(0, FATAL))[0]).toMatch(/^!z/);
    expect(await client.call(1, MAX_3_4)).toEqual(['!yi4']);
    expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);
  });

  it('still releases every object of the session when it ends', async () => {
    const target = gateway.current()!;
    const baseline = await liveCount(target);
    const client = await Client.open(relay);
    const ids = (await client.call(0, NEW_LIST.repeat(20), 20)).map((line) => line.slice(3));
    // A delete sent behind a fatal command never reaches the JVM: the relay must still release that object.
    const [fatal, lostDelete] = await client.call(0, FATAL + `m\nd\n${ids[0]}\ne\n`, 2);
    expect(fatal).toMatch(/^!z/);
    expect(lostDelete).toMatch(LOST);
    // Sent at once: they must reach a new connection, not the one the JVM is closing.
    expect(await client.call(0, NEW_LIST.repeat(5), 5)).toEqual(Array(5).fill(expect.stringMatching(/^!ylo\d+$/)));
    expect(await liveCount(target)).toBe(baseline + 25);
    await closeClients(relay);
    expect(await liveCount(target)).toBe(baseline);
  });
});

describe('a JVM that is gone', () => {
  it('ends an attached session within a second of the JVM being killed mid-call', async () => {
    const jvm = await launchEmbeddedJvm({ javaPath, py4jJar });
    const gateway = await attachGateway({ host: '127.0.0.1', port: jvm.port, token: jvm.token });
    const relay = await startRelay({ gateway });
    try {
      const client = await Client.open(relay);
      expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);
      client.send('1\nc\nz:java.lang.Thread\nsleep\nL20000\ne\n');
      // The sleeping call has reached the JVM once another call on another channel is answered after it.
      expect(await client.call(0, MAX_3_4)).toEqual(['!yi4']);
      process.kill(jvm.pid, 'SIGKILL');
      const killedAt = Date.now();
      const closed = await client.closed;
      expect(Date.now() - killedAt).toBeLessThan(1_000);
      expect(closed.code).toBe(4001);
      expect(closed.reason).toMatch(/JVM/);
    } finally {
      await closeClients(relay);
      await relay.close();
      await jvm.stop();
    }
  });
});
