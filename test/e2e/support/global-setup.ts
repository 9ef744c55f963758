import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Builds the UI the relay serves, so the tests always drive the current source,
 * and fails early (rather than skipping) when the browser is missing.
 */
export default function globalSetup(): void {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error(
      'Chromium is missing at /usr/bin/chromium: install it (apt-get install chromium); the end-to-end tests need it.',
    );
  }
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
