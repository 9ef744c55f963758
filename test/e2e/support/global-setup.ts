import { execFileSync } from 'node:child_process';

/**
 * Builds the UI the relay serves, so the tests always drive the current source.
 * (A missing browser already stopped the run in playwright.config.ts.)
 */
export default function globalSetup(): void {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
