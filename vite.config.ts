/// <reference types="vitest/config" />
import { defineConfig, type Connect, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import {
  allowedHubs,
  baselineContentSecurityPolicy,
  contentSecurityPolicy,
  ISOLATION_HEADERS,
} from './src/app/pwa/headers';
import { APP_MANIFEST } from './src/app/pwa/manifest';

/**
 * Model servers the dev and preview servers allow besides the Hub: the local Hub of `npm run hub`
 * by default, or the comma-separated list in VTT_MODEL_SERVERS (the e2e suite names its hubs).
 * These servers never run in production; there the service worker builds the policy from the
 * settings and the link servers the user confirmed.
 */
const DEV_MODEL_SERVERS = (process.env.VTT_MODEL_SERVERS ?? 'http://127.0.0.1:8090').split(',').filter(Boolean);

/**
 * The dev and preview servers send the same headers as the service worker: cross-origin isolation
 * on everything, and the Content-Security-Policy. They cannot know the settings, so they allow the
 * model servers above; a page address (`?hub=`) never widens it.
 */
function securityHeaders(): Plugin {
  const policy = contentSecurityPolicy(allowedHubs(null, DEV_MODEL_SERVERS));
  const middleware: Connect.NextHandleFunction = (_request, response, next) => {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
    response.setHeader('Content-Security-Policy', policy);
    next();
  };
  return {
    name: 'video-to-text:security-headers',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
    // The baseline policy travels inside index.html, for hosts that send no CSP header.
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: baselineContentSecurityPolicy() },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [
    svelte(),
    securityHeaders(),
    VitePWA({
      // Our own service worker (src/sw.ts) with Workbox's precache list injected: it also sets the
      // isolation and CSP headers, which a generated one cannot. The only service worker.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // src/app/pwa/pwa.svelte.ts registers it with workbox-window and asks before updating.
      injectRegister: false,
      registerType: 'prompt',
      manifest: APP_MANIFEST,
      // The icons are in the glob patterns below already.
      includeManifestIcons: false,
      injectManifest: {
        // A classic script: every browser with service workers runs it.
        rollupFormat: 'iife',
        // The app shell and the runtimes it needs offline: ffmpeg's core and onnxruntime's wasm.
        // Model weights are never here: they are downloaded at run time and kept in the browser's storage.
        // (The plugin adds manifest.webmanifest itself.)
        globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png}'],
        // ffmpeg-core.wasm ≈ 31 MB and onnxruntime's ≈ 26 MB: they are the app.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
  // transformers.js code-splits; only ES module workers support that.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // `--mode test` builds the app with its test entry (src/test-entry, behind TEST_BUILD) for e2e
    // and the benchmark, apart from dist/, which is what users get and the Space serves.
    outDir: mode === 'test' ? 'dist-test' : 'dist',
    // The big .wasm files (ffmpeg-core ≈ 31 MB, ORT ≈ 26 MB) are expected: they are the app.
    chunkSizeWarningLimit: 2048,
  },
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.{ts,mjs}'],
  },
}));
