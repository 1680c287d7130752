/**
 * Long-form transcription: window after window over the PCM as it streams in, skipping silence,
 * planning each next window from the last one's segments (longform.ts), and moving to WASM in the
 * middle of a job when WebGPU fails.
 */
import { TEST_BUILD } from '../../lib/build-mode';
import { PROGRESS_INTERVAL_MS, progressGate } from '../../lib/throttle';
import type { Segment } from '../transcript';
import { TranscribeError, WebGpuError } from './errors';
import { planWindow, type WindowChunk } from './longform';
import { fallBackToWasm, type ModelSlot } from './model-loader';
import type { PcmStore } from './pcm-store';
import type { TestKnobs, TranscribeOptions, TranscribeResponse, TranscribeStats } from './protocol';
import { dropRepetitions } from './repetition';
import { startSessionTimings } from './session-info';
import { speechRegions, type SpeechRegion } from './speech-detector';
import { forcedTokenLimits, injectWebGpuFault } from './test-knobs';
import { detectLanguage, maxNewTokens, runWindow, type WindowDecoding } from './window-run';

/** A window whose speech starts later than this is moved to start just before the speech. */
const MIN_SKIP_S = 1;
/** How much silence is kept before the first speech of a window. */
const LEAD_S = 0.5;
/** A silent window advances by its length minus this, so speech right at its edge is not cut. */
const SILENT_OVERLAP_S = 0.5;
/** A segment that overlaps no detected speech by at least this much was invented in silence. */
const MIN_SPEECH_OVERLAP_S = 0.1;

export interface Job {
  id: number;
  store: PcmStore;
  options: TranscribeOptions;
  test: TestKnobs | undefined;
  sampleRate: number;
  started: number;
}

/** Does a segment (window-relative seconds) overlap detected speech? */
function overlapsSpeech(start: number, end: number, regions: readonly SpeechRegion[]): boolean {
  return regions.some((r) => Math.min(end, r.endS) - Math.max(start, r.startS) >= MIN_SPEECH_OVERLAP_S);
}

export async function transcribe(job: Job, slot: ModelSlot, post: (message: TranscribeResponse) => void): Promise<void> {
  const { id, store, options, sampleRate } = job;
  let model = await slot.model;
  const { info } = model;
  if (sampleRate !== info.samplingRate) {
    throw new TranscribeError({
      code: 'model-unsupported',
      detail: `the model expects ${info.samplingRate} Hz audio, got ${sampleRate} Hz`,
    });
  }
  const stats: TranscribeStats = {
    windows: 0,
    silentWindows: 0,
    ...startSessionTimings(),
    firstSegmentMs: null,
    totalMs: 0,
    peakHeldSamples: 0,
  };
  const windowSamples = Math.round(info.chunkLengthS * sampleRate);
  let language = options.language;
  let previous: Segment | null = options.resume?.previous ?? null;
  let offset = Math.round((options.resume?.startS ?? 0) * sampleRate);
  // The audio before a resumed job's start was transcribed before: not kept, not read.
  store.release(offset);
  const partialGate = progressGate(PROGRESS_INTERVAL_MS);

  const postProgress = (segments: Segment[]) =>
    post({ type: 'segments', id, segments, processedS: offset / sampleRate, receivedS: store.length / sampleRate });

  for (;;) {
    await store.waitFor(offset + windowSamples);
    if (offset >= store.length) break;
    stats.peakHeldSamples = Math.max(stats.peakHeldSamples, store.heldSamples);
    const pcm = store.read(offset, windowSamples);
    const isLast = store.ended && offset + windowSamples >= store.length;
    const offsetS = offset / sampleRate;
    const windowS = pcm.length / sampleRate;

    const regions = speechRegions(pcm, sampleRate);
    if (regions.length === 0) {
      stats.silentWindows++;
      offset = isLast ? store.length : offset + Math.round((windowS - SILENT_OVERLAP_S) * sampleRate);
      store.release(offset);
      postProgress([]);
      continue;
    }
    if (regions[0]!.startS - LEAD_S >= MIN_SKIP_S) {
      // Start the window just before the speech: less silence to misread, and speech cut by the
      // previous edge is heard whole.
      offset += Math.round((regions[0]!.startS - LEAD_S) * sampleRate);
      store.release(offset);
      continue;
    }

    // English-only models take neither language nor task (transformers.js throws if given them).
    let spoken: Pick<WindowDecoding, 'language' | 'task'> = {};
    if (info.multilingual) {
      if (language === null) {
        const detected = await detectLanguage(model, pcm);
        language = detected.language;
        post({ type: 'language', id, ...detected });
      }
      if (!info.languages.includes(language)) {
        throw new TranscribeError({ code: 'language-unsupported', language });
      }
      spoken = { language, task: options.task };
    }
    const limits = (TEST_BUILD ? forcedTokenLimits(job.test) : null) ?? { max_new_tokens: maxNewTokens(model) };

    let chunks: WindowChunk[];
    try {
      if (TEST_BUILD) injectWebGpuFault(job.test, model.info.device, stats.windows);
      chunks = await runWindow(model, pcm, { ...spoken, ...limits }, (text) => {
        if (partialGate()) post({ type: 'partial', id, text, startS: offsetS });
      });
    } catch (error) {
      if (!(error instanceof WebGpuError)) throw error;
      // The same window again, on WASM; the job goes on without the user doing anything.
      model = await fallBackToWasm(slot, model, error);
      post({ type: 'fallback', id, info: model.info });
      continue;
    }
    stats.windows++;

    const plan = planWindow(chunks, { offsetS, windowS, isLast, speech: regions });
    const heard = plan.segments.filter((s) => overlapsSpeech(s.start - offsetS, s.end - offsetS, regions));
    const segments = dropRepetitions(heard, previous);
    previous = segments.at(-1) ?? previous;
    if (segments.length > 0) stats.firstSegmentMs ??= performance.now() - job.started;
    offset = plan.nextOffsetS >= offsetS + windowS ? offset + pcm.length : Math.round(plan.nextOffsetS * sampleRate);
    store.release(offset);
    postProgress(segments);
  }
  stats.totalMs = performance.now() - job.started;
  post({ type: 'done', id, stats });
}
