/** Command line of `npm run bench`. */
import type { Client } from './results.ts';

export interface BenchOptions {
  /** A smoke run: small sizes, one run each, results to bench/results.quick.json. */
  quick: boolean;
  /** Runs per figure (the median is reported). */
  runs: number;
  /** Skip the UI and cold-start figures (they need the built UI and a second JVM). */
  skipUi: boolean;
  /** Only these tasks (and `per-call`), for working on one figure; nothing is written then. */
  only: string[] | null;
  /** Only these clients; nothing is written then. */
  clients: Client[];
  /** Where to write the results instead of bench/results.json (any run, partial ones too). */
  out: string | null;
}

export const USAGE = `usage: npm run bench -- [--quick] [--runs N] [--skip-ui] [--only NAMES] [--clients NAMES]
  --quick          smoke run: small sizes, one run per figure, writes bench/results.quick.json
  --runs N         runs per figure, median reported (default 3; 1 with --quick)
  --skip-ui        only the kernel figures (no UI, no cold start)
  --only a,b       only these tasks (task names, or per-call); prints, writes no file
  --clients a,b    only these of python, browser, node; prints, writes no file
  --out FILE       write the results to FILE (also for partial runs)`;

const ALL_CLIENTS: readonly Client[] = ['python', 'browser', 'node'];

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    runs: 3,
    skipUi: false,
    only: null,
    clients: [...ALL_CLIENTS],
    out: null,
  };
  let runsGiven = false;
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--skip-ui') options.skipUi = true;
    else if (arg === '--runs') {
      options.runs = Number(value(++i, arg));
      runsGiven = true;
      if (!Number.isInteger(options.runs) || options.runs < 1)
        throw new Error(`--runs needs a whole number >= 1.\n${USAGE}`);
    } else if (arg === '--only') {
      options.only = value(++i, arg).split(',');
    } else if (arg === '--clients') {
      const names = value(++i, arg).split(',');
      const unknown = names.filter((n) => !ALL_CLIENTS.includes(n as Client));
      if (unknown.length > 0) throw new Error(`Unknown client ${unknown.join(', ')}.\n${USAGE}`);
      options.clients = names as Client[];
    } else if (arg === '--out') {
      options.out = value(++i, arg);
    } else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`Unknown option ${arg}.\n${USAGE}`);
  }
  if (options.quick && !runsGiven) options.runs = 1;
  return options;
}

/** Whether this run measures everything (and so may write its results file). */
export function isComplete(options: BenchOptions): boolean {
  return options.only === null && options.clients.length === ALL_CLIENTS.length;
}
