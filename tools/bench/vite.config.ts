/**
 * Builds the bench page (tools/bench/page) into dist-test/__bench/, next to the app's test build,
 * so `vite preview` serves both from one origin with the app's cross-origin isolation headers.
 * Same dependencies and worker format as the app's vite.config.ts.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./page', import.meta.url));

export default defineConfig({
  root,
  base: '/__bench/',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../../dist-test/__bench', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
