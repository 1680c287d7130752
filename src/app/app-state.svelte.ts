/**
 * The composition root's state: the run settings, the job, the model library, the servers a link
 * names and the service worker, wired together. App.svelte creates one and lays out the
 * components that show it; nothing here renders.
 */
import { untrack } from 'svelte';
import { findModel } from '../features/models/catalog';
import type { ModelEntry } from '../features/models/types';
import { normalizeHubUrl } from '../features/models/hub/hub';
import { ModelLibrary } from '../features/models/library.svelte';
import { LinkServersPrompt } from '../features/models/link-servers.svelte';
import { chooseDevice, gpuSupport } from '../features/transcribe/engine';
import type { TranscriptMeta } from '../features/transcript';
import { BatchQueue, fingerprint, TranscriptHistory, type TranscriptRecord } from '../features/history';
import { SubtitleSettings } from '../features/workspace';
import { Autosave } from './autosave';
import { i18n } from '../lib/i18n/i18n.svelte';
import type { Locale } from '../lib/i18n/locales';
import type { TranscriptionJob } from './job.svelte';
import { Pwa } from './pwa/pwa.svelte';
import type { Settings } from './settings.svelte';

export class AppState {
  readonly settings: Settings;
  readonly job: TranscriptionJob;
  readonly library: ModelLibrary;
  readonly link: LinkServersPrompt;
  readonly pwa: Pwa;
  readonly history = new TranscriptHistory();
  readonly queue = new BatchQueue();
  readonly subtitles = new SubtitleSettings();
  private readonly autosave: Autosave;
  file = $state<File | null>(null);
  /** performance.now(), ticking while a run is on: elapsed and remaining times follow it. */
  now = $state(performance.now());

  /** The chosen model, or the first one the servers offer when the choice is gone. */
  get model(): ModelEntry {
    return findModel(this.settings.modelId) ?? this.library.offered[0] ?? this.library.catalog[0]!;
  }

  get running(): boolean {
    return this.job.phase === 'running';
  }

  /** Must be created while a component initialises: it sets up that component's effects. */
  constructor(settings: Settings, job: TranscriptionJob) {
    this.settings = settings;
    this.job = job;
    // The servers a link names wait for the user's answer; until then no model server is asked anything.
    this.library = new ModelLibrary(
      () => ({ hubUrl: settings.hubUrl, link: this.link.active }),
      () => this.link.whenDecided(),
      () => this.allowConfirmedSources(),
    );
    this.link = new LinkServersPrompt(location.search, untrack(() => settings.hubUrl), this.library.sourceSettings.mirrors);
    void this.library.refresh();
    this.pwa = new Pwa(() => job.phase === 'running');
    this.pwa.start();
    this.autosave = new Autosave(job, this.history, () => this.model.id);
    void this.history.refresh();

    // The model list follows what the servers have: asked again when the servers change.
    $effect(() => {
      void settings.hubUrl;
      void this.library.sourceSettings.mirrors;
      void this.link.decision;
      untrack(() => void this.library.refreshListing());
    });
    // A chosen model the servers turn out not to have (and that is not stored) gives way to one they have.
    $effect(() => {
      const offered = this.library.offered;
      if (this.library.listed && !offered.some((m) => m.id === settings.modelId) && offered[0]) {
        untrack(() => (settings.modelId = offered[0]!.id));
      }
    });
    // Persist settings whenever one of them changes.
    $effect(() => settings.save());
    // The service worker's Content-Security-Policy lets the page reach the configured model servers.
    $effect(() => void this.tellModelServers(this.link.active ? this.link.servers : []));
    $effect(() => {
      document.documentElement.lang = i18n.locale;
      document.title = i18n.t('app.title');
    });
    // A clock for elapsed/remaining times, ticking only while something runs.
    $effect(() => {
      if (!this.running) return;
      const timer = setInterval(() => (this.now = performance.now()), 250);
      return () => clearInterval(timer);
    });
    // Which files a download picks depends on where the model will run.
    $effect(() => {
      void settings.device;
      void this.settleDevice();
    });
  }

  /** The service worker's policy allows the settings' mirrors and the model sources the user confirmed (archive hosts). */
  private tellModelServers(linkServers: readonly string[]): Promise<void> {
    return this.pwa.tellModelServers(
      this.settings.hubUrl,
      [...this.library.sourceSettings.mirrors.map((m) => m.url), ...this.library.sourceSettings.confirmedOrigins],
      linkServers,
    );
  }

