/**
 * tools/realmodels: the CTranslate2 reader and weight mapping (always), and the converted real models
 * in transformers.js, served by tools/hub under their real repo ids (only where `npm run models:real`
 * has filled .cache/realmodels; skipped with a message otherwise).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, pipeline } from '@huggingface/transformers';
import { startHub } from '../hub/server.mjs';
import { CHECK_AUDIO, MODELS } from './models.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
const CACHE = resolve(process.env.REALMODELS_CACHE ?? join(ROOT, '.cache', 'realmodels'));
const HUB_ROOT = join(CACHE, 'hub');
const PYTHONPATH = [join(ROOT, 'tools', 'testmodel'), join(ROOT, 'tools', 'realmodels')].join(':');

describe('CTranslate2 model.bin reader and weight mapping', () => {
  it('reads float16, int8-with-scales and float32 models and maps them onto graph.py names', () => {
    const out = execFileSync('/usr/bin/python3', ['-m', 'realmodels.selftest'], { cwd: ROOT, env: { ...process.env, PYTHONPATH }, encoding: 'utf8' });
    expect(out).toMatch(/float16: \d+ tensors/);
    expect(out).toMatch(/int8 with scales: \d+ tensors/);
    expect(out).toMatch(/truncated file refused/);
    expect(out).toMatch(/non-zero key bias refused/);
    expect(out.trim().split('\n').at(-1)).toBe('selftest ok');
  });
});

/** 16 kHz mono 16-bit PCM WAV → Float32Array. */
function readWav(path) {
  const buf = readFileSync(path);
  let pos = 12;
  let fmt = null;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    if (id === 'fmt ') fmt = { channels: buf.readUInt16LE(pos + 10), rate: buf.readUInt32LE(pos + 12), bits: buf.readUInt16LE(pos + 22) };
    if (id === 'data') {
      if (!fmt || fmt.channels !== 1 || fmt.rate !== 16000 || fmt.bits !== 16) throw new Error(`${path}: expected 16 kHz mono 16-bit PCM`);
      const samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(pos + 8 + 2 * i) / 32768;
      return samples;
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

const converted = MODELS.filter((m) => existsSync(join(HUB_ROOT, m.repo, 'onnx', 'decoder_model_merged_quantized.onnx')));
const audioPath = join(ROOT, '..', 'shared', 'media', CHECK_AUDIO);
const skipReason = !converted.length
  ? `no converted models in ${HUB_ROOT}: run \`npm run models:real\` first`
  : !existsSync(audioPath)
    ? `${audioPath} not found (the project's shared/ folder)`
    : '';
if (skipReason) console.log(`tools/realmodels: skipping the transformers.js checks: ${skipReason}`);

describe.skipIf(Boolean(skipReason))('converted real models in transformers.js, served by tools/hub', () => {
  let hub;
  let audio;
  const fsCache = mkdtempSync(join(tmpdir(), 'realmodels-tfjs-'));
  beforeAll(async () => {
    hub = await startHub({ roots: [HUB_ROOT], port: 0 });
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = `${hub.url}/`;
    // in Node transformers.js hands onnxruntime a file path from its file cache: a temporary one, so
    // nothing lands in node_modules (another checkout's, where it is a symlink)
    env.useFSCache = true;
    env.cacheDir = fsCache;
    audio = readWav(audioPath);
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(fsCache, { recursive: true, force: true });
  });

  it('serves them under their real repo ids', async () => {
    const ids = (await hub.repos()).map((r) => r.id);
    for (const m of converted) expect(ids).toContain(m.repo);
  });

  describe.each(converted)('$repo', (model) => {
    /**
     * The greedy text the tool's check (if it ran) got on the same clip: ctranslate2's for the fp32
     * files, Python onnxruntime's on the very same q8 files for q8 — quantisation may change a token
     * (whisper-base q8 drops the comma after "Americans"), which is the q8 files' doing, not the runtime's.
     */
    const stamp = join(CACHE, 'stamps', `${model.key}.check.json`);
    const report = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')).report : undefined;
    const expectedText = { fp32: report?.text_ctranslate2, q8: report?.q8?.text };
    const language = model.repo.endsWith('.en') ? {} : { language: 'en', task: 'transcribe' };

    it.each(['fp32', 'q8'])('transcribes jfk as the Python check does (%s)', async (dtype) => {
      const expected = expectedText[dtype];
      const asr = await pipeline('automatic-speech-recognition', model.repo, { dtype, device: 'cpu' });
      try {
        const { text } = await asr(audio, { ...language });
        console.log(`${model.repo} ${dtype}: ${text.trim()}`);
        if (expected) expect(text.trim()).toBe(expected);
        else expect(text.toLowerCase()).toContain('ask not what your country can do for you');
      } finally {
        await asr.dispose();
      }
    }, 180_000);

    it('gives word timestamps from the cross-attentions (q8)', async () => {
      const asr = await pipeline('automatic-speech-recognition', model.repo, { dtype: 'q8', device: 'cpu' });
      try {
        const { chunks } = await asr(audio, { ...language, return_timestamps: 'word' });
        const words = chunks.map((c) => c.text.trim().toLowerCase().replace(/[^a-z]/g, ''));
        expect(words.slice(0, 4)).toEqual(['and', 'so', 'my', 'fellow']);
        let last = 0;
        for (const { timestamp: [start, end] } of chunks) {
          expect(start).toBeGreaterThanOrEqual(last - 1e-6);
          expect(end).toBeGreaterThanOrEqual(start);
          last = start;
        }
        expect(chunks.at(-1).timestamp[1]).toBeLessThanOrEqual(11.5);
        console.log(`${model.repo} words: ${chunks.map((c) => `${c.text.trim()}@${c.timestamp[0].toFixed(2)}`).join(' ')}`);
      } finally {
        await asr.dispose();
      }
    }, 180_000);
  });
});
