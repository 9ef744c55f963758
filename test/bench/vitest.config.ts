import { defineConfig } from 'vitest/config';

// The benchmark's own unit tests (no JVM, no timings): `npx vitest run -c test/bench/vitest.config.ts`.
// They join `npm test` once the root vitest.config.ts includes 'test/bench/**/*.test.ts'.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/bench/**/*.test.ts'],
  },
});
