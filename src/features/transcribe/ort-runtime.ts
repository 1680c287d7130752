/**
 * onnxruntime-web's runtime, self-hosted: bundled from node_modules, never fetched from a CDN, and
 * precached by the service worker. transformers.js uses ORT's WebGPU bundle, whose WASM side is the
 * asyncify build. Shared by the transcribe worker and the benchmark page, so both run the same files.
 */
import type { env as TransformersEnv } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';

export function useBundledOrtRuntime(env: typeof TransformersEnv): void {
  // The browser's HTTP cache and our service worker already keep these files; a second copy is waste.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = {
      mjs: new URL(ortMjsUrl, self.location.href).href,
      wasm: new URL(ortWasmUrl, self.location.href).href,
    };
  }
}
