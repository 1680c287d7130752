#!/usr/bin/env node
/**
 * What the merged decoder's If saves: milliseconds per generated token when the cross-attention
 * keys/values come from the cache (use_cache_branch = true, as transformers.js runs every step after
 * the first) against recomputing them from the encoder states on every token (the else branch, which
 * is what a merged decoder without the If would do). The else branch takes no past at all, so that
 * mode feeds the whole prefix each step; re-running self-attention over a few dozen tokens is small
 * beside projecting 1500 encoder positions to keys and values in every layer.
 *
 *   node tools/testmodel/eval/decoder-step-cost.mjs [--models DIR] [--repo testmodels/whisper-base-random] [--tokens 40]
 */
import { dirname, join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    models: { type: 'string', default: resolve(here, '../models') },
    repo: { type: 'string', default: 'testmodels/whisper-base-random' },
    tokens: { type: 'string', default: '40' },
    threads: { type: 'string', default: '1' },
  },
});
const folder = join(args.models, args.repo);
const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8'));
const layers = config.decoder_layers;
const heads = config.decoder_attention_heads;
const headDim = config.d_model / heads;
const sourcePositions = config.max_source_positions;
const session = await ort.InferenceSession.create(join(folder, 'onnx', 'decoder_model_merged.onnx'), {
  intraOpNumThreads: Number(args.threads),
});

const f32 = (dims) => new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
const encoderStates = new ort.Tensor('float32', Float32Array.from({ length: sourcePositions * config.d_model }, (_, i) => Math.sin(i)), [1, sourcePositions, config.d_model]);

async function run(cacheCrossAttention) {
  const past = {};
  for (let i = 0; i < layers; i++) {
    for (const kv of ['key', 'value']) {
      past[`past_key_values.${i}.decoder.${kv}`] = f32([1, heads, 0, headDim]);
      past[`past_key_values.${i}.encoder.${kv}`] = f32([1, heads, 0, headDim]);
    }
  }
  let ids = [config.decoder_start_token_id, config.decoder_start_token_id + 1, config.decoder_start_token_id + 101];
  let first = true;
  const times = [];
  for (let step = 0; step < Number(args.tokens); step++) {
    const feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
      encoder_hidden_states: encoderStates,
      use_cache_branch: new ort.Tensor('bool', [!first && cacheCrossAttention], [1]),
      ...past,
    };
    const started = performance.now();
    const out = await session.run(feeds);
    if (!first) times.push(performance.now() - started);
    if (cacheCrossAttention) {
      for (const name of Object.keys(past)) past[name] = out[name.replace('past_key_values', 'present')];
    }
    ids = cacheCrossAttention ? [220] : [...ids, 220];
    first = false;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const cached = await run(true);
const recomputed = await run(false);
console.log(`| model | threads | ms/token, cross K/V cached (If) | ms/token, recomputed every token | ratio |`);
console.log(`|---|---|---|---|---|`);
console.log(`| ${args.repo} | ${args.threads} | ${cached.toFixed(1)} | ${recomputed.toFixed(1)} | ${(recomputed / cached).toFixed(1)}× |`);
