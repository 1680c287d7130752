import { DEFAULT_HUB_URL, normalizeHubUrl } from '../features/models/hub';
import { DEFAULT_MODEL_ID, findModel } from '../features/models/catalog';
import type { DevicePreference } from '../features/transcribe/engine';
import type { Task } from '../features/transcribe/protocol';
import { isLocale, type Locale } from '../lib/i18n/locales';
import { TEST_BUILD } from '../lib/build-mode';

const STORAGE_KEY = 'video-to-text:settings';

/** What the user chose last time, kept in localStorage (a few short strings; nothing about files). */
interface StoredSettings {
  locale?: Locale;
  modelId?: string;
  language?: string;
  task?: Task;
  hubUrl?: string;
  device?: DevicePreference;
}

function readStored(): StoredSettings {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as StoredSettings) : {};
  } catch {
    return {};
  }
}

/** 'auto' means: let the model detect the spoken language. */
export type LanguageChoice = 'auto' | string;

export class Settings {
  locale = $state<Locale | null>(null);
  modelId = $state(DEFAULT_MODEL_ID);
  language = $state<LanguageChoice>('auto');
  task = $state<Task>('transcribe');
  /** Where the model runs: WebGPU when available (auto), or forced. */
  device = $state<DevicePreference>('auto');
  /** The hub the user configured (persisted): the only server that gets the access token. */
  hubUrl = $state(DEFAULT_HUB_URL);
  /** Tests only (`?test=1&webgpu-fail-after=N`): WebGPU fails after N windows, to exercise the fallback. */
  readonly testFailWebGpuAfter: number | null;

  constructor(search: string) {
    const stored = readStored();
    if (isLocale(stored.locale)) this.locale = stored.locale;
    if (stored.modelId && findModel(stored.modelId)) this.modelId = stored.modelId;
    if (typeof stored.language === 'string') this.language = stored.language;
    if (stored.task === 'transcribe' || stored.task === 'translate') this.task = stored.task;
    const hub = stored.hubUrl ? normalizeHubUrl(stored.hubUrl) : null;
    if (hub) this.hubUrl = hub;
    if (stored.device === 'auto' || stored.device === 'webgpu' || stored.device === 'wasm') this.device = stored.device;
    const query = new URLSearchParams(search);
    // Only a test-mode build honours it (src/lib/build-mode.ts); production does not carry the switch.
    const failAfter = TEST_BUILD ? query.get('webgpu-fail-after') : null;
    this.testFailWebGpuAfter = query.get('test') === '1' && failAfter !== null ? Number(failAfter) : null;
  }

  save(): void {
    const stored: StoredSettings = {
      modelId: this.modelId,
      language: this.language,
      task: this.task,
      hubUrl: this.hubUrl,
      device: this.device,
      ...(this.locale ? { locale: this.locale } : {}),
    };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
    } catch {
      // Private mode or full storage: settings just are not remembered.
    }
  }
}
