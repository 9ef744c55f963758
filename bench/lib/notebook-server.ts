/**
 * `jvm-notebook start` as a child process, as a user starts it: its own
 * embedded JVM, a temporary notebook folder, a known token. Ready when it
 * prints the URL line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const URL_LINE = /Open: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/;

export interface NotebookServer {
  origin: string;
  token: string;
  dir: string;
  pid: number;
  /** Milliseconds from spawn to the URL line. */
  readyMs: number;
  /** Resident memory of the server process (the relay; the JVM is its child), MB. Meaningless under npm. */
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * Starts the server with `command` (default `node bin/jvm-notebook.mjs start`;
 * the cold start uses `npm start --`). The child gets its own process group so that
 * stopping it also stops what npm started under it.
 */
export async function startNotebookServer(
  command: readonly string[] = [process.execPath, 'bin/jvm-notebook.mjs', 'start'],
): Promise<NotebookServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jvm-notebook-bench-nb-'));
  const token = `bench${Math.random().toString(36).slice(2)}`;
  const started = performance.now();
  const [file, ...args] = command;
  const child = spawn(file!, [...args, '--port', '0', '--dir', dir, '--token', token], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`jvm-notebook start printed no URL within 90 s:\n${output}`)),
      90_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jvm-notebook start exited (${code}) before it was ready:\n${output}`));
    });
  });
  const readyMs = performance.now() - started;
  return {
    origin,
    token,
    dir,
    pid: child.pid!,
    readyMs,
    rssMb: () => rssOf(child.pid!),
    stop: () => stopGroup(child, dir),
  };
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

async function stopGroup(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The group: npm, the shell it runs, the server and its JVM; all were started by this benchmark.
    process.kill(-child.pid!, 'SIGTERM');
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
  rmSync(dir, { recursive: true, force: true });
}

export interface CellSpec {
  type?: 'code' | 'markdown';
  source: string;
}

/** Writes a notebook into the server's folder; returns its name. */
export function writeNotebook(dir: string, name: string, cells: readonly CellSpec[]): string {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'jvm-notebook', display_name: 'TypeScript (JVM)', language: 'typescript' } },
    cells: cells.map((cell, index) => ({
      id: `c${index}`,
      cell_type: cell.type ?? 'code',
      metadata: {},
      source: cell.source,
      ...(cell.type === 'markdown' ? {} : { outputs: [], execution_count: null }),
    })),
  };
  writeFileSync(path.join(dir, name), JSON.stringify(notebook, null, 1));
  return name;
}
