/**
 * `jvm-notebook export` as a user runs it: the real CLI and real files.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'jvm-notebook.mjs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jvm-notebook-export-'));
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const NOTEBOOK = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { id: 'm', cell_type: 'markdown', metadata: {}, source: '# Report\n\nSome *text*.' },
    {
      id: 'c',
      cell_type: 'code',
      metadata: {},
      source: 'await list.size()',
      execution_count: 4,
      outputs: [{ output_type: 'execute_result', execution_count: 4, data: { 'text/plain': '3' }, metadata: {} }],
    },
  ],
});

describe('jvm-notebook export', () => {
  it('writes one self-contained page, with or without the code', async () => {
    const input = path.join(dir, 'report.ipynb');
    await writeFile(input, NOTEBOOK);
    const out = path.join(dir, 'report.html');
    const r = await cli(['export', input, '--html', out]);
    expect(r.code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('<title>Report</title>');
    expect(html).toContain('<em>text</em>');
    expect(html).toContain('<span class="prompt">[4]</span>');
    expect(html).toContain('<pre>3</pre>');
    const bare = path.join(dir, 'bare.html');
    expect((await cli(['export', input, '--html', bare, '--no-input'])).code).toBe(0);
    const report = await readFile(bare, 'utf8');
    expect(report).not.toContain('list.size');
    expect(report).toContain('<pre>3</pre>');
  });

  it('exits 2 for a malformed notebook, writes nothing and leaves the file untouched', async () => {
    const input = path.join(dir, 'broken.ipynb');
    await writeFile(input, '{"cells": [');
    const before = await stat(input);
    const out = path.join(dir, 'broken.html');
    const r = await cli(['export', input, '--html', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid notebook: .*broken\.ipynb/);
    await expect(stat(out)).rejects.toThrow();
    expect((await stat(input)).mtimeMs).toBe(before.mtimeMs);
  });

  it('exits 2 without --html, or with --html naming the notebook', async () => {
    const input = path.join(dir, 'same.ipynb');
    await writeFile(input, NOTEBOOK);
    const missing = await cli(['export', input]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/export needs --html/);
    const same = await cli(['export', input, '--html', input]);
    expect(same.code).toBe(2);
    expect(await readFile(input, 'utf8')).toBe(NOTEBOOK);
  });
});
