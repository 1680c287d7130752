/**
 * whisper-synth as transformers.js sees it, against the PyTorch model it was exported from
 * (reference/whisper-synth.json, written by `python3 -m testmodel.package --reference`):
 * the log-mel front end, the encoder, and both branches of the merged decoder's If.
 * The same checks run on a copy that graph.py (the torch-free ONNX writer) builds from the
 * committed weights, with cross-attention outputs, and the two must score alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForSpeechSeq2Seq, AutoProcessor, AutoTokenizer, LogitsProcessor, LogitsProcessorList, env } from '@huggingface/transformers';

const here = dirname(fileURLToPath(import.meta.url));
const REPO = 'testmodels/whisper-synth';
const reference = JSON.parse(readFileSync(join(here, 'reference', 'whisper-synth.json'), 'utf8'));

env.allowRemoteModels = false;
const COMMITTED = join(here, 'models');
const rebuilt = mkdtempSync(join(tmpdir(), 'graph-py-'));
afterAll(() => rmSync(rebuilt, { recursive: true, force: true }));

/** The reference formula of reference.py, sample for sample. */
function referenceAudio(seconds = 4) {
  const audio = new Float32Array(seconds * 16000);
  for (let n = 0; n < audio.length; n++) {
    const t = n / 16000;
    audio[n] = 0.5 * Math.sin(2 * Math.PI * (200 * t + 150 * t * t)) + 0.1 * Math.sin(2 * Math.PI * 1234 * t);
  }
  return audio;
}

/** Records the raw logits of every step and forces the next token, so a chosen sequence is scored. */
class RecordAndForce extends LogitsProcessor {
  constructor(forced) {
    super();
    this.forced = forced;
    this.steps = [];
  }
  _call(inputIds, logits) {
    const data = logits[0].data;
    this.steps.push(Float32Array.from(data));
    const next = this.forced[this.steps.length - 1];
    if (next !== undefined) {
      data.fill(-Infinity);
      data[next] = 0;
    }
    return logits;
  }
}

function expectTopLogits(actual, expected, tolerance) {
  for (const [i, id] of expected.ids.entries()) {
    expect(Math.abs(actual[id] - expected.logits[i])).toBeLessThan(tolerance);
  }
  const best = actual.indexOf(Math.max(...actual));
  expect(best).toBe(expected.ids[0]);
}

/** Both decoder steps' raw logits for the reference prefix, then the reference's second token. */
async function scoreReference(features) {
  const model = await AutoModelForSpeechSeq2Seq.from_pretrained(REPO, { dtype: 'fp32' });
  const recorder = new RecordAndForce([reference.second_step_token]);
  const processors = new LogitsProcessorList();
  processors.push(recorder);
  await model.generate({
    inputs: features,
    decoder_input_ids: reference.prefix,
    max_new_tokens: 2,
    logits_processor: processors,
  });
  await model.dispose();
  return recorder.steps;
}

const scored = {};

describe.each([
  ['the committed export', () => COMMITTED],
  [
    'graph.py rebuilding it from its weights (with cross-attentions)',
    () => {
      execFileSync('/usr/bin/python3', ['-m', 'testmodel.rebuild', '--model', join(COMMITTED, REPO), '--out', join(rebuilt, REPO), '--cross-attentions'], {
        cwd: here,
        env: { ...process.env, PYTHONPATH: '.' },
      });
      return rebuilt;
    },
  ],
])('whisper-synth in transformers.js: %s', (label, root) => {
  let processor;
  let features;
  beforeAll(async () => {
    env.localModelPath = `${root()}/`;
    processor = await AutoProcessor.from_pretrained(REPO);
    features = (await processor(referenceAudio())).input_features;
  }, 120_000);

  it('computes the same log-mel features the model was trained on', () => {
    expect(features.dims).toEqual(reference.mel_shape);
    const data = features.data;
    let worst = 0;
    reference.mel_values.forEach((value, i) => {
      worst = Math.max(worst, Math.abs(data[i * reference.mel_stride] - value));
    });
    expect(worst).toBeLessThan(2e-3);
  });

  it('scores a first step and a cached step like PyTorch (both branches of the merged decoder)', async () => {
    const steps = await scoreReference(features);
    expect(steps).toHaveLength(2);
    expectTopLogits(steps[0], reference.first_step_last_logits, 2e-2);
    expectTopLogits(steps[1], reference.second_step_logits, 2e-2);
    scored[label] = steps;
  }, 60_000);

  it('has a Whisper tokenizer that decodes words and timestamps', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(REPO);
    const ids = tokenizer.encode(' the cat sees', { add_special_tokens: false });
    expect(ids).toHaveLength(3);
    expect(tokenizer.decode(ids)).toBe(' the cat sees');
    const timestampBegin = tokenizer.timestamp_begin;
    const generation = JSON.parse(readFileSync(join(here, 'models', REPO, 'generation_config.json'), 'utf8'));
    expect(timestampBegin).toBe(generation.no_timestamps_token_id + 1);
    const [text, { chunks }] = tokenizer._decode_asr(
      [{ tokens: [BigInt(timestampBegin + 25), ...ids.map(BigInt), BigInt(timestampBegin + 100)] }],
      { return_timestamps: true, time_precision: 0.02, force_full_sequences: false },
    );
    expect(text.trim()).toBe('the cat sees');
    expect(chunks[0].timestamp).toEqual([0.5, 2]);
  });
});

describe('graph.py', () => {
  it('computes what the PyTorch export computes, logit for logit', () => {
    const [committed, rebuiltSteps] = Object.values(scored);
    expect(committed && rebuiltSteps, 'both models were scored above').toBeTruthy();
    for (const [step, want] of committed.entries()) {
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(rebuiltSteps[step][i] - want[i]));
      expect(worst).toBeLessThan(1e-4);
    }
  });
});
