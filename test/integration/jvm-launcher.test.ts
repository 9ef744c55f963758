import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findJava } from '../../relay/jvm/java-runtime.ts';
import { launchEmbeddedJvm } from '../../relay/jvm/jvm-launcher.ts';
import type { EmbeddedJvm, LaunchEmbeddedJvmOptions } from '../../relay/jvm/jvm-launcher.ts';
import { findPy4jJar } from '../../relay/jvm/py4j-jar.ts';
import { waitUntil } from '../support/relay-wire.ts';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const CALL_MAX_3_4 = 'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n';

/** A socket read line by line; readLine() gives null once the server has closed it. */
class LineSocket {
  private buffer = '';
  private closed = false;
  private waiters: ((line: string | null) => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.flush();
    });
    // The server resets connections it rejects; for these tests that is just a close.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.flush();
    });
  }

  static open(port: number): Promise<LineSocket> {
    return new Promise((resolvePromise, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolvePromise(new LineSocket(socket)));
      socket.once('error', reject);
    });
  }

  send(text: string): Promise<string | null> {
    this.socket.write(text);
    return this.readLine();
  }

  readLine(): Promise<string | null> {
    return new Promise((resolvePromise) => {
      this.waiters.push(resolvePromise);
      this.flush();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private flush(): void {
    while (this.waiters.length > 0) {
      const newline = this.buffer.indexOf('\n');
      if (newline >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.waiters.shift()!(line);
      } else if (this.closed) {
        this.waiters.shift()!(null);
      } else {
        return;
      }
    }
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

/**
 * Whether a process is alive. A JVM orphaned by its parent's death is reparented;
 * where the new parent does not reap children it lingers as a zombie, which has
 * exited all the same.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('launchEmbeddedJvm', { timeout: 30_000 }, () => {
  let javaPath: string;
  let py4jJar: string;
  let scratch: string;
  const running: EmbeddedJvm[] = [];

  // Fails, rather than skips, every test below when there is no JDK or Py4J jar.
  beforeAll(async () => {
    javaPath = (await findJava()).javaPath;
    scratch = await mkdtemp(join(tmpdir(), 'jvm-launcher-test-'));
    py4jJar = await findPy4jJar({ cacheDir: join(scratch, 'cache') });
  }, 120_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((jvm) => jvm.stop()));
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function launch(extra: Partial<LaunchEmbeddedJvmOptions> = {}): Promise<EmbeddedJvm> {
    const jvm = await launchEmbeddedJvm({ javaPath, py4jJar, ...extra });
    running.push(jvm);
    return jvm;
  }

  async function authenticated(jvm: EmbeddedJvm): Promise<LineSocket> {
    const socket = await LineSocket.open(jvm.port);
    // No `e` line after the token: the server would read it as the next command.
    expect(await socket.send(`A\n${jvm.token}\n`)).toBe('!yv');
    return socket;
  }

  it('reports the port and auth token that Py4J prints', async () => {
    const jvm = await launch();
    expect(jvm.port).toBeGreaterThan(0);
    expect(jvm.port).toBeLessThan(65536);
    // 256 random bits in Base64.
    expect(jvm.token).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(isRunning(jvm.pid)).toBe(true);
  });

  it('answers a static call after authentication', async () => {
    const socket = await authenticated(await launch());
    expect(await socket.send(CALL_MAX_3_4)).toBe('!yi4');
    socket.close();
  });

  it('refuses a wrong token and closes the connection', async () => {
    const socket = await LineSocket.open((await launch()).port);
    expect(await socket.send('A\nnot-the-token\n')).toBe('!xsAuthentication error: bad auth token received.');
    expect(await socket.readLine()).toBeNull();
  });

  it('refuses a command sent without authentication', async () => {
    const socket = await LineSocket.open((await launch()).port);
    expect(await socket.send(CALL_MAX_3_4)).toBe('!xsAuthentication error: unexpected command.');
    expect(await socket.readLine()).toBeNull();
  });

  it('puts the user classpath after the Py4J jar', async () => {
    const jvm = await launch({ classpath: scratch });
    const socket = await authenticated(jvm);
    expect(await socket.send('c\nz:java.lang.System\ngetProperty\nsjava.class.path\ne\n')).toBe(
      `!ys${py4jJar}${delimiter}${scratch}`,
    );
    socket.close();
  });

  it('forwards the JVM output to log, before and after start-up, but never the token', async () => {
    const lines: string[] = [];
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    const logged = (pattern: RegExp): Promise<void> =>
      lines.some((line) => pattern.test(line))
        ? Promise.resolve()
        : new Promise((resolvePromise) => waiters.push({ pattern, resolve: resolvePromise }));
    const log = (line: string): void => {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve();
    };

    // -Xlog:gc writes to stdout, including one line before GatewayServer prints its port.
    const jvm = await launch({ jvmArgs: ['-Xlog:gc'], log });
    await logged(/\[gc\] Using /);
    const socket = await authenticated(jvm);
    expect(await socket.send('c\nz:java.lang.System\ngc\ne\n')).toBe('!yv');
    await logged(/Pause Full \(System\.gc\(\)\)/);
    // Thread.dumpStack() writes to stderr.
    expect(await socket.send('c\nz:java.lang.Thread\ndumpStack\ne\n')).toBe('!yv');
    await logged(/java\.lang\.Exception: Stack trace/);
    socket.close();

    expect(lines.filter((line) => line.includes(jvm.token))).toEqual([]);
    expect(lines).not.toContain(String(jvm.port));
  });

  it('stop() ends the JVM and resolves once it has exited', async () => {
    const jvm = await launch();
    await jvm.stop();
    await expect(jvm.exited).resolves.toEqual({ code: 0, signal: null });
    expect(isRunning(jvm.pid)).toBe(false);
    expect(await canConnect(jvm.port)).toBe(false);
    await jvm.stop();
  });

  it('settles exited when the JVM dies on its own and drops its exit handler', async () => {
    const before = process.listenerCount('exit');
    const jvm = await launch();
    expect(process.listenerCount('exit')).toBe(before + 1);
    process.kill(jvm.pid, 'SIGKILL');
    await expect(jvm.exited).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('rejects with the JVM stderr when the JVM exits before reporting a port', async () => {
    const error = await launchEmbeddedJvm({ javaPath, py4jJar: join(scratch, 'missing.jar') }).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ name: 'SetupError', code: 'E_JVM_START' });
    expect((error as Error).message).toMatch(/exited with code 1 before .*\n.*py4j\.GatewayServer/s);
  });

  it('rejects with E_JVM_START when java cannot be run', async () => {
    const error = await launchEmbeddedJvm({ javaPath: join(scratch, 'no-java'), py4jJar }).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'SetupError', code: 'E_JVM_START' });
    expect((error as Error).message).toMatch(/Cannot start the JVM .*ENOENT/);
  });

  it('rejects a JVM that stays silent past the start timeout and ends it first', async () => {
    const silent = join(scratch, 'silent-java');
    await writeFile(
      silent,
      `#!/bin/sh\necho 'stuck in a static initializer' >&2\necho $$ > '${silent}.pid'\nexec sleep 60\n`,
    );
    await chmod(silent, 0o755);
    const error = await launchEmbeddedJvm({ javaPath: silent, py4jJar, startTimeoutMs: 500 }).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ name: 'SetupError', code: 'E_JVM_START_TIMEOUT' });
    expect((error as Error).message).toContain('stuck in a static initializer');
    expect(isRunning(Number(readFileSync(`${silent}.pid`, 'utf8')))).toBe(false);
  });

  describe('when the relay process goes away', () => {
    const childCode = (mode: 'hang' | 'exit'): string => `
      const { launchEmbeddedJvm } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'relay', 'jvm', 'jvm-launcher.ts')).href)});
      const jvm = await launchEmbeddedJvm({ javaPath: ${JSON.stringify(javaPath)}, py4jJar: ${JSON.stringify(py4jJar)} });
      process.stdout.write(JSON.stringify({ pid: jvm.pid, port: jvm.port }) + '\\n');
      ${mode === 'exit' ? 'process.exit(0);' : 'setInterval(() => {}, 1 << 30);'}
    `;

    /** Runs a relay stand-in in its own node process and reads the JVM it launched. */
    function startRelay(mode: 'hang' | 'exit'): Promise<{ relayPid: number; jvm: { pid: number; port: number } }> {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childCode(mode)], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return new Promise((resolvePromise, reject) => {
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const newline = stdout.indexOf('\n');
          if (newline >= 0) resolvePromise({ relayPid: child.pid!, jvm: JSON.parse(stdout.slice(0, newline)) });
        });
        child.once('error', reject);
        child.once('close', (code) => {
          if (!stdout.includes('\n')) reject(new Error(`The relay stand-in exited with code ${code}: ${stderr}`));
        });
      });
    }

    async function expectJvmGone(jvm: { pid: number; port: number }): Promise<void> {
      try {
        // A killed JVM's main thread can show as a zombie while its other threads,
        // the gateway's listener among them, are still being torn down: wait for both.
        await waitUntil(
          async () => !isRunning(jvm.pid) && !(await canConnect(jvm.port)),
          `the JVM (pid ${jvm.pid}) has exited`,
        );
      } finally {
        if (isRunning(jvm.pid)) process.kill(jvm.pid, 'SIGKILL');
      }
    }

    it('the JVM exits when the relay is killed with SIGKILL', async () => {
      const { relayPid, jvm } = await startRelay('hang');
      expect(isRunning(jvm.pid)).toBe(true);
      expect(await canConnect(jvm.port)).toBe(true);
      process.kill(relayPid, 'SIGKILL');
      await expectJvmGone(jvm);
    });

    it('the JVM exits when the relay exits normally', async () => {
      const { jvm } = await startRelay('exit');
      await expectJvmGone(jvm);
    });
  });
});
