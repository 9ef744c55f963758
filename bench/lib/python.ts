/**
 * The Py4J Python side of the comparison: a virtual environment in
 * bench/.venv with the pinned py4j package (installed on first use, and said
 * so), and the task script run as a child process that prints JSON.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PY4J_VERSION = '0.10.9.9';
const BENCH_DIR = path.resolve(import.meta.dirname, '..');
const VENV = path.join(BENCH_DIR, '.venv');
const PYTHON = path.join(VENV, 'bin', 'python');
const SCRIPT = path.join(BENCH_DIR, 'python', 'py4j_tasks.py');

export interface PythonRun {
  ms: number;
  roundTrips: number;
  deletes: number;
  callbacks: number;
  check: string;
}

export interface PythonInfo {
  python: string;
  py4j: string;
}

/** Makes sure bench/.venv has py4j; returns the versions, or throws with what went wrong. */
export async function ensurePython(say: (line: string) => void): Promise<PythonInfo> {
  if (!(await hasPy4j())) {
    say(
      `Installing the Python py4j ${PY4J_VERSION} package into bench/.venv (for the comparison with Py4J's Python client)…`,
    );
    if (!existsSync(PYTHON)) await run('python3', ['-m', 'venv', VENV]);
    await run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', `py4j==${PY4J_VERSION}`], { timeout: 300_000 });
    if (!(await hasPy4j())) throw new Error('py4j is still not importable from bench/.venv after installing it.');
  }
  const { stdout } = await run(PYTHON, [
    '-c',
    'import sys, py4j.version; print(sys.version.split()[0]); print(py4j.version.__version__)',
  ]);
  const [python = '?', py4j = '?'] = stdout.trim().split('\n');
  return { python, py4j };
}

async function hasPy4j(): Promise<boolean> {
  if (!existsSync(PYTHON)) return false;
  try {
    const { stdout } = await run(PYTHON, ['-c', 'import py4j.version; print(py4j.version.__version__)']);
    return stdout.trim() === PY4J_VERSION;
  } catch {
    return false;
  }
}

/** Runs one task `runs` times in one Python process connected straight to the JVM. */
export async function runPythonTask(
  target: { port: number; token: string },
  task: string,
  n: number,
  runs: number,
  dataFile?: string,
): Promise<PythonRun[]> {
  const args = ['--port', String(target.port), '--token', target.token, '--task', task, '--n', String(n)];
  args.push('--runs', String(runs), ...(dataFile === undefined ? [] : ['--data-file', dataFile]));
  const { stdout } = await run(PYTHON, [SCRIPT, ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { runs?: PythonRun[] };
  if (!Array.isArray(result.runs)) throw new Error(`The Python task ${task} printed no runs.`);
  return result.runs;
}
