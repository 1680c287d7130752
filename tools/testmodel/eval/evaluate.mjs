#!/usr/bin/env node
/**
 * Measures the bars of whisper-synth through @huggingface/transformers in Node, loading the model
 * from a local folder exactly as the Hub layout has it (env.allowRemoteModels = false).
 *
 *   node tools/testmodel/eval/evaluate.mjs --heldout DIR [--models tools/testmodel/models]
 *        [--repo testmodels/whisper-synth] [--dtype fp32|q8] [--limit N] [--json out.json]
 *
 * DIR comes from `python3 -m testmodel.heldout --out DIR` (new sentences and seeds). Reports WER per
 * language (language given, and without a language for a subset), the one-step language probe,
 * the median |segment start − truth| and the long-form recording (chunk_length_s from the model's
 * own preprocessor_config.json) with a check that no timestamp goes backwards. The long-form
 * recording is also transcribed the way the app does it (src/features/transcribe/longform.ts:
 * one window at a time, the next window starting where the last finished segment ends), reported
 * beside the pipeline's overlapping-chunk merge.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AutoModelForSpeechSeq2Seq, AutoProcessor, env, pipeline, Tensor } from '@huggingface/transformers';
import { MonotonicTimestamps } from '../../../src/features/transcribe/monotonic-timestamps.js';
import { normalizeWords, wordEdits } from './wer.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    heldout: { type: 'string' },
    models: { type: 'string', default: resolve(here, '../models') },
    repo: { type: 'string', default: 'testmodels/whisper-synth' },
    dtype: { type: 'string', default: 'fp32' },
    limit: { type: 'string', default: '1000' },
    'no-language-subset': { type: 'string', default: '20' },
    json: { type: 'string' },
  },
});
if (!args.heldout) throw new Error('--heldout DIR is required (python3 -m testmodel.heldout --out DIR)');

env.allowRemoteModels = false;
env.localModelPath = resolve(args.models) + '/';
const limit = Number(args.limit);
const manifest = JSON.parse(readFileSync(join(args.heldout, 'manifest.json'), 'utf8'));
const load = (file) => {
  const bytes = readFileSync(join(args.heldout, file));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

/** The app's window planner, transpiled from its TypeScript source (Node 20 cannot run .ts itself). */
async function loadPlanWindow() {
  const source = readFileSync(resolve(here, '../../../src/features/transcribe/longform.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const dir = mkdtempSync(join(tmpdir(), 'longform-'));
  try {
    writeFileSync(join(dir, 'longform.mjs'), outputText);
    return (await import(pathToFileURL(join(dir, 'longform.mjs')).href)).planWindow;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const planWindow = await loadPlanWindow();

const asr = await pipeline('automatic-speech-recognition', args.repo, { dtype: args.dtype, device: 'cpu' });
const model = asr.model;
const processor = asr.processor;
const generation = model.generation_config;
const windowS = processor.feature_extractor.config.chunk_length;
// see src/features/transcribe/monotonic-timestamps.js: without it a pass can repeat forever (the q8 files do it)
const timestampRule = () => [new MonotonicTimestamps(generation.no_timestamps_token_id + 1, generation.eos_token_id)];
// One decoding pass per window, as the app's worker does (src/features/transcribe/window-run.ts): with
// `return_timestamps` and no `max_new_tokens`, transformers.js runs a seek loop inside every window
// that decodes the audio after the last finished segment a second time.
const maxNewTokens = model.config.max_target_positions - 4;
const decode = (extra = {}) => ({ return_timestamps: true, max_new_tokens: maxNewTokens, logits_processor: timestampRule(), ...extra });
const languageOfToken = new Map(Object.entries(generation.lang_to_id).map(([tok, id]) => [id, tok.slice(2, -2)]));

/** One decoder step after <|startoftranscript|>; the most likely language token wins. */
async function probeLanguage(audio) {
  const { input_features } = await processor(audio);
  const start = new Tensor('int64', BigInt64Array.from([BigInt(generation.decoder_start_token_id)]), [1, 1]);
  const { logits } = await model({ input_features, decoder_input_ids: start });
  const row = logits.data;
  let best = -1;
  let bestLogit = -Infinity;
  for (const id of languageOfToken.keys()) {
    if (row[id] > bestLogit) [best, bestLogit] = [id, row[id]];
  }
  return languageOfToken.get(best);
}

/** Long-form as the app's worker runs it (src/features/transcribe/window-loop.ts): window after window. */
async function appLongForm(audio, language) {
  const rate = processor.feature_extractor.config.sampling_rate;
  const windowSamples = Math.round(windowS * rate);
  const segments = [];
  let offset = 0;
  while (offset < audio.length) {
    const slice = audio.subarray(offset, offset + windowSamples);
    const isLast = offset + windowSamples >= audio.length;
    const out = await asr(slice, decode({ language }));
    const plan = planWindow(out.chunks ?? [], { offsetS: offset / rate, windowS: slice.length / rate, isLast });
    segments.push(...plan.segments);
    offset = Math.round(plan.nextOffsetS * rate);
  }
  return segments;
}

/** Segments whose start lies before the previous end, or whose end lies before their start. */
function countBackwards(spans) {
  let backwards = 0;
  let previous = -Infinity;
  for (const [s, e] of spans) {
    if (s < previous || (e !== null && e < s)) backwards++;
    previous = e ?? s;
  }
  return backwards;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const results = {};
const t0 = Date.now();
/** Progress on stderr, so a slow run (a loaded machine, q8 kernels) is not mistaken for a stalled one. */
const progress = (what) => console.error(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${what}`);
for (const language of ['en', 'ru']) {
  const items = manifest.items.filter((i) => i.language === language && i.kind === 'window').slice(0, limit);
  let edits = 0, words = 0, probeRight = 0, editsNoLang = 0, wordsNoLang = 0;
  const startErrors = [];
  const transcripts = [];
  for (const [n, item] of items.entries()) {
    const audio = load(item.file);
    const reference = item.segments.map((s) => s.text).join(' ');
    const out = await asr(audio, decode({ language }));
    const ref = normalizeWords(reference);
    edits += wordEdits(ref, normalizeWords(out.text));
    words += ref.length;
    transcripts.push({ file: item.file, reference, hypothesis: out.text, chunks: out.chunks });
    for (const truth of item.segments) {
      const starts = out.chunks.map((c) => c.timestamp[0]).filter((s) => s !== null);
      if (starts.length) startErrors.push(Math.min(...starts.map((s) => Math.abs(s - truth.start))));
    }
    if ((await probeLanguage(audio)) === language) probeRight++;
    if ((n + 1) % 25 === 0) progress(`${language}: ${n + 1}/${items.length} utterances`);
    if (n < Number(args['no-language-subset'])) {
      const free = await asr(audio, decode());
      editsNoLang += wordEdits(ref, normalizeWords(free.text));
      wordsNoLang += ref.length;
    }
  }
  const long = manifest.items.find((i) => i.language === language && i.kind === 'long');
  progress(`${language}: long-form ${long.duration_s.toFixed(0)} s`);
  const longOut = await asr(load(long.file), decode({ language, chunk_length_s: windowS }));
  const longRef = normalizeWords(long.segments.map((s) => s.text).join(' '));
  const appSegments = await appLongForm(load(long.file), language);
  const appText = appSegments.map((s) => s.text).join(' ');
  results[language] = {
    utterances: items.length,
    wer: edits / words,
    wer_without_language: wordsNoLang ? editsNoLang / wordsNoLang : null,
    utterances_without_language: Math.min(items.length, Number(args['no-language-subset'])),
    language_probe_accuracy: probeRight / items.length,
    median_start_error_s: median(startErrors),
    long_duration_s: long.duration_s,
    long_wer: wordEdits(longRef, normalizeWords(longOut.text)) / longRef.length,
    long_segments: longOut.chunks.length,
    long_backwards_timestamps: countBackwards(longOut.chunks.map((c) => c.timestamp)),
    app_long_wer: wordEdits(longRef, normalizeWords(appText)) / longRef.length,
    app_long_segments: appSegments.length,
    app_long_backwards_timestamps: countBackwards(appSegments.map((s) => [s.start, s.end])),
    transcripts,
    long_transcript: { reference: long.segments, hypothesis: longOut.text, chunks: longOut.chunks },
    app_long_transcript: appSegments,
  };
}

const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
console.log(`whisper-synth (${args.repo}, dtype ${args.dtype}, window ${windowS} s) — ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log('| language | utterances | WER | WER, no language given | language probe | median start error | 2-min long-form WER (pipeline chunk_length_s) | segments | timestamps backwards | long-form WER (app windows) | segments | backwards |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [language, r] of Object.entries(results)) {
  console.log(`| ${language} | ${r.utterances} | ${pct(r.wer)} | ${pct(r.wer_without_language)} (${r.utterances_without_language}) | ${pct(r.language_probe_accuracy)} | ${r.median_start_error_s.toFixed(3)} s | ${pct(r.long_wer)} (${r.long_duration_s.toFixed(0)} s) | ${r.long_segments} | ${r.long_backwards_timestamps} | ${pct(r.app_long_wer)} | ${r.app_long_segments} | ${r.app_long_backwards_timestamps} |`);
}
// per-utterance transcripts go to the JSON only, for error analysis
if (args.json) writeFileSync(args.json, JSON.stringify({ repo: args.repo, dtype: args.dtype, window_s: windowS, results }, null, 1));
