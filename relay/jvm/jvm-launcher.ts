import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { createInterface } from 'node:readline';
import { SetupError } from '../errors.ts';

export interface JvmExit {
  code: number | null;
  signal: string | null;
}

export interface EmbeddedJvm {
  /** The port Py4J's GatewayServer listens on (127.0.0.1). */
  port: number;
  /** The Py4J auth token. It stays in the relay: never log it or send it to a browser. */
  token: string;
  pid: number;
  /** Settles when the JVM process has exited, for whatever reason. */
  exited: Promise<JvmExit>;
  /** Ends the JVM and resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface LaunchEmbeddedJvmOptions {
  javaPath: string;
  py4jJar: string;
  /** The user's classpath, appended after the Py4J jar. */
  classpath?: string;
  /** Options placed before `-cp`, e.g. `-Xmx2g`. */
  jvmArgs?: readonly string[];
  /** Receives the JVM's output lines (never the port and token lines). */
  log?: (line: string) => void;
  startTimeoutMs?: number;
  /** How long stop() waits for a clean exit before killing the JVM. */
  stopGraceMs?: number;
}

const STDERR_KEEP = 8 * 1024;

/**
 * Starts a stock Py4J GatewayServer and resolves once it has reported its port
 * and auth token. GatewayServer.main prints the port on the first line of
 * stdout and, with --enable-auth, the token on the second; with
 * --die-on-broken-pipe it then blocks reading stdin and calls System.exit when
 * stdin reaches end of file (py4j-java/src/main/java/py4j/GatewayServer.java).
 * So the JVM's stdin stays an open pipe for as long as it should live: if this
 * process dies, even by SIGKILL, the pipe closes and the JVM exits.
 */
export function launchEmbeddedJvm(opts: LaunchEmbeddedJvmOptions): Promise<EmbeddedJvm> {
  const log = opts.log ?? (() => {});
  const classpath = opts.classpath ? `${opts.py4jJar}${delimiter}${opts.classpath}` : opts.py4jJar;
  // The trailing 0 is the port argument: let the OS pick a free one.
  const args = [
    ...(opts.jvmArgs ?? []),
    '-cp',
    classpath,
    'py4j.GatewayServer',
    '--die-on-broken-pipe',
    '--enable-auth',
    '0',
  ];
  const child = spawn(opts.javaPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });

  // When the JVM has died first, closing its stdin fails with EPIPE; that is expected.
  child.stdin.on('error', () => {});

  // A normal exit of this process runs 'exit' handlers, which may only do synchronous
  // work: kill the JVM outright rather than wait for it to notice the closed pipe.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  let hasExited = false;
  const exited = new Promise<JvmExit>((resolve) => {
    const finish = (exit: JvmExit): void => {
      if (hasExited) return;
      hasExited = true;
      process.off('exit', killOnExit);
      resolve(exit);
    };
    child.once('exit', (code, signal) => finish({ code, signal }));
    // A failed spawn emits 'error' and never 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) finish({ code: null, signal: null });
    });
  });

  const stop = async (): Promise<void> => {
    if (!hasExited) {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.stopGraceMs ?? 5_000);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    }
  };

  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', log);

  return new Promise<EmbeddedJvm>((resolve, reject) => {
    let port: number | undefined;
    let settled = false;

    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Reject only once the process is gone, so a failed start leaves nothing behind.
      child.kill('SIGKILL');
      void exited.then(() => reject(error));
    };
    const describeStderr = (): string => (stderrTail.trim() ? `\nJVM stderr:\n${stderrTail.trimEnd()}` : '');

    const startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      fail(
        new SetupError(
          'E_JVM_START_TIMEOUT',
          `The JVM (${opts.javaPath}) did not report a Py4J port and token within ${startTimeoutMs / 1000} s.${describeStderr()}`,
        ),
      );
    }, startTimeoutMs);

    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      if (settled) {
        log(line);
      } else if (port === undefined) {
        // Anything before the port line (e.g. from JVM options) is ordinary output.
        if (/^\d+$/.test(line.trim())) port = Number(line.trim());
        else log(line);
      } else {
        settled = true;
        clearTimeout(timer);
        resolve({ port, token: line.trim(), pid: child.pid!, exited, stop });
      }
    });

    child.once('error', (err) => {
      fail(new SetupError('E_JVM_START', `Cannot start the JVM (${opts.javaPath}): ${err.message}`, { cause: err }));
    });
    // 'close' comes after the output streams have ended, so stderrTail is complete.
    child.once('close', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      fail(
        new SetupError(
          'E_JVM_START',
          `The JVM ${how} before Py4J's GatewayServer reported its port and token.${describeStderr()}`,
        ),
      );
    });
  });
}
