/**
 * A fetch the user confirmed just before the page reloaded to widen its Content-Security-Policy
 * (library.svelte.ts `confirmSource`): kept for this tab only (sessionStorage), taken once.
 */
import type { ModelSourceSpec } from '../types';
import { parseModelSource, serializeModelSource } from './model-source';

const KEY = 'video-to-text:pending-model-source';

export function savePendingSource(spec: ModelSourceSpec): void {
  try {
    sessionStorage.setItem(KEY, serializeModelSource(spec));
  } catch {
    // Storage blocked: after the reload the user starts the download again.
  }
}

/** The pending settings block, removed as it is read; null when there is none (or it no longer parses). */
export function takePendingSource(): ModelSourceSpec | null {
  try {
    const text = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return text ? parseModelSource(text) : null;
  } catch {
    return null;
  }
}
