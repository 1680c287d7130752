/**
 * A gate for progress reports: open at most once per `intervalMs`, so a worker or a download
 * loop does not flood the UI thread with messages it cannot render that fast. A report that must
 * arrive (the last one, at 100 %) passes with `force`.
 */
export function progressGate(intervalMs: number, now: () => number = () => performance.now()): (force?: boolean) => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return (force = false) => {
    const at = now();
    if (!force && at - last < intervalMs) return false;
    last = at;
    return true;
  };
}

/** How often progress crosses to the UI: about ten times a second is smooth and cheap. */
export const PROGRESS_INTERVAL_MS = 100;
