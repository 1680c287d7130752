/**
 * What the site's storage is made of: the browser's estimate of the whole, and what each store
 * knows it holds. The estimate counts more than the stores do (space the browser has not released
 * yet, its own bookkeeping), so the rest is shown as "other" — never below zero, and never below
 * the leftovers, which it contains (an estimate can lag behind the writes it counts).
 */
export interface SiteDataInput {
  usage: number;
  /** Complete models: their files' exact sizes. */
  models: number;
  /** What unfinished downloads have stored so far. */
  partial: number;
  /** Saved transcripts (an estimate of their own). */
  transcripts: number;
  /** The app's files the service worker keeps for offline use. */
  offline: number;
  /** What Clear leftovers would delete. */
  leftovers: number;
}

export interface SiteDataParts extends Omit<SiteDataInput, 'usage'> {
  other: number;
}

export function siteDataParts({ usage, ...known }: SiteDataInput): SiteDataParts {
  const explained = known.models + known.partial + known.transcripts + known.offline;
  return { ...known, other: Math.max(usage - explained, known.leftovers, 0) };
}
