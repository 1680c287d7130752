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
 * own preprocessor_config.json) with a check that no timestamp goes backwards.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AutoModelForSpeechSeq2Seq, AutoProcessor, env, pipeline, Tensor } from '@huggingface/transformers';
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

const asr = await pipeline('automatic-speech-recognition', args.repo, { dtype: args.dtype, device: 'cpu' });
const model = asr.model;
const processor = asr.processor;
const generation = model.generation_config;
const windowS = processor.feature_extractor.config.chunk_length;
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const results = {};
const t0 = Date.now();
for (const language of ['en', 'ru']) {
  const items = manifest.items.filter((i) => i.language === language && i.kind === 'window').slice(0, limit);
  let edits = 0, words = 0, probeRight = 0, editsNoLang = 0, wordsNoLang = 0;
  const startErrors = [];
  for (const [n, item] of items.entries()) {
    const audio = load(item.file);
    const reference = item.segments.map((s) => s.text).join(' ');
    const out = await asr(audio, { return_timestamps: true, language });
    const ref = normalizeWords(reference);
    edits += wordEdits(ref, normalizeWords(out.text));
    words += ref.length;
    for (const truth of item.segments) {
      const starts = out.chunks.map((c) => c.timestamp[0]).filter((s) => s !== null);
      if (starts.length) startErrors.push(Math.min(...starts.map((s) => Math.abs(s - truth.start))));
    }
    if ((await probeLanguage(audio)) === language) probeRight++;
    if (n < Number(args['no-language-subset'])) {
      const free = await asr(audio, { return_timestamps: true });
      editsNoLang += wordEdits(ref, normalizeWords(free.text));
      wordsNoLang += ref.length;
    }
  }
  const long = manifest.items.find((i) => i.language === language && i.kind === 'long');
  const longOut = await asr(load(long.file), { return_timestamps: true, language, chunk_length_s: windowS });
  const longRef = normalizeWords(long.segments.map((s) => s.text).join(' '));
  let backwards = 0;
  let previous = -Infinity;
  for (const c of longOut.chunks) {
    const [s, e] = c.timestamp;
    if (s < previous || (e !== null && e < s)) backwards++;
    previous = e ?? s;
  }
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
    long_backwards_timestamps: backwards,
  };
}

const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
console.log(`whisper-synth (${args.repo}, dtype ${args.dtype}, window ${windowS} s) — ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log('| language | utterances | WER | WER, no language given | language probe | median start error | 2-min long-form WER | segments | timestamps backwards |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [language, r] of Object.entries(results)) {
  console.log(`| ${language} | ${r.utterances} | ${pct(r.wer)} | ${pct(r.wer_without_language)} (${r.utterances_without_language}) | ${pct(r.language_probe_accuracy)} | ${r.median_start_error_s.toFixed(3)} s | ${pct(r.long_wer)} (${r.long_duration_s.toFixed(0)} s) | ${r.long_segments} | ${r.long_backwards_timestamps} |`);
}
if (args.json) writeFileSync(args.json, JSON.stringify({ repo: args.repo, dtype: args.dtype, window_s: windowS, results }, null, 1));
