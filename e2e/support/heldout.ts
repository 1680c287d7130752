import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generated, REPO_ROOT } from './paths';

export interface HeldOutItem {
  file: string;
  language: string;
}

/**
 * The test model's held-out utterances (tools/testmodel/testmodel/heldout.py: sentences none of the
 * training pool has, new voices and seeds), `perLanguage` short windows per language, each
 * converted to a WAV file the app can open. Cached in .cache/e2e-media.
 */
export function heldOutUtterances(perLanguage: number): HeldOutItem[] {
  const dir = generated(`heldout-${perLanguage}`);
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    execFileSync('/usr/bin/python3', ['-m', 'testmodel.heldout', '--out', dir, '--per-language', String(perLanguage), '--long-s', '5'], {
      cwd: path.join(REPO_ROOT, 'tools', 'testmodel'),
      env: { ...process.env, PYTHONPATH: '.' },
      stdio: 'inherit',
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    sample_rate: number;
    items: { file: string; kind: string; language: string }[];
  };
  return manifest.items
    .filter((item) => item.kind === 'window')
    .map((item) => {
      const raw = path.join(dir, item.file);
      const wav = raw.replace(/\.f32$/, '.wav');
      if (!existsSync(wav)) {
        execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'f32le', '-ar', String(manifest.sample_rate), '-ac', '1', '-i', raw, wav]);
      }
      return { file: wav, language: item.language };
    });
}
