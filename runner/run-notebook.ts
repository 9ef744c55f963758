/**
 * `jvm-notebook run`: executes a notebook's code cells in order through a
 * relay and the same kernel code the browser runs, prints one status line per
 * cell, and writes the executed notebook. Exit codes: 0 all cells passed, 1 a
 * cell failed (later cells are not run), 2 usage or setup error. The input
 * file is only read.
 */
import { readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { WebSocketTransport, type WebSocketLike } from '../cells/gateway/websocket-transport.ts';
import { Kernel } from '../cells/kernel.ts';
import { NotebookFormatError, parseNotebook, serializeNotebook, type NotebookDoc } from '../protocol/notebook-file.ts';
import { appendOutput, type CellOutput } from '../protocol/outputs.ts';
import type { JvmConfig } from '../relay/cli/cli-options.ts';
import { setupGateway } from '../relay/jvm/gateway-setup.ts';
import { startRelay } from '../relay/server/relay-server.ts';
import { SetupError } from '../relay/errors.ts';

export interface RunIo {
  out(line: string): void;
  err(line: string): void;
}

export interface RunOptions {
  notebook: string;
  out: string | undefined;
  jvm: JvmConfig;
}

export async function runNotebook(options: RunOptions, io: RunIo): Promise<number> {
  const source = path.resolve(options.notebook);
  const target = options.out === undefined ? undefined : path.resolve(options.out);
  if (target === source) {
    io.err(`--out must name a new file: ${options.out} is the input notebook, which run never modifies.`);
    return 2;
  }
  let doc: NotebookDoc;
  try {
    doc = parseNotebook(await readFile(source, 'utf8'), options.notebook);
  } catch (error) {
    if (error instanceof NotebookFormatError) io.err(`Invalid notebook: ${error.message}`);
    else io.err(`Cannot read ${options.notebook}: ${(error as Error).message}`);
    return 2;
  }

  let gateway: Awaited<ReturnType<typeof setupGateway>>;
  try {
    gateway = await setupGateway(options.jvm, (line) => io.err(line));
  } catch (error) {
    io.err(error instanceof SetupError ? error.message : `Could not start the JVM: ${(error as Error).message}`);
    return 2;
  }
  const relay = await startRelay({ port: 0, gateway: gateway.provider, log: (line) => io.err(line) });
  let transport: WebSocketTransport | null = null;
  try {
    const socket = new WebSocket(relay.wsUrl, { headers: { authorization: `Bearer ${relay.token}` } });
    transport = (await WebSocketTransport.connect(socket as unknown as WebSocketLike)).transport;
    const kernel = new Kernel({ transport });
    const code = await runCells(doc, kernel, io);
    if (target !== undefined) {
      await writeAtomically(target, serializeNotebook(doc));
      io.out(`Wrote ${options.out}`);
    }
    return code;
  } finally {
    transport?.close();
    await relay.close();
    await gateway.stop();
  }
}

async function runCells(doc: NotebookDoc, kernel: Kernel, io: RunIo): Promise<number> {
  const codeCells = doc.cells.filter((c) => c.cell_type === 'code');
  for (const cell of codeCells) {
    cell.outputs = [];
    cell.execution_count = null;
  }
  let index = 0;
  for (const cell of doc.cells) {
    index++;
    if (cell.cell_type !== 'code') continue;
    const label = `cell ${index}`;
    const outputs: CellOutput[] = [];
    const result = await kernel.run({ cellId: cell.id, source: cell.source, label }, (o) => appendOutput(outputs, o));
    cell.outputs = outputs;
    cell.execution_count = result.executionCount;
    const ms = `${Math.round(result.durationMs)} ms`;
    if (result.status === 'ok') {
      io.out(`ok    ${label} [${result.executionCount}] ${ms}`);
      continue;
    }
    const error = result.error;
    io.out(
      `FAIL  ${label} [${result.executionCount}] ${ms}: ${error ? `${error.ename}: ${error.evalue}` : result.status}`,
    );
    if (error) io.err(error.traceback.join('\n'));
    const skipped = codeCells.length - codeCells.indexOf(cell) - 1;
    if (skipped > 0) io.out(`Stopped at ${label}; ${skipped} later code cell${skipped === 1 ? '' : 's'} not run.`);
    return 1;
  }
  io.out(`All ${codeCells.length} code cell${codeCells.length === 1 ? '' : 's'} passed.`);
  return 0;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, file);
}
