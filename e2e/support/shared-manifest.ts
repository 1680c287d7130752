import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_MEDIA_DIR } from './paths';

/** The parts of ../shared/media/manifest.json these tests read. */
export interface ManifestEntry {
  path: string;
  kind: string;
  language: string;
  duration_s: number | null;
  /** What is said, for speech with a transcript. */
  reference?: string | null;
  odd?: string;
  media: { ffprobe_ok: boolean; streams?: { type: string | null; language?: string }[] };
}

export function sharedEntries(prefixes: string[]): ManifestEntry[] {
  const manifest = JSON.parse(readFileSync(path.join(SHARED_MEDIA_DIR, 'manifest.json'), 'utf8')) as {
    files: ManifestEntry[];
  };
  return manifest.files.filter((f) => prefixes.some((p) => f.path.startsWith(p)));
}

export type Expected = 'ok' | 'ok-truncated' | 'not-media' | 'truncated' | 'no-audio';

/**
 * What the app must do with a file, from what the manifest (ffprobe) says about it: refuse what
 * ffprobe cannot open (a cut download or not media at all), refuse files without audio, keep the
 * readable part of a cut file that still opens, and decode the rest.
 */
export function expectedOutcome(entry: ManifestEntry): Expected {
  if (!entry.media.ffprobe_ok) return /truncat/i.test(entry.odd ?? entry.path) ? 'truncated' : 'not-media';
  if (!entry.media.streams?.some((s) => s.type === 'audio')) return 'no-audio';
  if (/truncat/i.test(entry.odd ?? '')) return 'ok-truncated';
  return 'ok';
}
