#!/usr/bin/env node
/**
 * The README's screenshot: the production build transcribing a Russian test video with the
 * project's test model. Needs `npm run build` first; starts its own preview server and local Hub.
 *   node tools/screenshots/take.mjs
 */
import { spawn, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { previewEnv, useModelServer } from '../app-settings.mjs';
import { startHub } from '../hub/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const media = '/tmp/readme-ru.webm';
execFileSync('/usr/bin/python3', [join(root, 'tools/testmodel/make_media.py'), '--lang', 'ru', '--sentences', '4', '--seed', '5', '--offset', '1', '--format', 'webm', '--out', media]);

const hub = await startHub({ port: 18191 });
const preview = spawn('npx', ['vite', 'preview', '--port', '4191', '--strictPort'], { cwd: root, stdio: 'ignore', env: previewEnv([hub.url]) });
await new Promise((r) => setTimeout(r, 3000));
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ locale: 'ru-RU', viewport: { width: 1100, height: 900 } });
  await useModelServer(page, hub.url);
  await page.goto('http://localhost:4191/');
  await page.getByTestId('first-run-model').selectOption('testmodels/whisper-synth');
  await page.getByTestId('file-input').setInputFiles(media);
  await page.getByTestId('start').click();
  await page.locator('[data-testid="status"][data-phase="done"]').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: join(root, 'tools/screenshots/app-ru.png'), fullPage: true });
} finally {
  await browser.close();
  preview.kill();
  await hub.close();
}
