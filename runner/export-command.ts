/**
 * `jvm-notebook export NOTEBOOK.ipynb --html OUT.html [--no-input]`: the
 * notebook as one self-contained HTML page, as it was last run (nothing is
 * run). The input is only read; a malformed notebook is reported and no file
 * is written.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotebookFormatError, parseNotebook } from '../protocol/notebook-file.ts';
import { notebookHtml } from '../report/notebook-html.ts';
import type { RunIo } from './run-command.ts';

export interface ExportOptions {
  notebook: string;
  html: string;
  noInput: boolean;
}

export async function exportNotebook(options: ExportOptions, io: RunIo): Promise<number> {
  const source = path.resolve(options.notebook);
  const target = path.resolve(options.html);
  if (source === target) {
    io.err(`--html must name a new file: ${options.html} is the notebook itself, which export only reads.`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    io.err(`Cannot read ${options.notebook}: ${(error as Error).message}`);
    return 2;
  }
  let html: string;
  try {
    html = notebookHtml(parseNotebook(text, options.notebook), { noInput: options.noInput });
  } catch (error) {
    if (error instanceof NotebookFormatError) {
      io.err(`Invalid notebook: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, html, 'utf8');
  await rename(temp, target);
  io.out(`Wrote ${options.html}`);
  return 0;
}
