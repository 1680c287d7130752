/**
 * The models the app offers. Sizes are approximate q8 downloads (encoder + merged decoder),
 * static for now; a later version reads them from the Hub API.
 */
export interface ModelEntry {
  /** Hub repository id. */
  id: string;
  /** Display name (a proper name, the same in every language). */
  name: string;
  multilingual: boolean;
  approxBytes: number | null;
  /** The project's own test model, served by tools/hub; not a model for real use. */
  test?: boolean;
}

const MB = 1024 * 1024;

export const MODELS: readonly ModelEntry[] = [
  { id: 'onnx-community/whisper-tiny', name: 'Whisper Tiny', multilingual: true, approxBytes: 41 * MB },
  { id: 'onnx-community/whisper-base', name: 'Whisper Base', multilingual: true, approxBytes: 78 * MB },
  { id: 'onnx-community/whisper-small', name: 'Whisper Small', multilingual: true, approxBytes: 250 * MB },
  { id: 'onnx-community/whisper-large-v3-turbo', name: 'Whisper Large v3 Turbo', multilingual: true, approxBytes: 880 * MB },
  { id: 'onnx-community/whisper-tiny.en', name: 'Whisper Tiny.en', multilingual: false, approxBytes: 41 * MB },
  { id: 'onnx-community/whisper-base.en', name: 'Whisper Base.en', multilingual: false, approxBytes: 78 * MB },
  { id: 'testmodels/whisper-synth', name: 'Whisper Synth', multilingual: true, approxBytes: null, test: true },
];

/** Base is the smallest model that handles Russian tolerably; tiny is fast but weak outside English. */
export const DEFAULT_MODEL_ID = 'onnx-community/whisper-base';

export function findModel(id: string): ModelEntry | undefined {
  return MODELS.find((m) => m.id === id);
}

/**
 * Languages offered in the language list, most relevant to the product's users first. Whisper
 * knows about a hundred; the model's own generation config has the final word at run time.
 */
export const SPEECH_LANGUAGES: readonly string[] = [
  'ru', 'en', 'uk', 'be', 'kk', 'uz', 'de', 'fr', 'es', 'it', 'pt', 'pl', 'cs', 'tr', 'ar', 'he', 'hi', 'zh', 'ja', 'ko',
];
