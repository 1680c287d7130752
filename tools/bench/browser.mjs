// @ts-check
/**
 * Debian's Chromium through Playwright, with the e2e suite's flags, and a memory sampler that
 * reads the proportional set size (Pss, so shared pages count once) of every process of this
 * browser from /proc, plus the page's main-thread JS heap through the DevTools protocol.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';


/**
 * A browser with its own profile folder (so its processes can be found, and model storage lasts
 * for the context's life). `webgpu` adds --enable-unsafe-webgpu (SwiftShader on machines without a GPU).
 * @param {{ webgpu?: boolean }} [options]
 */
export async function launch({ webgpu = false } = {}) {
  const profile = mkdtempSync(join(resolve('.cache/bench'), 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: webgpu ? [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] : CHROMIUM_ARGS,
  });
  return {
    context,
    profile,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** @returns {Map<number, { ppid: number, cmdline: string }>} */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      table.set(Number(entry), { ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/** Pids of the browser started with this profile and all of its descendants. @param {string} profile */
export function browserPids(profile) {
  const table = processTable();
  const pids = new Set([...table].filter(([, p]) => p.cmdline.includes(profile) && !p.cmdline.includes('--type=')).map(([pid]) => pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of table) {
      if (!pids.has(pid) && pids.has(p.ppid)) {
        pids.add(pid);
        grew = true;
      }
    }
  }
  return [...pids];
}

/** @param {number} pid @returns {number} bytes */
function pss(pid) {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples memory every `intervalMs` until stopped; returns the peaks. Each sample reads
 * /proc/PID/smaps_rollup of every browser process, which walks their page tables: on 2 cores, with
 * ~1.7 GB mapped, sampling every 250 ms took about 12 s of a 150 s run (measured: 154 s sampled,
 * 142 s not), so long runs sample less often.
 * @param {string} profile
 * @param {import('@playwright/test').Page} page
 */
export async function sampleMemory(profile, page, intervalMs = 250) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakPss = 0;
  let peakHeap = 0;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      peakPss = Math.max(peakPss, browserPids(profile).reduce((sum, pid) => sum + pss(pid), 0));
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, usedSize, heap);
    } catch {
      // The page navigated or closed between samples.
    } finally {
      busy = false;
    }
  };
  await tick();
  const timer = setInterval(tick, intervalMs);
  return {
    /** @returns {Promise<{ peakPss: number, peakHeap: number }>} */
    async stop() {
      clearInterval(timer);
      await tick();
      await cdp.detach().catch(() => undefined);
      return { peakPss, peakHeap };
    },
  };
}
