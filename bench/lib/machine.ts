/** The machine the figures come from: they mean little without it. */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Machine } from './results.ts';
import { round } from './stats.ts';

const run = promisify(execFile);

export async function describeMachine(parts: {
  javaPath: string;
  chromium: string;
  python: string;
  py4jPython: string;
  py4jJar: string;
}): Promise<Machine> {
  const cpus = os.cpus();
  let java = 'unknown';
  try {
    const { stderr } = await run(parts.javaPath, ['-version']);
    java = stderr.split('\n').slice(0, 2).join(' / ').trim();
  } catch (error) {
    java = `unknown (${(error as Error).message})`;
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    java,
    chromium: parts.chromium,
    python: parts.python,
    py4jPython: parts.py4jPython,
    py4jJar: parts.py4jJar,
    loadAverage: { start: round(os.loadavg()[0]!), end: Number.NaN },
  };
}

export function loadAverageNow(): number {
  return round(os.loadavg()[0]!);
}
