/**
 * `jvm-notebook run` as a user runs it: the real CLI, a real JVM, real files.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startJavaPeer } from '../support/java-peer.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'jvm-notebook.mjs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jvm-notebook-run-'));
});

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function notebook(sources: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { custom: { keep: 'me' } },
    cells: sources.map((source, i) =>
      source.startsWith('#')
        ? { id: `m${i}`, cell_type: 'markdown', metadata: {}, source }
        : { id: `c${i}`, cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null },
    ),
  });
}

describe('jvm-notebook run', () => {
  it('runs every code cell, prints a line per cell and writes the executed notebook', async () => {
    const input = path.join(dir, 'pass.ipynb');
    const out = path.join(dir, 'pass.out.ipynb');
    await writeFile(
      input,
      notebook([
        '# Title',
        'const list = await new jvm.java.util.ArrayList(); await list.add(7); console.log("hi")',
        'await list.get(0)',
      ]),
    );
    const r = await cli(['run', input, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok {4}cell 2 \[1\]/);
    expect(r.stdout).toMatch(/ok {4}cell 3 \[2\]/);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.nbformat).toBe(4);
    expect(doc.nbformat_minor).toBe(5);
    expect(doc.metadata.custom).toEqual({ keep: 'me' });
    expect(doc.cells[1].execution_count).toBe(1);
    expect(doc.cells[1].outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: ['hi\n'] }]);
    expect(doc.cells[2].outputs[0]).toMatchObject({
      output_type: 'execute_result',
      execution_count: 2,
      data: { 'text/plain': ['7'] },
    });
  });

  it('exits 1 at the first failing cell, names it and its error, and does not run later cells', async () => {
    const input = path.join(dir, 'fail.ipynb');
    const out = path.join(dir, 'fail.out.ipynb');
    await writeFile(input, notebook(['1 + 1', "await jvm.java.lang.Integer.parseInt('x')", 'console.log("never")']));
    const r = await cli(['run', input, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}cell 2 \[2\].*java.lang.NumberFormatException: For input string: "x"/);
    expect(r.stdout).toMatch(/1 later code cell not run/);
    expect(r.stderr).toMatch(/at java.base\/java.lang.Integer.parseInt/);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.cells[1].outputs[0]).toMatchObject({ output_type: 'error', ename: 'java.lang.NumberFormatException' });
    expect(doc.cells[2].execution_count).toBeNull();
    expect(doc.cells[2].outputs).toEqual([]);
  });

  it('exits 2 for a malformed notebook and leaves the file untouched', async () => {
    const input = path.join(dir, 'broken.ipynb');
    const text = '{"nbformat": 4, "cells": [ {"cell_type": "code", "source": 1 ';
    await writeFile(input, text);
    const before = await stat(input);
    const r = await cli(['run', input, '--out', path.join(dir, 'broken.out.ipynb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid notebook: .*broken.ipynb/);
    expect(await readFile(input, 'utf8')).toBe(text);
    expect((await stat(input)).mtimeMs).toBe(before.mtimeMs);
  });

  it('exits 2 for a missing file, a bad flag, or --out naming the input', async () => {
    expect((await cli(['run', path.join(dir, 'nope.ipynb')])).code).toBe(2);
    const bad = await cli(['run', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Usage:/);
    const input = path.join(dir, 'same.ipynb');
    await writeFile(input, notebook(['1']));
    const same = await cli(['run', input, '--out', input]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/never modifies/);
  });

  it('attaches to a running gateway with --gateway and a token from the environment', async () => {
    const peer = await startJavaPeer('GatewayServerPeer');
    try {
      const input = path.join(dir, 'attach.ipynb');
      const out = path.join(dir, 'attach.out.ipynb');
      await writeFile(input, notebook(['await gateway.entryPoint.name()']));
      const r = await cli(['run', input, '--out', out, '--gateway', `127.0.0.1:${peer.port}`], {
        JVM_NOTEBOOK_GATEWAY_TOKEN: peer.token,
      });
      expect(r.code).toBe(0);
      const doc = JSON.parse(await readFile(out, 'utf8'));
      expect(doc.cells[0].outputs[0].data['text/plain']).toEqual(["'peer'"]);
      const wrong = await cli(['run', input, '--gateway', `127.0.0.1:${peer.port}`, '--gateway-token', 'wrong']);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/token/);
      expect(wrong.stderr).not.toContain(peer.token);
    } finally {
      await peer.stop();
    }
  });

  it('exits 2 with a clear message when Java cannot be found', async () => {
    const input = path.join(dir, 'nojava.ipynb');
    await writeFile(input, notebook(['1']));
    const r = await cli(['run', input], { JAVA_HOME: path.join(dir, 'no-such-jdk') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/JDK/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 with the ways to provide the Py4J jar when the given one is not a jar', async () => {
    const input = path.join(dir, 'nojar.ipynb');
    await writeFile(input, notebook(['1']));
    const fake = path.join(dir, 'fake.jar');
    await writeFile(fake, 'not a jar');
    const r = await cli(['run', input, '--py4j-jar', fake]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fake.jar/);
  });
});
