import { test as base, expect, type Page } from '@playwright/test';
import type { TestDecodeResult } from '../../src/app/test-hook';
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

export class AppPage {
  constructor(readonly page: Page) {}

  /** Opens the app pointed at the local Hub, with the test hook enabled. */
  async open(): Promise<void> {
    await this.page.goto(`/?hub=${encodeURIComponent(HUB_URL)}&test=1`);
    await expect(this.page.locator('html')).toHaveAttribute('data-test-hook', 'ready');
  }

  async choose(file: string): Promise<void> {
    await this.page.getByTestId('file-input').setInputFiles(file);
  }

  async selectModel(id: string): Promise<void> {
    await this.page.getByTestId('model-select').selectOption(id);
  }

  /** Clicks Start and waits until the new run has begun (it may already have ended: an empty file fails at once). */
  async start(): Promise<void> {
    const run = Number(await this.status.getAttribute('data-run'));
    await this.page.getByTestId('start').click();
    await expect(this.status).toHaveAttribute('data-run', String(run + 1));
  }

  get status() {
    return this.page.getByTestId('status');
  }

  /** Waits until the run ends and returns how: done, failed or cancelled. */
  async finished(timeout = 150_000): Promise<string> {
    await expect(this.status).toHaveAttribute('data-phase', /^(done|failed|cancelled)$/, { timeout });
    return (await this.status.getAttribute('data-phase')) ?? '';
  }

  /** Decodes a file with the app's media worker through the test hook (src/app/test-hook.ts). */
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
        text: item.querySelector('.text')?.textContent ?? '',
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
