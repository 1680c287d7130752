import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The test build the suite runs against (`vite build --mode test`: the app plus its test entry; vite.config.ts). */
export const TEST_BUILD_DIR = path.join(REPO_ROOT, 'dist-test');
/** Media the e2e setup generates; kept between runs (it is deterministic) and never committed. */
export const GENERATED_DIR = path.join(REPO_ROOT, '.cache', 'e2e-media');
/** Evaluation media shared between projects on this machine, outside the repository. */
export const SHARED_MEDIA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'media');
export const MAKE_MEDIA_SCRIPT = path.join(REPO_ROOT, 'tools', 'testmodel', 'make_media.py');

export const sharedMediaAvailable = (): boolean => existsSync(path.join(SHARED_MEDIA_DIR, 'manifest.json'));

export const generated = (name: string): string => path.join(GENERATED_DIR, name);
