import { defineConfig } from '@playwright/test';
import { ChromiumMissingError, findChromium } from './test/e2e/support/find-chromium.ts';

// End-to-end tests: a real Chromium (see find-chromium.ts) against a real relay and a real JVM,
// started by the tests themselves (test/e2e/support/relay-process.ts). No retries: a flaky test is a bug.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/artifacts',
  globalSetup: './test/e2e/support/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 860 },
    actionTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumOrExit(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});

/** The browser to drive; without one, a single line that says how to get one, instead of a stack trace. */
function chromiumOrExit(): string {
  try {
    return findChromium();
  } catch (error) {
    if (!(error instanceof ChromiumMissingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
