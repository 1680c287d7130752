import { defineConfig } from '@playwright/test';
import { APP_PORT, HUB_PORT, PREVIEW_MODEL_SERVERS } from './e2e/support/ports';
import { previewEnv } from './tools/app-settings.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tools/chromium.mjs';

/**
 * End-to-end tests against the test build (`vite build --mode test` first, into dist-test/: the
 * app plus its test entry; `npm run test:e2e` does both), served by `vite preview` with the
 * COOP/COEP headers, plus the local Hub (tools/hub) serving the project's own test models. Debian's Chromium: Playwright's browser download is not available here.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  // One browser at a time: the machines that run this have two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${APP_PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      // Only localhost resolves; the offline fixture still records other attempts and fails the test.
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `npx vite preview --mode test --port ${APP_PORT} --strictPort`,
      env: previewEnv(PREVIEW_MODEL_SERVERS) as Record<string, string>,
      url: `http://localhost:${APP_PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node tools/hub/cli.mjs --port ${HUB_PORT}`,
      url: `http://127.0.0.1:${HUB_PORT}/__hub/log`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