  /** Model sources the user just confirmed: the policy is widened, and the page reloads under it when it has a service worker. */
  private async allowConfirmedSources(): Promise<'allowed' | 'reloading'> {
    await this.tellModelServers(this.link.active ? this.link.servers : []);
    if (!this.pwa.hasServiceWorker) return 'allowed';
    await this.pwa.reloadUnderServiceWorker();
    return 'reloading';
  }

  /** The user trusts the link's servers for this visit; the page's policy must then allow them. */
  async confirmLink(): Promise<void> {
    this.link.confirm();
    await this.tellModelServers(this.link.servers);
    await this.pwa.reloadUnderServiceWorker();
  }

  chooseLocale(locale: Locale): void {
    i18n.locale = locale;
    this.settings.locale = locale;
  }

  /** Takes a typed Hub address if it is one; returns the normalized address, or null. */
  commitHub(text: string): string | null {
    const normalized = normalizeHubUrl(text);
    if (normalized) this.settings.hubUrl = normalized;
    return normalized;
  }

  /** Adds a repo by id and chooses it; false for an invalid id. */
  addCustomModel(text: string): boolean {
    const entry = this.library.addCustom(text);
    if (entry) this.settings.modelId = entry.id;
    return entry !== null;
  }

  /** Which files a download picks depends on where the model will run, so the device is settled first. */
  private async settleDevice(): Promise<void> {
    const gpu = await gpuSupport();
    this.library.device = chooseDevice(this.settings.device, gpu).device;
    this.library.shaderF16 = gpu.shaderF16;
  }

  start(): void {
    if (this.file) void this.run(this.file);
  }

  /** One file is the file to transcribe; several go into the batch queue (a running queue takes more). */
  choose(files: readonly File[]): void {
    if (files.length === 1 && !this.queue.running && this.queue.waiting === 0) this.file = files[0]!;
    else this.queue.add(files);
  }

  /** Runs the queue's files one after another (the model stays loaded); each lands in the history as it ends. */
  async runQueue(): Promise<void> {
    const { queue, job } = this;
    if (queue.running) return;
    queue.running = true;
    queue.paused = false;
    try {
      for (let item = queue.next(); item && !queue.paused; item = queue.next()) {
        item.status = 'running';
        this.file = item.file;
        await this.run(item.file);
        item.status = job.phase === 'done' ? 'done' : job.phase === 'cancelled' ? 'cancelled' : 'failed';
      }
    } finally {
      queue.running = false;
    }
  }

  /**
   * Continues an interrupted transcript with its file, picked again: the same file (by fingerprint)
   * and the same model, from where the saved part ends. False when the file is another one.
   */
  async resume(record: TranscriptRecord, file: File): Promise<boolean> {
    if ((await fingerprint(file)) !== record.fingerprint) return false;
    if (findModel(record.model)) this.settings.modelId = record.model;
    this.file = file;
    void this.run(file, { saved: record, processedS: record.processedS });
    return true;
  }

  /** Resolves when the run has ended, however it ended, and its final state is on its way to the history. */
  private async run(file: File, resume?: { saved: TranscriptRecord; processedS: number }): Promise<void> {
    const { settings, library, model } = this;
    const repo = model.id;
    await this.job.start({
      file,
      hubUrl: settings.hubUrl,
      prepareModel: async (signal, onProgress) => {
        await this.settleDevice();
        const record = await library.ensure(repo, library.revision, { signal, onProgress });
        return { repo: record.repo, revision: record.commit };
      },
      options: {
        language: model.multilingual && settings.language !== 'auto' ? settings.language : null,
        task: settings.task,
      },
      engine: { device: settings.device, dtype: null, threads: null },
      ...(resume ? { resume } : {}),
    });
    // Captured before anything else can start a next run (a batch goes on right after this).
    this.autosave.schedule();
  }

  /** The detected language was wrong: run again with the one the user names. */
  recogniseAs(language: string): void {
    this.settings.language = language;
    this.start();
  }

  openSaved(record: TranscriptRecord): void {
    this.job.showSaved(record);
  }

  /** The media of a transcript opened from the history, picked again to play it: only the same file (by fingerprint). */
  async attachMedia(file: File): Promise<boolean> {
    const record = this.history.records.find((r) => r.id === this.job.transcriptId);
    if (!record || (await fingerprint(file)) !== record.fingerprint) return false;
    this.job.transcriptMedia = file;
    return true;
  }

  /** What the transcript on screen is of and was made with, for its exports. */
  get transcriptMeta(): TranscriptMeta {
    const { job } = this;
    return {
      fileName: job.transcriptFile,
      language: job.transcriptLanguage,
      model: job.model?.repo ?? null,
      revision: job.transcriptRevision,
    };
  }
}
