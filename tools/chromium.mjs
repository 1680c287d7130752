/**
 * How every tool here starts Debian's Chromium (Playwright's own browser download is not available
 * on our machines): the e2e suite (playwright.config.ts), the benchmarks and the screenshot script.
 */
export const CHROMIUM_PATH = process.env.PW_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Any host other than ours fails to resolve: nothing can leave the machine even by mistake.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];
