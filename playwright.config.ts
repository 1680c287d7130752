import { defineConfig } from '@playwright/test';
import { APP_PORT, HUB_PORT } from './e2e/support/ports';

/**
 * End-to-end tests against the production build (`vite build` first; `npm run test:e2e` does both),
 * served by `vite preview` with the COOP/COEP headers, plus the local Hub (tools/hub) serving the
 * project's own test models. Debian's Chromium: Playwright's browser download is not available here.
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
      executablePath: process.env.PW_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Any host other than ours fails to resolve: nothing can leave the machine even by mistake.
        // The offline fixture still records such attempts and fails the test.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `npx vite preview --port ${APP_PORT} --strictPort`,
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
