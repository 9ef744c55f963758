/**
 * The `console` a cell sees: log/info/debug go to stdout, warn/error to
 * stderr, as stream outputs of the cell that is running.
 */
import { formatLogArgs } from './format-value.ts';

export type StreamSink = (name: 'stdout' | 'stderr', text: string) => void;

export function createCellConsole(
  sink: StreamSink,
): Pick<Console, 'log' | 'info' | 'debug' | 'warn' | 'error' | 'trace' | 'dir' | 'table'> {
  const out = (...args: unknown[]) => sink('stdout', formatLogArgs(args) + '\n');
  const err = (...args: unknown[]) => sink('stderr', formatLogArgs(args) + '\n');
  return {
    log: out,
    info: out,
    debug: out,
    dir: out,
    table: out,
    warn: err,
    error: err,
    trace: (...args: unknown[]) =>
      sink('stderr', formatLogArgs(['Trace:', ...args]) + '\n' + (new Error().stack ?? '') + '\n'),
  };
}
