#!/usr/bin/env node
/**
 * The README's screenshots: the production build transcribing test videos (Russian and English)
 * with the project's test model — the whole page, and the workspace on a desktop and on a phone,
 * with the second segment played (highlighted, its subtitle over the video).
 * Needs `npm run build` first; starts its own preview server and local Hub.
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
const out = (name) => join(root, 'tools/screenshots', name);
const media = {
  ru: { file: '/tmp/readme-ru.webm', seed: 5 },
  en: { file: '/tmp/readme-en.mp4', seed: 7 },
};
for (const [lang, { file, seed }] of Object.entries(media)) {
  execFileSync('/usr/bin/python3', [join(root, 'tools/testmodel/make_media.py'), '--lang', lang, '--sentences', '4', '--seed', String(seed), '--offset', '1', '--format', file.split('.').pop(), '--out', file]);
}

const hub = await startHub({ port: 18191 });
const preview = spawn('npx', ['vite', 'preview', '--port', '4191', '--strictPort'], { cwd: root, stdio: 'ignore', env: previewEnv([hub.url]) });
await new Promise((r) => setTimeout(r, 3000));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

async function transcribed(lang, viewport, isMobile) {
  const page = await browser.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-US', viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1 });
  await useModelServer(page, hub.url);
  await page.goto('http://localhost:4191/');
  await page.getByTestId('first-run-model').selectOption('testmodels/whisper-synth');
  await page.getByTestId('file-input').setInputFiles(media[lang].file);
  await page.getByTestId('start').click();
  await page.locator('[data-testid="status"][data-phase="done"]').waitFor({ timeout: 120_000 });
  // Play the second segment for a moment: it is highlighted and its subtitle shows on the video.
  await page.getByTestId('segment-seek').nth(1).click();
  const video = page.getByTestId('player-media');
  await video.evaluate(async (el) => {
    el.muted = true;
    await el.play();
    await new Promise((r) => setTimeout(r, 600));
    el.pause();
  });
  await page.locator('[data-testid="segment"].active').waitFor();
  return page;
}

try {
  const desktop = { width: 1100, height: 900 };
  const phone = { width: 390, height: 844 };
  const ru = await transcribed('ru', desktop, false);
  await ru.screenshot({ path: out('app-ru.png'), fullPage: true });
  await ru.getByTestId('workspace').screenshot({ path: out('workspace-ru-desktop.png') });
  await ru.close();
  const en = await transcribed('en', desktop, false);
  await en.getByTestId('workspace').screenshot({ path: out('workspace-en-desktop.png') });
  await en.close();
  for (const lang of ['ru', 'en']) {
    const page = await transcribed(lang, phone, true);
    await page.getByTestId('workspace').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: out(`workspace-${lang}-phone.png`) });
    await page.close();
  }
} finally {
  await browser.close();
  preview.kill();
  await hub.close();
}
