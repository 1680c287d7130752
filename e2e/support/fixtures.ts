import { test as base, expect, type Page } from '@playwright/test';
import type { TestDecodeResult, TestJobState } from '../../src/test-entry/hook';
import { useModelServer } from '../../tools/app-settings.mjs';
import { HUB_URL } from './ports';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Where a request went, for the "nothing leaves this machine" check. */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return LOCAL_HOSTS.has(hostname);
}

export interface Segment {
  start: number;
  end: number;
  text: string;
}

export interface TimedWord {
  word: string;
  start: number;
  end: number;
}

export { useModelServer };

/**
 * Confirms the servers a link named, as a user would in the dialog: the page then reloads under
 * the service worker's policy, which allows them, and comes back without asking again.
 */
export async function confirmLinkServers(page: Page): Promise<void> {
  const dialog = page.getByTestId('link-servers-dialog');
  await expect(dialog).toBeVisible();
  const reloaded = page.waitForEvent('load');
  await dialog.getByTestId('link-servers-confirm').click();
  await reloaded;
  await expect(page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
  await expect(page.getByTestId('link-servers-active')).toBeAttached();
  await expect(page.getByTestId('link-servers-dialog')).toBeHidden();
}

export class AppPage {
  constructor(readonly page: Page) {}

  /** Opens the app with the local Hub as its model server, and the test hook enabled. */
  async open(hubUrl = HUB_URL, query = ''): Promise<void> {
    await useModelServer(this.page, hubUrl);
    await this.page.goto(`/?test=1${query}`);
    await expect(this.page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
  }

  async choose(file: string): Promise<void> {
    await this.page.getByTestId('file-input').setInputFiles(file);
  }

  /** The one model picker on screen: the first-run offer's while it shows, else the options card's. */
  get modelPicker() {
    return this.page.getByTestId('first-run-model').or(this.page.getByTestId('model-select'));
  }

  async selectModel(id: string): Promise<void> {
    await this.modelPicker.selectOption(id);
  }

  /** Clicks Start and waits until the new run has begun (it may already have ended: an empty file fails at once). */
  async start(): Promise<void> {
    await this.afterNextRunStarts(() => this.page.getByTestId('start').click());
  }

  /** The UI's job as the test entry reports it (run counter, the engine's counts of the last run). */
  job(): Promise<TestJobState> {
    return this.page.evaluate(() => {
      if (!window.__vtt_test) throw new Error('the test hook is not ready');
      return window.__vtt_test.job();
    });
  }

  /** Does `action` and waits until it has started a new run. */
  async afterNextRunStarts(action: () => Promise<void>): Promise<void> {
    const { runs } = await this.job();
    await action();
    await expect.poll(async () => (await this.job()).runs).toBe(runs + 1);
  }

  get status() {
    return this.page.getByTestId('status');
  }

  /** Waits until the run ends and returns how: done, failed or cancelled. */
  async finished(timeout = 150_000): Promise<string> {
    await expect(this.status).toHaveAttribute('data-phase', /^(done|failed|cancelled)$/, { timeout });
    return (await this.status.getAttribute('data-phase')) ?? '';
  }

  /** Decodes a file with the app's media worker through the test hook (src/test-entry/hook.ts). */
  async decode(file: string): Promise<TestDecodeResult> {
    await this.page.getByTestId('test-file-input').setInputFiles(file);
    return this.page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="test-file-input"]');
      const chosen = input?.files?.[0];
      const hook = (window as { __vtt_test?: { decode(file: File): Promise<TestDecodeResult> } }).__vtt_test;
      if (!chosen || !hook) throw new Error('the test hook is not ready');
      return hook.decode(chosen);
    });
  }

  async segments(): Promise<Segment[]> {
    return this.page.getByTestId('segment').evaluateAll((items) =>
      items.map((item) => ({
        start: Number(item.getAttribute('data-start')),
        end: Number(item.getAttribute('data-end')),
        // The segment being edited shows its text in the editor's field.
        text: item.querySelector('.text')?.textContent ?? item.querySelector('textarea')?.value ?? '',
      })),
    );
  }

  /** Every timed word of the transcript, in order, as the transcript shows it. */
  async words(): Promise<TimedWord[]> {
    return this.page.locator('[data-testid="segment"] .word').evaluateAll((items) =>
      items.map((item) => ({
        word: item.textContent ?? '',
        start: Number(item.getAttribute('data-start')),
        end: Number(item.getAttribute('data-end')),
      })),
    );
  }
}

export const test = base.extend<{ app: AppPage; requests: string[] }>({
  // Every request the pages, workers and nested workers make. The browser cannot resolve any
  // other host (see playwright.config.ts), and this fixture fails the test if one was even tried.
  requests: [
    async ({ context }, use) => {
      const urls: string[] = [];
      context.on('request', (request) => urls.push(request.url()));
      await context.route(
        (url) => !isLocal(url.href),
        (route) => route.abort('blockedbyclient'),
      );
      await use(urls);
      expect(urls.filter((url) => !isLocal(url)), 'requests that left this machine').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});

export { expect };
