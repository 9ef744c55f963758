/**
 * Turns what a cell threw into an nbformat error output: the error's name and
 * message, where in the cell's TypeScript it happened, and for Java exceptions
 * the Java class, message and stack trace.
 */
import { CompileError } from './compile-cell.ts';
import { JavaError } from './gateway/index.ts';
import type { ErrorOutput } from '../protocol/outputs.ts';

export interface CellLocation {
  /** The sourceURL the cell ran under. */
  sourceUrl: string;
  lineOffset: number;
  source: string;
  label: string;
}

export function errorOutput(error: unknown, where: CellLocation | null): ErrorOutput {
  if (error instanceof CompileError) {
    const line = where?.source.split('\n')[error.line - 1];
    return {
      output_type: 'error',
      ename: 'SyntaxError',
      evalue: error.reason,
      traceback: [
        `SyntaxError: ${error.reason}`,
        `    at ${where?.label ?? error.cellName}, line ${error.line}, column ${error.column}`,
        ...(line !== undefined ? [`    ${line}`, `    ${' '.repeat(Math.max(0, error.column - 1))}^`] : []),
      ],
    };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const location = where ? locate(err, where) : [];
  if (err instanceof JavaError) {
    const trace = err.javaStackTrace ? err.javaStackTrace.replace(/\s+$/, '').split('\n') : [];
    return {
      output_type: 'error',
      ename: err.javaClass,
      evalue: err.message,
      traceback: [
        `JavaError: ${err.javaClass}: ${err.message}`,
        ...location,
        ...(trace.length ? ['Java stack trace:', ...trace] : []),
      ],
    };
  }
  return {
    output_type: 'error',
    ename: err.name,
    evalue: err.message,
    traceback: [`${err.name}: ${err.message}`, ...location],
  };
}

/** Lines naming where in the cell the error was thrown, mapped back to TypeScript lines. */
function locate(err: Error, where: CellLocation): string[] {
  const stack = err.stack ?? '';
  const escaped = where.sourceUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`${escaped}:(\\d+):(\\d+)`, 'g');
  const out: string[] = [];
  const lines = where.source.split('\n');
  for (let m = re.exec(stack); m !== null && out.length < 6; m = re.exec(stack)) {
    const line = Number(m[1]) - where.lineOffset;
    if (line < 1 || line > lines.length) continue;
    out.push(`    at ${where.label}, line ${line}, column ${m[2]}: ${lines[line - 1]!.trim()}`);
  }
  return out;
}
