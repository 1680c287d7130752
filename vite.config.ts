/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Cross-origin isolation: onnxruntime-web only uses WebAssembly threads when the page is
// crossOriginIsolated, which needs both headers on every response (pages, workers, wasm).
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  // transformers.js code-splits; only ES module workers support that.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The big .wasm files (ffmpeg-core ≈ 31 MB, ORT ≈ 26 MB) are expected: they are the app.
    chunkSizeWarningLimit: 2048,
  },
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.{ts,mjs}'],
  },
});
