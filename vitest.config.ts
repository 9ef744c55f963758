import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/bench/**/*.test.ts',
      'test/cells/**/*.test.ts',
      'test/protocol/**/*.test.ts',
      'test/report/**/*.test.ts',
      'test/relay/**/*.test.ts',
      'test/runner/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/notebook/**/*.test.ts',
      'test/e2e/support/**/*.test.ts',
    ],
    // Integration tests start JVMs; two cores do not fit more than two at once.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
