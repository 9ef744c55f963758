/**
 * Py4J peers for attach-mode tests: small Java programs (test/fixtures/java)
 * compiled by the tests and started in their own JVM, printing their port.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findPy4jJar } from '../../relay/jvm/py4j-jar.ts';
import { CACHE_DIR } from './stack.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'java');

export interface JavaPeer {
  host: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

/** The peers in test/fixtures/java; ReadTimeoutPeer closes connections idle for over 500 ms. */
const PEERS = ['GatewayServerPeer', 'ClientServerPeer', 'ReadTimeoutPeer'] as const;
export type PeerKind = (typeof PEERS)[number];

/** ReadTimeoutPeer's read timeout (READ_TIMEOUT_MS in ReadTimeoutPeer.java). */
export const PEER_READ_TIMEOUT_MS = 500;

let compiled: Promise<{ classes: string; jar: string }> | null = null;

function compileFixtures(): Promise<{ classes: string; jar: string }> {
  compiled ??= (async () => {
    const jar = await findPy4jJar({ cacheDir: CACHE_DIR });
    const classes = await mkdtemp(path.join(os.tmpdir(), 'jvm-notebook-peers-'));
    const sources = ['PeerEntryPoint.java', ...PEERS.map((peer) => `${peer}.java`)].map((f) => path.join(FIXTURES, f));
    await promisify(execFile)('javac', ['-d', classes, '-cp', jar, ...sources]);
    return { classes, jar };
  })();
  return compiled;
}

export async function startJavaPeer(kind: PeerKind): Promise<JavaPeer> {
  const { classes, jar } = await compileFixtures();
  const token = randomBytes(16).toString('hex');
  const child: ChildProcess = spawn('java', ['-cp', [classes, jar].join(path.delimiter), kind, token], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`${kind} exited with ${code} before it printed its port: ${stderr}`)),
    );
  });
  return {
    host: '127.0.0.1',
    port,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
