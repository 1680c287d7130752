/**
 * What a loaded model is and how long its sessions take: the ModelInfo the app shows, read from the
 * model's own config files, and the per-run timings of the job's encoder and decoder sessions.
 */
import { supportsWordTimestamps } from './engine';
import { TranscribeError } from './errors';
import { languageByToken } from './language-probe';
import type { ModelInfo, TranscribeStats } from './protocol';
import { observeSessionRuns, whisperDescription, type AsrPipeline } from './transformers-adapter';

type SessionTimings = Pick<TranscribeStats, 'encoderMs' | 'decoderMs'>;

/** Session timings of the current job: every encoder and decoder run, in ms. */
const timings: SessionTimings = { encoderMs: [], decoderMs: [] };

/** Records how long each session run takes (encoder: `model`, decoder: `decoder_model_merged`). */
export function timeSessions(pipe: AsrPipeline): void {
  // The list is looked up on each run: every job starts fresh lists.
  observeSessionRuns(pipe, (session, ms) => timings[session === 'model' ? 'encoderMs' : 'decoderMs'].push(ms));
}

/** Starts a job's timings: the returned lists fill as the sessions run, on whichever model. */
export function startSessionTimings(): SessionTimings {
  timings.encoderMs = [];
  timings.decoderMs = [];
  return { encoderMs: timings.encoderMs, decoderMs: timings.decoderMs };
}

export function describeModel(
  pipe: AsrPipeline,
  fields: Pick<ModelInfo, 'repo' | 'device' | 'wasmReason' | 'fallbackDetail' | 'dtypes' | 'wasmThreads' | 'loadMs'>,
): ModelInfo {
  // Whisper's constants come from the model's own config files, never from assumptions:
  // the project's test model has a 10 s window where OpenAI's have 30 s.
  const { chunkLengthS, samplingRate, multilingual, langToId, alignmentHeads, decoderOutputNames } = whisperDescription(pipe);
  if (chunkLengthS === null || samplingRate === null) {
    throw new TranscribeError({
      code: 'model-unsupported',
      detail: 'preprocessor_config.json has no chunk_length or sampling_rate',
    });
  }
  return {
    ...fields,
    isolated: self.crossOriginIsolated,
    multilingual,
    chunkLengthS,
    samplingRate,
    languages: multilingual ? [...languageByToken(langToId).values()] : [],
    wordTimestamps: supportsWordTimestamps(alignmentHeads, decoderOutputNames),
  };
}
