// @ts-check
/**
 * The models the bench serves through tools/hub, assembled in .cache/bench/hub from symlinks (the
 * original files are never written):
 *
 * - every file of the project's test models, plus a `decoder_model_merged_q4.onnx` made by
 *   quantize_q4.py, because whisper-web loads its decoder as q4 and our models ship fp32 and q8 only;
 * - a generation_config.json with min_new_tokens = max_new_tokens = the forced token count, so the
 *   real app (which passes no token limits) decodes as many tokens per window as the baseline is told to;
 * - the random-weight tiny and base models a second time under the ids the app's catalog offers for
 *   Whisper Tiny and Base (onnx-community/whisper-tiny, -base), so the app's own UI can pick them.
 *   They are not committed (~600 MB): the first bench run makes them with testmodel.random_models
 *   (numpy + onnx, no torch; a few seconds).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const MODELS_ROOT = resolve('tools/testmodel/models');
export const HUB_ROOT = resolve('.cache/bench/hub');
const Q4_DIR = resolve('.cache/bench/q4');

/** whisper-web's dtypes (its worker.js on WASM): the encoder in fp32, the merged decoder in q4. */
export const WHISPER_WEB_DTYPE = { encoder_model: 'fp32', decoder_model_merged: 'q4' };

/** Tokens per 30 s of audio that every end-to-end run decodes (a typical window of speech). */
export const TOKENS_PER_30S = 90;

/**
 * @typedef {object} BenchModel
 * @property {string} key short name in tables
 * @property {string} repo id in the bench hub (project test model)
 * @property {string} appRepo id the app's catalog offers for it
 * @property {string} source folder under tools/testmodel/models
 */

/** @type {BenchModel[]} */
export const BENCH_MODELS = [
  { key: 'base', repo: 'testmodels/whisper-base-random', appRepo: 'onnx-community/whisper-base', source: 'testmodels/whisper-base-random' },
  { key: 'tiny', repo: 'testmodels/whisper-tiny-random', appRepo: 'onnx-community/whisper-tiny', source: 'testmodels/whisper-tiny-random' },
  { key: 'synth', repo: 'testmodels/whisper-synth', appRepo: 'testmodels/whisper-synth', source: 'testmodels/whisper-synth' },
];

/**
 * A test model's folder under tools/testmodel/models, made first if it is a missing random-weight one.
 * @param {string} source e.g. testmodels/whisper-base-random
 */
export function testModelFolder(source) {
  const folder = join(MODELS_ROOT, source);
  if (existsSync(join(folder, 'config.json'))) return folder;
  const size = /^testmodels\/whisper-(\w+)-random$/.exec(source)?.[1];
  if (!size) throw new Error(`${folder} is missing`);
  console.log(`bench: making ${source} (random weights, testmodel.random_models)…`);
  execFileSync('/usr/bin/python3', ['-m', 'testmodel.random_models', '--sizes', size], {
    stdio: 'inherit',
    cwd: resolve('tools/testmodel'),
    env: { ...process.env, PYTHONPATH: '.' },
  });
  return folder;
}

/** @param {BenchModel} model @returns {number} the model's window length, from its preprocessor_config.json */
export function chunkLengthS(model) {
  return JSON.parse(readFileSync(join(testModelFolder(model.source), 'preprocessor_config.json'), 'utf8')).chunk_length;
}

/** @param {BenchModel} model */
export function tokensPerWindow(model) {
  return Math.round((TOKENS_PER_30S * chunkLengthS(model)) / 30);
}

/** @param {string} dir @returns {string[]} repo-relative file paths */
function filesUnder(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/**
 * A q4 copy of a merged decoder, made by quantize_q4.py once into .cache/bench/q4 and again when
 * the source is newer. Also used for the real models (real.mjs).
 * @param {string} src a decoder_model_merged.onnx
 * @param {string} stem name of the copy: `${stem}_decoder_model_merged_q4.onnx`
 * @returns {string} the q4 file
 */
export function q4Decoder(src, stem) {
  const out = join(Q4_DIR, `${stem}_decoder_model_merged_q4.onnx`);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) return out;
  mkdirSync(Q4_DIR, { recursive: true });
  console.log(`bench: quantizing ${src} to q4 (MatMulNBits)…`);
  execFileSync('/usr/bin/python3', ['tools/bench/quantize_q4.py', src, `${out}.partial`], {
    stdio: 'inherit',
    env: { ...process.env, PYTHONPATH: resolve('tools/testmodel') },
  });
  execFileSync('mv', [`${out}.partial`, out]);
  return out;
}

/**
 * A bench repo: a symlink to every file of `source` (the originals are never written) except
 * `skip`, plus `onnx/decoder_model_merged_q4.onnx` linked to `q4`.
 * @param {string} source a model folder in the Hub's layout
 * @param {string} dir the repo folder to make
 * @param {string} q4 the q4 decoder (q4Decoder)
 * @param {string[]} [skip] repo-relative paths to leave out (the caller writes its own)
 */
export function linkRepo(source, dir, q4, skip = []) {
  for (const file of filesUnder(source)) {
    if (skip.includes(file)) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    symlinkSync(join(source, file), join(dir, file));
  }
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  symlinkSync(q4, join(dir, 'onnx', 'decoder_model_merged_q4.onnx'));
}

/**
 * (Re)builds the bench hub root for the given models and returns it.
 * @param {BenchModel[]} models
 */
export function buildHubRoot(models) {
  rmSync(HUB_ROOT, { recursive: true, force: true });
  for (const model of models) {
    const source = testModelFolder(model.source);
    const q4 = q4Decoder(join(source, 'onnx', 'decoder_model_merged.onnx'), model.source.replace('/', '__'));
    const generation = JSON.parse(readFileSync(join(source, 'generation_config.json'), 'utf8'));
    const tokens = tokensPerWindow(model);
    generation.min_new_tokens = tokens;
    generation.max_new_tokens = tokens;
    for (const repo of new Set([model.repo, model.appRepo])) {
      const dir = join(HUB_ROOT, repo);
      linkRepo(source, dir, q4, ['generation_config.json', 'README.md']);
      writeFileSync(join(dir, 'generation_config.json'), `${JSON.stringify(generation, null, 2)}\n`);
    }
  }
  return HUB_ROOT;
}
