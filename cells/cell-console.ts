/**
 * The `console` a cell sees: log/info/debug go to stdout, warn/error to
 * stderr, as stream outputs of the cell that is running. A line naming Java
 * objects shows them as the result area does (class and `toString()`), so it
 * is handed over as a promise of its text, fetched in one pipelined batch; the
 * sink keeps its place among the cell's other outputs.
 */
import { formatLogArgs, hasJavaObjects, type Descriptions } from './format-value.ts';

export type StreamSink = (name: 'stdout' | 'stderr', text: string | Promise<string>) => void;

/** Fetches the descriptions of the Java objects reachable in a value. */
export type Describe = (value: unknown) => Promise<Descriptions>;

export function createCellConsole(
  sink: StreamSink,
  describe: Describe,
): Pick<Console, 'log' | 'info' | 'debug' | 'warn' | 'error' | 'trace' | 'dir' | 'table'> {
  const line = (args: unknown[], suffix = ''): string | Promise<string> => {
    if (!hasJavaObjects(args)) return formatLogArgs(args) + '\n' + suffix;
    return describe(args).then(
      (descriptions) => formatLogArgs(args, descriptions) + '\n' + suffix,
      // The connection is gone: the line still shows, with the objects unnamed.
      () => formatLogArgs(args) + '\n' + suffix,
    );
  };
  const out = (...args: unknown[]) => sink('stdout', line(args));
  const err = (...args: unknown[]) => sink('stderr', line(args));
  return {
    log: out,
    info: out,
    debug: out,
    dir: out,
    table: out,
    warn: err,
    error: err,
    trace: (...args: unknown[]) => sink('stderr', line(['Trace:', ...args], (new Error().stack ?? '') + '\n')),
  };
}
