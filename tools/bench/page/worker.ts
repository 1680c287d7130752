/// <reference lib="webworker" />
/**
 * Runs one bench job with transformers.js and onnxruntime-web, the same package versions and the
 * same self-hosted runtime files as the app's transcribe worker (src/features/transcribe/worker.ts),
 * loading the model over HTTP from tools/hub. Timings are taken with performance.now() here, in
 * the worker, so postMessage and the page's main thread are not part of them.
 */
import {
  AutoModelForSpeechSeq2Seq,
  AutoProcessor,
  env,
  pipeline,
  WhisperTextStreamer,
  type AutomaticSpeechRecognitionPipeline,
  type PreTrainedModel,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import { useBundledOrtRuntime } from '../../../src/features/transcribe/ort-runtime';
import type { Common, Job, PipelineJob, PipelineResult, StepsJob, StepsResult, WorkerReply } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

env.allowLocalModels = false;
env.remotePathTemplate = '{model}/resolve/{revision}/';
// Every job downloads from the local Hub: no browser cache carries state from one job to the next.
env.useBrowserCache = false;
useBundledOrtRuntime(env);
const onnx = env.backends.onnx;

function configure(job: Job): void {
  env.remoteHost = job.hubUrl;
  if (job.threads !== null && onnx.wasm) onnx.wasm.numThreads = job.threads;
}

async function loadPcm(url: string): Promise<Float32Array> {
  const response = await fetch(url);
  if (!response.ok || response.headers.get('content-type')?.includes('text/html')) {
    throw new Error(`${url}: no PCM there (HTTP ${response.status} ${response.headers.get('content-type')})`);
  }
  return new Float32Array(await response.arrayBuffer());
}

function common(loadMs: number, chunkLengthS: number): Common {
  return { loadMs, threads: onnx.wasm?.numThreads ?? 0, crossOriginIsolated: self.crossOriginIsolated, chunkLengthS };
}

/** language/task only for multilingual models (transformers.js refuses them for English-only ones). */
function languageOptions(model: PreTrainedModel): { language?: string; task?: string } {
  const generation = model.generation_config as { is_multilingual?: boolean } | null;
  return generation?.is_multilingual ? { language: 'en', task: 'transcribe' } : {};
}

/**
 * A streamer that only notes when generate() hands it tokens: once with the prompt right after the
 * encoder has run, then once per decoder step. The gaps are the encoder and per-step times.
 */
class StepClock {
  readonly stamps: number[] = [];
  put(): void {
    this.stamps.push(performance.now());
  }
  end(): void {}
}

async function runSteps(job: StepsJob): Promise<StepsResult> {
  const started = performance.now();
  const [processor, model] = await Promise.all([
    AutoProcessor.from_pretrained(job.repo) as Promise<Processor>,
    AutoModelForSpeechSeq2Seq.from_pretrained(job.repo, { device: job.device, dtype: job.dtype as never }),
  ]);
  const loadMs = performance.now() - started;
  const featureConfig = processor.feature_extractor?.config as { chunk_length: number; sampling_rate: number };
  const windowSamples = featureConfig.chunk_length * featureConfig.sampling_rate;
  const pcm = await loadPcm(job.pcmUrl);
  const result: StepsResult = {
    kind: 'steps',
    ...common(loadMs, featureConfig.chunk_length),
    featureMs: [],
    encoderMs: [],
    firstStepMs: [],
    tokenMs: [],
    warmupWindowMs: null,
  };
  const first = job.warmup ? -1 : 0;
  for (let w = first; w < job.windows; w++) {
    const offset = ((w - first) * windowSamples) % Math.max(1, pcm.length - windowSamples);
    const t0 = performance.now();
    const { input_features } = (await processor(pcm.subarray(offset, offset + windowSamples))) as { input_features: Tensor };
    const t1 = performance.now();
    const clock = new StepClock();
    await model.generate({
      inputs: input_features,
      max_new_tokens: job.tokens,
      min_new_tokens: job.tokens,
      streamer: clock,
      ...languageOptions(model),
    } as never);
    const [afterEncoder, ...steps] = clock.stamps;
    if (afterEncoder === undefined || steps.length !== job.tokens) {
      throw new Error(`expected ${job.tokens} decoder steps, saw ${steps.length}`);
    }
    if (w < 0) {
      result.warmupWindowMs = steps.at(-1)! - t0;
      continue;
    }
    result.featureMs.push(t1 - t0);
    result.encoderMs.push(afterEncoder - t1);
    result.firstStepMs.push(steps[0]! - afterEncoder);
    for (let i = 1; i < steps.length; i++) result.tokenMs.push(steps[i]! - steps[i - 1]!);
  }
  await model.dispose();
  return result;
}

/**
 * whisper-web's worker (xenova/whisper-web src/worker.js): pipeline() with device and dtype only,
 * then the pipeline call with greedy decoding, chunk_length_s 30, stride_length_s 5, timestamps,
 * and a WhisperTextStreamer that posts the growing chunk list to the page on every piece of text.
 * The only addition is the forced token count, where the job gives one.
 */
async function runPipeline(job: PipelineJob): Promise<PipelineResult> {
  const started = performance.now();
  const transcriber = (await pipeline('automatic-speech-recognition', job.repo, {
    device: job.device,
    dtype: job.dtype as never,
  })) as AutomaticSpeechRecognitionPipeline;
  const loadMs = performance.now() - started;
  const featureConfig = transcriber.processor.feature_extractor?.config as { chunk_length: number; sampling_rate: number };
  const modelConfig = transcriber.model.config as unknown as { max_source_positions: number };
  const pcm = await loadPcm(job.pcmUrl);

  const chunks: { text: string; timestamp: [number, number | null]; offset: number; finalised: boolean }[] = [];
  let chunkCount = 0;
  let tokens = 0;
  let windows = 0;
  let firstText: number | null = null;
  const t0 = performance.now();
  const streamer = new WhisperTextStreamer(transcriber.tokenizer, {
    time_precision: featureConfig.chunk_length / modelConfig.max_source_positions,
    on_chunk_start: (x: number) => {
      const offset = (job.chunkLengthS - job.strideLengthS) * chunkCount;
      chunks.push({ text: '', timestamp: [offset + x, null], finalised: false, offset });
    },
    // Called with the prompt too (several ids at once); generated tokens come one by one.
    token_callback_function: (ids: bigint[]) => {
      if (ids.length === 1) tokens++;
    },
    callback_function: (text: string) => {
      firstText ??= performance.now() - t0;
      const last = chunks.at(-1);
      if (!last) return;
      last.text += text;
      self.postMessage({ status: 'update', data: { text: '', chunks } });
    },
    on_chunk_end: (x: number) => {
      const last = chunks.at(-1);
      if (!last) return;
      last.timestamp[1] = x + last.offset;
      last.finalised = true;
    },
    on_finalize: () => {
      windows++;
      chunkCount++;
    },
  });
  const output = (await transcriber(pcm, {
    top_k: 0,
    do_sample: false,
    chunk_length_s: job.chunkLengthS,
    stride_length_s: job.strideLengthS,
    ...languageOptions(transcriber.model),
    return_timestamps: true,
    force_full_sequences: false,
    streamer,
    ...(job.tokens === null ? {} : { min_new_tokens: job.tokens, max_new_tokens: job.tokens }),
  } as never)) as { text: string } | { text: string }[];
  const totalMs = performance.now() - t0;
  await transcriber.dispose();
  return {
    kind: 'pipeline',
    ...common(loadMs, featureConfig.chunk_length),
    audioS: pcm.length / featureConfig.sampling_rate,
    totalMs,
    firstTextMs: firstText,
    windows,
    tokens,
    text: (Array.isArray(output) ? output : [output]).map((o) => o.text).join(' '),
  };
}

self.addEventListener('message', (event: MessageEvent<Job>) => {
  const job = event.data;
  configure(job);
  const run = job.kind === 'steps' ? runSteps(job) : runPipeline(job);
  run.then(
    (result) => self.postMessage({ ok: true, result } satisfies WorkerReply),
    (error: unknown) =>
      self.postMessage({ ok: false, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) } satisfies WorkerReply),
  );
});
