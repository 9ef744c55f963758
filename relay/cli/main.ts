/**
 * The command line entry: reads argv and the environment (the only module
 * that does), and hands a plain config to the start or run command.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, USAGE, UsageError, type CliConfig } from './cli-options.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cacheDir = path.join(projectRoot, '.cache');

async function main(): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCli(process.argv.slice(2), process.env, cacheDir);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const io = {
    out: (line: string) => process.stdout.write(line + '\n'),
    err: (line: string) => process.stderr.write(line + '\n'),
  };
  switch (config.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'run': {
      const { runNotebooks } = await import('../../runner/run-command.ts');
      return runNotebooks(config, io);
    }
    case 'export': {
      const { exportNotebook } = await import('../../runner/export-command.ts');
      return exportNotebook(config, io);
    }
    case 'start': {
      const { startNotebook } = await import('../server/start-notebook.ts');
      return startNotebook({ ...config, staticDir: path.join(projectRoot, 'dist', 'notebook') }, io);
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`jvm-notebook: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
