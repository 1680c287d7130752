/// <reference lib="webworker" />
/**
 * Transcribe worker: loads a Whisper model with transformers.js (onnxruntime-web, WebGPU or WASM)
 * and turns the 16 kHz PCM streaming in from the media worker into timestamped segments, posting
 * them window by window while the rest of the file is still being decoded. This file only routes
 * messages: loading is model-loader.ts, the window loop window-loop.ts.
 */
import { loadFailure, transcribeFailure } from './failures';
import { ensureModel, type ModelSlot } from './model-loader';
import { PcmStore } from './pcm-store';
import { isTranscribeRequest, type TranscribeResponse } from './protocol';
import { transcribe, type Job } from './window-loop';

declare const self: DedicatedWorkerGlobalScope;

function post(message: TranscribeResponse): void {
  self.postMessage(message);
}

let job: Job | null = null;

/**
 * A transcription opens before its model is asked for (the app may still be downloading the model
 * while ffmpeg already delivers audio, kept compact in the job's store): it runs on the model of the
 * next load request. The client always sends `transcribe` first, then `load`.
 */
let awaitingModel: ((slot: ModelSlot) => void) | null = null;

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (!isTranscribeRequest(request)) return;
  switch (request.type) {
    case 'load': {
      const { hubUrl, model, engine } = request;
      const slot = ensureModel(request.id, { hubUrl, request: model, engine }, (id, loaded, total) =>
        post({ type: 'load-progress', id, loaded, total }),
      );
      slot.model.then(
        ({ info }) => post({ type: 'loaded', id: request.id, info }),
        (error: unknown) => post({ type: 'error', id: request.id, error: loadFailure(error, model.repo) }),
      );
      awaitingModel?.(slot);
      awaitingModel = null;
      return;
    }
    case 'audio':
      if (job?.id === request.id) job.store.append(request.samples, request.startSample);
      return;
    case 'audio-end':
      if (job?.id === request.id) job.store.end();
      return;
    case 'transcribe': {
      const started: Job = {
        id: request.id,
        store: new PcmStore(),
        options: request.options,
        test: request.test,
        sampleRate: request.sampleRate,
        started: performance.now(),
      };
      job = started;
      new Promise<ModelSlot>((resolve) => (awaitingModel = resolve))
        .then((slot) => transcribe(started, slot, post))
        .catch((error: unknown) => post({ type: 'error', id: request.id, error: transcribeFailure(error) }))
        .finally(() => {
          if (job === started) job = null;
        });
    }
  }
});
