/** Command line of `npm run bench`. */

export interface BenchOptions {
  /** A smoke run: small sizes, one run each, results to bench/results.quick.json. */
  quick: boolean;
  /** Runs per figure (the median is reported). */
  runs: number;
  /** Skip the UI and cold-start figures (they need the built UI and a second JVM). */
  skipUi: boolean;
}

export const USAGE = `usage: npm run bench [-- --quick] [-- --runs N] [-- --skip-ui]
  --quick     smoke run: small sizes, one run per figure, writes bench/results.quick.json
  --runs N    runs per figure, median reported (default 3; 1 with --quick)
  --skip-ui   only the kernel figures (no UI, no cold start)`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, runs: 3, skipUi: false };
  let runsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--skip-ui') options.skipUi = true;
    else if (arg === '--runs') {
      options.runs = Number(argv[++i]);
      runsGiven = true;
      if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error(`--runs needs a whole number >= 1.\n${USAGE}`);
    } else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`Unknown option ${arg}.\n${USAGE}`);
  }
  if (options.quick && !runsGiven) options.runs = 1;
  return options;
}
