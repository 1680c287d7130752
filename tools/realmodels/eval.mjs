#!/usr/bin/env node
// @ts-check
/**
 * `npm run eval:real`: the real Whisper models (from `npm run models:real`) on the clips of
 * ../shared/media that have a reference, through the app's production build in Chromium (WASM) and
 * through faster-whisper (the seed's engine, CPU, fp32 and int8) on the same files, in two sets:
 * - English: tiny.en on every English clip (speech/en, the JFK video, the LJ Speech concat) and the
 *   silence clip, language en;
 * - Russian: the multilingual base on speech/ru, the language left to each engine's detection.
 * Scored by realmodels/score.py (Whisper's normalisers, WER, segment starts, LJ Speech utterance
 * starts, silence, detected languages), which prints the tables and the `real-speech:` lines and
 * exits 1 when a bar is missed. Also records faster-whisper's segments and words on the JFK video,
 * which e2e/real-whisper.spec.ts compares the app with, in tools/realmodels/fixtures/.
 *
 *   npm run eval:real                       # everything (about 4 minutes on the 2-core machine)
 *   npm run eval:real -- --clips jfk,LJ001  # only clips whose path contains one of these
 *   npm run eval:real -- --shared DIR       # the project's shared/ folder (default ../shared)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHub } from '../hub/server.mjs';
import { serveProductionBuild, transcribeWithApp } from './eval-app.mjs';
import { MODELS } from './models.mjs';
import { run, ToolError } from './util.mjs';
import { ensureVenv } from './venv.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const CACHE = join(ROOT, '.cache', 'realmodels');
const OUT = join(CACHE, 'eval');
/** @param {string} key */
const model = (key) => /** @type {(typeof MODELS)[number]} */ (MODELS.find((m) => m.key === key));
const FIXTURES = join(HERE, 'fixtures');
/** The clip e2e/real-whisper.spec.ts transcribes; its faster-whisper segments and words become the fixture. */
const SPEC_CLIP = 'derived/jfk_speech_video.mp4';
const SILENCE_CLIP = 'derived/silence_10s.wav';
const APP_PORT = Number(process.env.EVAL_APP_PORT ?? 4380);
const HUB_PORT = Number(process.env.EVAL_HUB_PORT ?? 18380);

/**
 * @typedef {{ path: string, duration_s: number, reference?: string | null, language?: string, segments?: { id: string, text: string }[] }} ManifestFile
 */

/**
 * The evaluation's sets. English: speech with a reference, the JFK video, the LJ Speech concat,
 * silence. Russian: speech/ru with a reference, language detected (null).
 * @param {ManifestFile[]} files
 */
function chooseSets(files) {
  const english = files.filter(
    (f) =>
      f.reference &&
      f.language === 'en' &&
      (f.path.startsWith('speech/en/') || f.path === SPEC_CLIP || /^long\/ljspeech_.*_concat\.flac$/.test(f.path)),
  );
  const silence = files.filter((f) => f.path === SILENCE_CLIP);
  const russian = files.filter((f) => f.reference && f.language === 'ru' && f.path.startsWith('speech/ru/'));
  return [
    {
      name: 'en',
      model: model('tiny.en'),
      language: 'en',
      clips: [...english.map((f) => ({ ...f, role: 'speech' })), ...silence.map((f) => ({ ...f, role: 'silence' }))],
    },
    { name: 'ru', model: model('base'), language: null, clips: russian.map((f) => ({ ...f, role: 'speech' })) },
  ];
}

