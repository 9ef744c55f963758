/**
 * `jvm-notebook run` as a user runs it: the real CLI, a real JVM, real files.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile, stat } from 'node:fs/promises';
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
  cwd = ROOT,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
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

describe('jvm-notebook run for CI', () => {
  it('--allow-errors runs every cell, records each failure, and exits 1', async () => {
    const input = path.join(dir, 'errors.ipynb');
    const out = path.join(dir, 'errors.out.ipynb');
    await writeFile(
      input,
      notebook(['1 + 1', "await jvm.java.lang.Integer.parseInt('x')", '"after"', 'throw new Error("second")']),
    );
    const r = await cli(['run', input, '--out', out, '--allow-errors']);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^FAIL /gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/ok {4}cell 3 \[3\]/);
    expect(r.stdout).toMatch(/2 of 4 code cells failed\./);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.cells[2].outputs[0].data['text/plain']).toEqual(["'after'"]);
    expect(doc.cells[3].outputs[0]).toMatchObject({ output_type: 'error', evalue: 'second' });
  });

  it('--timeout fails a cell waiting on Java and a cell stuck in a JavaScript loop, and the run goes on', async () => {
    const input = path.join(dir, 'timeout.ipynb');
    const out = path.join(dir, 'timeout.out.ipynb');
    await writeFile(
      input,
      notebook(['const x = 5', 'await jvm.java.lang.Thread.sleep(30000)', 'x + 1', 'while (true) {}', 'typeof x']),
    );
    const r = await cli(['run', input, '--out', out, '--allow-errors', '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TIME {2}cell 2 .*TimeoutError: cell 2 ran longer than the 1 s timeout/);
    // Interrupted while waiting on Java: the session and its variables live on.
    expect(r.stdout).toMatch(/ok {4}cell 3/);
    expect(r.stdout).toMatch(/TIME {2}cell 4 .*its session was ended/);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.cells[2].outputs[0].data['text/plain']).toEqual(['6']);
    expect(doc.cells[3].outputs[0]).toMatchObject({ output_type: 'error', ename: 'TimeoutError' });
    // A new session after the stuck one: the first cell's variable is gone.
    expect(doc.cells[4].outputs[0].data['text/plain']).toEqual(["'undefined'"]);
  });

  it('--junit writes a testcase per code cell, with the error and the Java stack trace of a failure', async () => {
    const input = path.join(dir, 'junit.ipynb');
    const report = path.join(dir, 'junit.xml');
    await writeFile(
      input,
      notebook(['# Notes', '1 + 1', "await jvm.java.lang.Integer.parseInt('x') // parse <it> & fail", '3']),
    );
    const r = await cli(['run', input, '--junit', report]);
    expect(r.code).toBe(1);
    const xml = await readFile(report, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toMatch(/<testsuites name="jvm-notebook run" tests="3" failures="1" skipped="1"/);
    expect(xml).toContain(
      'name="cell 3: await jvm.java.lang.Integer.parseInt(&apos;x&apos;) // parse &lt;it&gt; &amp; fail"',
    );
    expect(xml).toMatch(
      /<failure message="java.lang.NumberFormatException: For input string: &quot;x&quot;" type="java.lang.NumberFormatException">/,
    );
    expect(xml).toMatch(/at java.base\/java.lang.Integer.parseInt/);
    expect(xml).toContain('<skipped message="not run: an earlier cell failed"/>');
  });

  it('--inplace writes the executed notebook over its input, run from any folder', async () => {
    const input = path.join(dir, 'inplace.ipynb');
    await writeFile(input, notebook(['"in place"']));
    const r = await cli(['run', 'inplace.ipynb', '--inplace', '--junit', 'reports/junit.xml'], {}, dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(await readFile(input, 'utf8'));
    expect(doc.cells[0].outputs[0].data['text/plain']).toEqual(["'in place'"]);
    expect(await readFile(path.join(dir, 'reports', 'junit.xml'), 'utf8')).toMatch(/<testcase /);
  });

  it('runs a folder of notebooks on one JVM, keeps its layout in --out-dir, and prints a summary', async () => {
    const folder = path.join(dir, 'suite');
    await mkdir(path.join(folder, 'sub'), { recursive: true });
    await mkdir(path.join(folder, '.ipynb_checkpoints'), { recursive: true });
    await writeFile(path.join(folder, 'a.ipynb'), notebook(['await jvm.java.lang.Math.max(1, 2)']));
    await writeFile(path.join(folder, 'sub', 'b.ipynb'), notebook(['throw new Error("b fails")']));
    await writeFile(path.join(folder, '.ipynb_checkpoints', 'a-checkpoint.ipynb'), 'not even JSON');
    const outDir = path.join(dir, 'suite-out');
    const r = await cli(['run', folder, '--out-dir', outDir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/== .*suite\/a\.ipynb/);
    expect(r.stdout).toMatch(/2 notebooks: 1 passed, 1 failed \(.*sub\/b\.ipynb\)\./);
    const a = JSON.parse(await readFile(path.join(outDir, 'a.ipynb'), 'utf8'));
    expect(a.cells[0].outputs[0].data['text/plain']).toEqual(['2']);
    const b = JSON.parse(await readFile(path.join(outDir, 'sub', 'b.ipynb'), 'utf8'));
    expect(b.cells[0].outputs[0]).toMatchObject({ output_type: 'error', evalue: 'b fails' });
  });

  it('--param sets constants after the cell tagged parameters, and records them in the notebook', async () => {
    const input = path.join(dir, 'params.ipynb');
    const out = path.join(dir, 'params.out.ipynb');
    const cell = (id: string, source: string, tags: string[] = []) => ({
      id,
      cell_type: 'code',
      metadata: tags.length > 0 ? { tags } : {},
      source,
      outputs: [],
      execution_count: null,
    });
    await writeFile(
      input,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [cell('p', "const rows = 1;\nconst name = 'default';", ['parameters']), cell('u', '`${rows}-${name}`')],
      }),
    );
    const r = await cli(['run', input, '--out', out, '--param', 'rows=3', '--param', 'name=hello world']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    expect(doc.cells.map((c: { id: string }) => c.id)).toEqual(['p', 'injected-parameters', 'u']);
    expect(doc.cells[1].metadata.tags).toEqual(['injected-parameters']);
    expect(doc.cells[2].outputs[0].data['text/plain']).toEqual(["'3-hello world'"]);
    expect(doc.metadata.jvm_notebook).toEqual({ parameters: { rows: 3, name: 'hello world' } });
    const bad = await cli(['run', input, '--param', '1x=2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--param takes name=value/);
  });

  it('checks every notebook before running any: one invalid among several runs nothing and writes nothing', async () => {
    const good = path.join(dir, 'good.ipynb');
    const broken = path.join(dir, 'broken-too.ipynb');
    await writeFile(good, notebook(['1']));
    await writeFile(broken, '{"cells": 3}');
    const outDir = path.join(dir, 'none-out');
    const r = await cli(['run', good, broken, '--out-dir', outDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid notebook: .*broken-too\.ipynb/);
    expect(r.stderr).toMatch(/Nothing was run/);
    await expect(stat(outDir)).rejects.toThrow();
    await mkdir(path.join(dir, 'twin'), { recursive: true });
    await writeFile(path.join(dir, 'twin', 'good.ipynb'), notebook(['2']));
    const clash = await cli(['run', good, path.join(dir, 'twin', 'good.ipynb'), '--out-dir', outDir]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/would both be written to/);
    const many = await cli(['run', good, broken, '--out', path.join(dir, 'x.ipynb')]);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/use --out-dir DIR or --inplace/);
  });
});
