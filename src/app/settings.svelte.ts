import { DEFAULT_HUB_URL, normalizeHubUrl } from '../features/models/hub/hub';
import { DEFAULT_MODEL_ID, findModel } from '../features/models/catalog';
import type { DevicePreference } from '../features/transcribe/engine';
import type { Task } from '../features/transcribe/protocol';
import { isLocale, type Locale } from '../lib/i18n/locales';
import { asRecord, readLocalJson, writeLocalJson } from '../lib/local-store';

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

  constructor() {
    // Each stored field is checked: an older version or a hand edit may have written anything.
    const stored = readLocalJson(STORAGE_KEY, asRecord);
    if (isLocale(stored.locale)) this.locale = stored.locale;
    if (typeof stored.modelId === 'string' && findModel(stored.modelId)) this.modelId = stored.modelId;
    if (typeof stored.language === 'string') this.language = stored.language;
    if (stored.task === 'transcribe' || stored.task === 'translate') this.task = stored.task;
    const hub = typeof stored.hubUrl === 'string' ? normalizeHubUrl(stored.hubUrl) : null;
    if (hub) this.hubUrl = hub;
    if (stored.device === 'auto' || stored.device === 'webgpu' || stored.device === 'wasm') this.device = stored.device;
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
    // Private mode or full storage: settings just are not remembered.
    writeLocalJson(STORAGE_KEY, stored);
  }
}
