/**
 * `jvm-notebook run`: runs notebooks headlessly through a relay and the same
 * kernel code the browser runs — one JVM for the whole run, a fresh kernel
 * session per notebook — prints a line per cell and a summary, writes the
 * executed notebooks and, on request, a JUnit report.
 *
 * Exit codes: 0 every code cell passed, 1 a cell failed or timed out, 2 a
 * usage or setup error (no Java, no Py4J jar, an unreadable or invalid
 * notebook: every notebook is read and checked before anything runs, and a
 * malformed one is reported and left untouched).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotebookFormatError, parseNotebook, serializeNotebook, type NotebookDoc } from '../protocol/notebook-file.ts';
import type { JvmConfig } from '../relay/cli/cli-options.ts';
import { SetupError } from '../relay/errors.ts';
import { setupGateway } from '../relay/jvm/gateway-setup.ts';
import { startRelay } from '../relay/server/relay-server.ts';
import type { NotebookReport } from './cell-report.ts';
import { junitReport } from './junit-report.ts';
import { KernelThread } from './kernel-thread.ts';
import { collectNotebooks, type NotebookFile } from './notebook-files.ts';
import { runNotebookCells } from './notebook-run.ts';
import { injectParameters, type Parameters } from './parameters.ts';

export interface RunIo {
  out(line: string): void;
  err(line: string): void;
}

export interface RunOptions {
  /** Notebook files and folders (a folder means the notebooks in it and below). */
  notebooks: readonly string[];
  /** With one notebook: write the executed notebook here. */
  out: string | undefined;
  /** Write each executed notebook into this folder, under its own name. */
  outDir: string | undefined;
  /** Write each executed notebook over its input. */
  inplace: boolean;
  allowErrors: boolean;
  timeoutSeconds: number | undefined;
  junit: string | undefined;
  parameters: Parameters;
  jvm: JvmConfig;
}

interface Planned {
  name: string;
  file: string;
  doc: NotebookDoc;
  target: string | undefined;
}

export async function runNotebooks(options: RunOptions, io: RunIo): Promise<number> {
  const plan = await planRun(options, io);
  if (plan === null) return 2;

  let gateway: Awaited<ReturnType<typeof setupGateway>>;
  try {
    gateway = await setupGateway(options.jvm, (line) => io.err(line));
  } catch (error) {
    io.err(error instanceof SetupError ? error.message : `Could not start the JVM: ${(error as Error).message}`);
    return 2;
  }
  // A run ends at once: it does not wait long for Java calls abandoned by a timeout to return.
  const relay = await startRelay({
    port: 0,
    gateway: gateway.provider,
    log: (line) => io.err(line),
    releaseTimeoutMs: 2_000,
  });
  const reports: NotebookReport[] = [];
  try {
    for (const notebook of plan) {
      if (plan.length > 1) io.out(`== ${notebook.name}`);
      injectParameters(notebook.doc, options.parameters);
      const cells = await runNotebookCells(notebook.doc, {
        allowErrors: options.allowErrors,
        timeoutMs: options.timeoutSeconds === undefined ? undefined : options.timeoutSeconds * 1000,
        session: () => KernelThread.start(relay.wsUrl, relay.token),
        out: io.out,
        err: io.err,
      });
      reports.push({ name: notebook.name, cells });
      const failed = cells.filter((c) => c.status === 'failed' || c.status === 'timeout').length;
      if (failed === 0) io.out(`All ${cells.length} code cell${cells.length === 1 ? '' : 's'} passed.`);
      else if (options.allowErrors) io.out(`${failed} of ${cells.length} code cells failed.`);
      if (notebook.target !== undefined) {
        await writeAtomically(notebook.target, serializeNotebook(notebook.doc));
        io.out(`Wrote ${shown(notebook.target)}`);
      }
    }
  } finally {
    await relay.close();
    await gateway.stop();
  }
  if (options.junit !== undefined) {
    await writeAtomically(path.resolve(options.junit), junitReport(reports));
    io.out(`Wrote the JUnit report ${options.junit}`);
  }
  const failedNotebooks = reports.filter((r) => r.cells.some((c) => c.status === 'failed' || c.status === 'timeout'));
  if (plan.length > 1) {
    io.out(
      `${reports.length} notebooks: ${reports.length - failedNotebooks.length} passed, ${failedNotebooks.length} failed${
        failedNotebooks.length > 0 ? ` (${failedNotebooks.map((r) => r.name).join(', ')})` : ''
      }.`,
    );
  }
  return failedNotebooks.length > 0 ? 1 : 0;
}

/** Reads and checks every notebook and where its result goes; null (after saying why) when the run cannot start. */
async function planRun(options: RunOptions, io: RunIo): Promise<Planned[] | null> {
  let files: NotebookFile[];
  try {
    files = await collectNotebooks(options.notebooks);
  } catch (error) {
    io.err((error as Error).message);
    return null;
  }
  if (options.out !== undefined && files.length > 1) {
    io.err(`--out names one file, but ${files.length} notebooks are to run: use --out-dir DIR or --inplace.`);
    return null;
  }
  const plan: Planned[] = [];
  let bad = 0;
  for (const { name, file, relative } of files) {
    let doc: NotebookDoc;
    try {
      doc = parseNotebook(await readFile(file, 'utf8'), name);
    } catch (error) {
      bad++;
      if (error instanceof NotebookFormatError) io.err(`Invalid notebook: ${error.message}`);
      else io.err(`Cannot read ${name}: ${(error as Error).message}`);
      continue;
    }
    const target = options.inplace
      ? file
      : options.out !== undefined
        ? path.resolve(options.out)
        : options.outDir !== undefined
          ? path.resolve(options.outDir, relative)
          : undefined;
    if (!options.inplace && target === file) {
      io.err(
        `${options.out !== undefined ? '--out' : '--out-dir'} would write over the input notebook ${name}: run never modifies its input unless told --inplace.`,
      );
      return null;
    }
    const clash = plan.find((p) => target !== undefined && p.target === target);
    if (clash) {
      io.err(`${clash.name} and ${name} would both be written to ${shown(target!)}: run them into different folders.`);
      return null;
    }
    plan.push({ name, file, doc, target });
  }
  if (bad > 0) {
    io.err(`Nothing was run: ${bad} notebook${bad === 1 ? ' is' : 's are'} unreadable or invalid (left untouched).`);
    return null;
  }
  return plan;
}

/** A path as the user reads it best: relative below the working folder, absolute elsewhere. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, file);
}
