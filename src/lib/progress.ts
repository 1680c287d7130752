/**
 * Time left for a stage, extrapolated from how long it took to get this far. Null while there is
 * too little progress for the guess to mean anything (the first 2 %, or the first second).
 */
export function estimateRemainingMs(elapsedMs: number, fraction: number | null): number | null {
  if (fraction === null || fraction < 0.02 || elapsedMs < 1000) return null;
  if (fraction >= 1) return 0;
  return (elapsedMs * (1 - fraction)) / fraction;
}

/** Fraction in [0, 1] from a done/total pair; null when the total is unknown. */
export function fractionOf(done: number, total: number | null): number | null {
  if (total === null || !(total > 0)) return null;
  return Math.min(1, Math.max(0, done / total));
}
