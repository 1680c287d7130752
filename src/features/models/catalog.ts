/**
 * The models the app offers: the real Whisper repos in ONNX on the Hub, the project's test
 * models, and any repo the user adds by id. Sizes here are rough, for the list; the exact size of
 * the files this device needs comes from the Hub's tree API before a download starts.
 */
import { asRecord, readLocalJson, writeLocalJson } from '../../lib/local-store';
import { isRepoId } from './hub/sources';
import { parseModelSource } from './import/model-source';
import type { Device, ModelEntry, ModelSourceSpec } from './types';

const MB = 1024 * 1024;

export const MODELS: readonly ModelEntry[] = [
  { id: 'onnx-community/whisper-tiny', name: 'Whisper Tiny', multilingual: true, approxBytes: 41 * MB },
  { id: 'onnx-community/whisper-base', name: 'Whisper Base', multilingual: true, approxBytes: 78 * MB },
  { id: 'onnx-community/whisper-small', name: 'Whisper Small', multilingual: true, approxBytes: 250 * MB },
  { id: 'onnx-community/whisper-large-v3-turbo', name: 'Whisper Large v3 Turbo', multilingual: true, approxBytes: 880 * MB },
  { id: 'onnx-community/whisper-tiny.en', name: 'Whisper Tiny.en', multilingual: false, approxBytes: 41 * MB },
  { id: 'onnx-community/whisper-base.en', name: 'Whisper Base.en', multilingual: false, approxBytes: 78 * MB },
  { id: 'onnx-community/whisper-small.en', name: 'Whisper Small.en', multilingual: false, approxBytes: 250 * MB },
  { id: 'onnx-community/distil-small.en', name: 'Distil-Whisper Small.en', multilingual: false, approxBytes: 170 * MB },
  {
    id: 'onnx-community/whisper-tiny_timestamped',
    name: 'Whisper Tiny (word timestamps)',
    multilingual: true,
    approxBytes: 41 * MB,
    wordTimestamps: true,
  },
  {
    id: 'onnx-community/whisper-base_timestamped',
    name: 'Whisper Base (word timestamps)',
    multilingual: true,
    approxBytes: 78 * MB,
    wordTimestamps: true,
  },
  { id: 'testmodels/whisper-synth', name: 'Whisper Synth', multilingual: true, approxBytes: null, test: true },
  { id: 'testmodels/whisper-tiny-random', name: 'Whisper Tiny (random)', multilingual: true, approxBytes: null, test: true },
  { id: 'testmodels/whisper-base-random', name: 'Whisper Base (random)', multilingual: true, approxBytes: null, test: true },
];

/** Base is the smallest model that handles Russian tolerably; tiny is fast but weak outside English. */
export const DEFAULT_MODEL_ID = 'onnx-community/whisper-base';

const CUSTOM_KEY = 'video-to-text:custom-models';

/**
 * The models the user added, as stored: ids, or `{id, source}` for a model with its own sources
 * (model_source settings: import/model-source.ts); anything else there (another version's data, a
 * hand edit) is dropped, and so is a source that no longer parses.
 */
function parseCustom(stored: unknown): ModelEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((value: unknown) => {
    if (typeof value === 'string') return isRepoId(value) ? [customEntry(value)] : [];
    const { id, source } = asRecord(value);
    if (typeof id !== 'string' || !isRepoId(id)) return [];
    try {
      return [customEntry(id, parseModelSource(JSON.stringify(source)))];
    } catch {
      return [customEntry(id)];
    }
  });
}

/**
 * A repo the user typed. Whether it is English-only is not known before its config is read, so it
 * is offered as multilingual; the model's own generation config decides at run time.
 */
function customEntry(id: string, source?: ModelSourceSpec): ModelEntry {
  return { id, name: id, multilingual: true, approxBytes: null, custom: true, ...(source ? { source } : {}) };
}

const custom: ModelEntry[] = readLocalJson(CUSTOM_KEY, parseCustom);

/**
 * The catalog plus the repos added by id. A catalog model added by id counts as added (`custom`),
 * so it is offered even when no server lists it: the user asked for it by name.
 */
export function allModels(): readonly ModelEntry[] {
  const added = new Set(custom.map((m) => m.id));
  return [...MODELS.map((m) => (added.has(m.id) ? { ...m, custom: true } : m)), ...custom.filter((m) => !MODELS.some((c) => c.id === m.id))];
}

export function findModel(id: string): ModelEntry | undefined {
  return allModels().find((m) => m.id === id);
}

/**
 * Adds a repo id to the list (kept in this browser), with the sources to fetch it from when they
 * are not the Hub's; returns its entry, or null for an invalid id. A newer source replaces the old.
 */
export function addCustomModel(id: string, source?: ModelSourceSpec): ModelEntry | null {
  const trimmed = id.trim();
  if (!isRepoId(trimmed)) return null;
  const index = custom.findIndex((m) => m.id === trimmed);
  if (index < 0) custom.push(customEntry(trimmed, source));
  else if (source) custom[index] = customEntry(trimmed, source);
  // Where storage is blocked the entry lasts for this visit.
  writeLocalJson(
    CUSTOM_KEY,
    custom.map((m) => (m.source ? { id: m.id, source: m.source } : m.id)),
  );
  return findModel(trimmed) ?? null;
}

/**
 * What to offer at first start, among the models the server has (`offered`, in catalog order).
 * WebGPU runs multilingual base comfortably; on the CPU (WASM) tiny is the quick choice for
 * English, base the smallest that handles Russian and other languages; then the next best.
 */
export function recommendedModel(device: Device, language: string, offered: readonly string[]): string | null {
  const english = ['onnx-community/whisper-tiny.en', 'onnx-community/whisper-base.en', 'onnx-community/whisper-tiny'];
  const multilingual = ['onnx-community/whisper-base', 'onnx-community/whisper-tiny', 'onnx-community/whisper-small'];
  const order = device === 'wasm' && language === 'en' ? [...english, ...multilingual] : [...multilingual, ...english];
  return order.find((id) => offered.includes(id)) ?? offered[0] ?? null;
}

/**
 * Languages offered in the language list, most relevant to the product's users first. Whisper
 * knows about a hundred; the model's own generation config has the final word at run time.
 */
export const SPEECH_LANGUAGES: readonly string[] = [
  'ru', 'en', 'uk', 'be', 'kk', 'uz', 'de', 'fr', 'es', 'it', 'pt', 'pl', 'cs', 'tr', 'ar', 'he', 'hi', 'zh', 'ja', 'ko',
];
