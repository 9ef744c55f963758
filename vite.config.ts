import { defineConfig } from 'vite';

// The notebook UI is a static app under notebook/; the relay serves the build from
// dist/notebook/. The kernel worker (cells/worker-main.ts) is bundled from the page's
// `new Worker(new URL(...), { type: 'module' })`, Monaco's own workers from `?worker` imports.
export default defineConfig({
  root: 'notebook',
  base: './',
  build: {
    outDir: '../dist/notebook',
    emptyOutDir: true,
    // Monaco and the TypeScript language service are large, lazily loaded chunks.
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
});
