/**
 * Starts `jvm-notebook start` as a child process with a temporary notebook folder
 * and waits for the line with its URL (the readiness signal); stops it on demand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const URL_LINE = /(http:\/\/127\.0\.0\.1:(\d+))\/\?token=(\S+)/;
const START_TIMEOUT_MS = 60_000;

export class RelayProcess {
  private child: ChildProcess | null = null;
  origin = '';
  port = 0;
  readonly token: string;
  readonly dir: string;
  private output = '';

  constructor(options: { dir?: string; token?: string } = {}) {
    this.dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'jvm-notebook-e2e-'));
    this.token = options.token ?? `e2e${Math.random().toString(36).slice(2)}`;
  }

  get startUrl(): string {
    return `${this.origin}/?token=${this.token}`;
  }

  /** Starts the relay (on `port`, or a free one) and resolves once it printed its URL. */
  start(port = 0): Promise<void> {
    const child = spawn(
      process.execPath,
      ['bin/jvm-notebook.mjs', 'start', '--port', String(port), '--dir', this.dir, '--token', this.token],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.output = '';
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          child.kill('SIGKILL');
          reject(error);
        } else resolve();
      };
      const timer = setTimeout(
        () =>
          settle(new Error(`jvm-notebook start printed no URL within ${START_TIMEOUT_MS / 1000} s:\n${this.output}`)),
        START_TIMEOUT_MS,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        const match = URL_LINE.exec(this.output);
        if (match && !settled) {
          this.origin = match[1]!;
          this.port = Number(match[2]);
          settle();
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
      });
      child.once('exit', (code, signal) =>
        settle(new Error(`jvm-notebook start exited (${code ?? signal}) before it was ready:\n${this.output}`)),
      );
    });
  }

  /** Stops the relay (and its embedded JVM) and waits until the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  /** The relay's own process id. */
  get pid(): number {
    if (!this.child?.pid) throw new Error('The relay is not running.');
    return this.child.pid;
  }

  /** True while the relay process has not exited. */
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything the relay printed so far. */
  get log(): string {
    return this.output;
  }

  /** The embedded JVM's process id, from the line the relay prints when it is ready. */
  get jvmPid(): number {
    const match = /embedded JVM \(pid (\d+)\)/.exec(this.output);
    if (!match) throw new Error(`The relay did not print its JVM's pid:\n${this.output}`);
    return Number(match[1]);
  }

  removeDir(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