async function main() {
  const { values: args } = parseArgs({ options: { clips: { type: 'string' }, shared: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (args.help) {
    console.log('npm run eval:real -- [--clips SUBSTRING,…] [--shared DIR]');
    return;
  }
  const media = join(resolve(args.shared ?? join(ROOT, '..', 'shared')), 'media');
  const manifestPath = join(media, 'manifest.json');
  if (!existsSync(manifestPath)) throw new ToolError(`${manifestPath} not found: the evaluation reads the project's shared media (--shared DIR)`);
  const hubRoot = join(CACHE, 'hub');

  /** @type {ManifestFile[]} */
  const manifestFiles = JSON.parse(readFileSync(manifestPath, 'utf8')).files;
  const wanted = args.clips?.split(',').filter(Boolean);
  const sets = chooseSets(manifestFiles)
    .map((set) => ({
      ...set,
      clips: set.clips.filter((c) => !wanted || wanted.some((w) => c.path.includes(w))).map((c) => ({ ...c, abs_path: join(media, c.path) })),
    }))
    .filter((set) => set.clips.length > 0);
  if (sets.length === 0) throw new ToolError(`no clip matches --clips ${args.clips}`);
  for (const set of sets) {
    if (!existsSync(join(hubRoot, set.model.repo, 'onnx', 'encoder_model_quantized.onnx')) || !existsSync(join(CACHE, 'ct2', set.model.key, 'model.bin'))) {
      throw new ToolError(`${set.model.repo} is not converted yet: run \`npm run models:real\` first`);
    }
  }
  mkdirSync(OUT, { recursive: true });
  const loadBefore = loadavg();
  const allClips = sets.flatMap((set) => set.clips);
  console.log(`eval:real: ${allClips.length} clips, ${allClips.reduce((s, c) => s + c.duration_s, 0).toFixed(0)} s of audio`);

  // Native first: the app's build and browser would compete for the same two cores.
  const python = ensureVenv(CACHE);
  const env = { PYTHONPATH: HERE };
  /** @type {Record<string, Record<string, any>>} set → compute type → faster-whisper's output */
  const native = {};
  for (const set of sets) {
    native[set.name] = {};
    for (const computeType of ['float32', 'int8']) {
      const out = join(OUT, `faster-whisper-${set.name}-${computeType}.json`);
      const files = set.clips.map((c) => c.abs_path);
      run(python, ['-m', 'realmodels.native', join(CACHE, 'ct2', set.model.key), computeType, out, '--language', set.language ?? 'auto', ...files], { env });
      native[set.name][computeType] = JSON.parse(readFileSync(out, 'utf8'));
    }
  }

  const hub = await startHub({ port: HUB_PORT, roots: [hubRoot] });
  /** @type {Record<string, Record<string, any>>} set → file → the app's run */
  const app = {};
  try {
    console.log('eval:real: vite build (production) …');
    const server = await serveProductionBuild({ outDir: join(OUT, 'dist'), port: APP_PORT, hubUrl: hub.url });
    try {
      for (const set of sets) {
        app[set.name] = await transcribeWithApp({
          appUrl: server.url,
          hubUrl: hub.url,
          repo: set.model.repo,
          files: set.clips.map((c) => c.abs_path),
          detectLanguage: set.language === null,
        });
      }
    } finally {
      await server.close();
    }
  } finally {
    await hub.close();
  }

  const ljFiles = Object.fromEntries(
    manifestFiles.filter((f) => /^speech\/en\/LJ\d{3}-\d{4}\.flac$/.test(f.path)).map((f) => [basename(f.path, '.flac'), join(media, f.path)]),
  );
  const runFile = join(OUT, 'run.json');
  const record = {
    machine: {
      cpus: availableParallelism(),
      load_before: loadBefore.map((l) => l.toFixed(2)).join(' '),
      load_after: loadavg().map((l) => l.toFixed(2)).join(' '),
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      faster_whisper: '1.2.1 (ctranslate2 4.8.5)',
    },
    utterance_files: ljFiles,
    sets: sets.map((set) => ({
      name: set.name,
      repo: set.model.repo,
      model_source: set.model.source,
      language: set.language,
      clips: set.clips.map((c) => ({
        path: c.path,
        abs_path: c.abs_path,
        role: c.role,
        duration_s: c.duration_s,
        language: c.language,
        reference: c.reference ?? '',
        utterances: c.segments ?? null,
        app: app[set.name][c.abs_path],
        fp32: native[set.name].float32.files[c.abs_path],
        int8: native[set.name].int8.files[c.abs_path],
      })),
    })),
  };
  writeFileSync(runFile, JSON.stringify(record, null, 1));

  const english = record.sets.find((set) => set.name === 'en');
  const spec = english?.clips.find((c) => c.path === SPEC_CLIP);
  if (spec) {
    mkdirSync(FIXTURES, { recursive: true });
    const fixture = join(FIXTURES, 'jfk-faster-whisper.json');
    const segments = spec.fp32.segments.map((/** @type {any} */ s) => ({
      start: s.start,
      end: s.end,
      text: s.text,
      words: s.words.map((/** @type {any} */ w) => ({ word: w.word, start: w.start, end: w.end })),
    }));
    const note = `faster-whisper 1.2.1, tiny.en from ${model('tiny.en').source}, CPU float32, greedy, language en, VAD off; written by npm run eval:real`;
    writeFileSync(fixture, JSON.stringify({ clip: SPEC_CLIP, engine: note, segments }, null, 2) + '\n');
    console.log(`eval:real: wrote ${fixture}`);
  }

  run(python, ['-m', 'realmodels.score', runFile, join(OUT, 'report.md')], { env });
}

main().catch((error) => {
  console.error(error instanceof ToolError ? `eval:real: ${error.message}` : error);
  process.exit(1);
});
