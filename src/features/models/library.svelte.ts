/**
 * The models feature as the UI sees it: what is stored, what a model would cost to download, the
 * running download with its progress, and the storage the browser grants. Talks to the Hub API,
 * the downloader and the store; renders nothing.
 */
import { PROGRESS_INTERVAL_MS, progressGate } from '../../lib/throttle';
import { addCustomModel, allModels } from './catalog';
import { planResume } from './download/chunks';
import { ModelDownloader } from './download/download';
import { SpeedMeter } from './download/speed';
import { ModelsError } from './errors';
import { fetchRepoSnapshot, listedRepos } from './hub/hub-api';
import { selectModelFiles } from './hub/select-files';
import { authorizer, planSources } from './hub/sources';
import { SourceSettings } from './sources-settings.svelte';
import { clearLegacyModelCache } from './store/migration';
import { deleteFiles, deleteModel, getFileState, listModels, listPieces, putModel, resolveStoredModel } from './store/store';
import type {
  Authorize,
  Device,
  DownloadPlan,
  DownloadState,
  Dtype,
  FileProgress,
  FileSelection,
  ModelEntry,
  ModelRecord,
  ModelsErrorInfo,
  RepoSnapshot,
  SourceConfig,
  SourcePlan,
} from './types';

interface Active {
  key: string;
  controller: AbortController;
  promise: Promise<ModelRecord>;
  /** The complete model this download adds files to (another precision of the same commit), if any. */
  previous: ModelRecord | null;
}

const PAUSED = 'paused';

/** How much of an unfinished download is stored (reads the piece sizes, not their bytes). */
async function storedBytes(model: ModelRecord): Promise<number> {
  let bytes = 0;
  for (const file of model.files) {
    const state = await getFileState(model.repo, model.commit, file.path);
    bytes += state?.complete ? file.size : planResume(await listPieces(model.repo, model.commit, file.path), file.size).offset;
  }
  return bytes;
}

export class ModelLibrary {
  readonly sourceSettings = new SourceSettings();
  /** Every model in the store, finished or not. */
  stored = $state.raw<ModelRecord[]>([]);
  catalog = $state.raw<readonly ModelEntry[]>(allModels());
  estimate = $state.raw<{ usage: number; quota: number } | null>(null);
  persisted = $state<boolean | null>(null);
  download = $state.raw<DownloadState | null>(null);
  /** The device transcription runs on; decides which files a download picks. */
  device = $state<Device>('wasm');
  shaderF16 = $state(false);
  /** False until the store has been read once (the first-run offer waits for it). */
  ready = $state(false);
  /** The revision and precision asked for in the model panel (null: the best for the device). */
  revision = $state('main');
  dtype = $state<Dtype | null>(null);
  /** The user put off the first-run offer for this visit. */
  firstRunDismissed = $state(false);
  /** Bytes already stored of each unfinished download, by `repo|commit`. */
  private partialLoaded = $state.raw<Record<string, number>>({});

  private listingRound = 0;
  private active: Active | null = null;
  /** The download started last, running or not: what cancel undoes. */
  private last: Active | null = null;
  private readonly plans = new Map<string, Promise<DownloadPlan>>();
  private readonly listeners = new Set<(download: DownloadState) => void>();

  /**
   * Which repos the model servers have, by repo id (null until they answered, or when none could
   * be asked): the model list offers those, so nobody is offered a model the server lacks.
   */
  listed = $state.raw<ReadonlySet<string> | null>(null);
  listing = $state<'pending' | 'done' | 'failed'>('pending');

  /**
   * `config`: the Hub and mirrors from the settings plus the link servers the user confirmed;
   * `decided`: resolves once the user has answered a link's servers — no server is asked before.
   */
  constructor(
    private readonly config: () => Omit<SourceConfig, 'mirrors'>,
    private readonly decided: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * The models to offer: what is stored here, what the user added by id, and those a server lists
   * — or, when no server could be asked (offline), the real models of the catalog, test models never.
   */
  get offered(): readonly ModelEntry[] {
    const stored = new Set(this.stored.map((m) => m.repo));
    const listed = this.listed;
    const fromServer = (m: ModelEntry) => (listed ? listed.has(m.id) : this.listing === 'failed' && !m.test);
    return this.catalog.filter((m) => m.custom || stored.has(m.id) || fromServer(m));
  }

  /** Nothing stored at all (not even an unfinished download) and the offer not put off. */
  get firstRun(): boolean {
    return this.ready && !this.firstRunDismissed && this.stored.length === 0;
  }

  sources(): SourcePlan {
    return planSources({ ...this.config(), mirrors: this.sourceSettings.mirrors });
  }

  private authorize(plan: SourcePlan): Authorize {
    return authorizer(this.sourceSettings.token, plan.tokenOrigins);
  }

  /** Asks the servers which of the catalog's models they have (the union: any one of them can serve it). */
  async refreshListing(): Promise<void> {
    await this.decided();
    const asked = ++this.listingRound;
    this.listing = 'pending';
    const plan = this.sources();
    const repos = this.catalog.filter((m) => !m.custom).map((m) => m.id);
    const answers = await Promise.all(plan.download.map((source) => listedRepos(source, repos, { authorize: this.authorize(plan) })));
    if (asked !== this.listingRound) return; // the servers changed meanwhile: a newer answer is coming
    const known = answers.filter((a): a is Set<string> => a !== null);
    this.listed = known.length === 0 ? null : new Set(known.flatMap((a) => [...a]));
    this.listing = known.length === 0 ? 'failed' : 'done';
  }

  /** Reads the store and the storage estimate; also the place to retire the old Cache API copy once. */
  async refresh(): Promise<void> {
    void clearLegacyModelCache();
    const stored = await listModels();
    const partial: Record<string, number> = {};
    for (const model of stored) if (model.completedAt === null) partial[`${model.repo}|${model.commit}`] = await storedBytes(model);
    this.stored = stored;
    this.partialLoaded = partial;
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    this.estimate = estimate?.quota !== undefined ? { usage: estimate.usage ?? 0, quota: estimate.quota } : null;
    this.persisted = (await navigator.storage?.persisted?.().catch(() => null)) ?? null;
    this.ready = true;
  }

  /** Asks the browser not to evict the models under storage pressure (it may grant it silently or not). */
  async requestPersistence(): Promise<void> {
    if (this.persisted) return;
    this.persisted = (await navigator.storage?.persist?.().catch(() => false)) ?? null;
  }

  partialBytes(record: ModelRecord): number {
    return this.partialLoaded[`${record.repo}|${record.commit}`] ?? 0;
  }

  completeModel(repo: string, revision = 'main'): ModelRecord | undefined {
    return resolveStoredModel(this.stored, repo, revision.trim() || 'main');
  }

  /** Files and exact size for a repo at a revision on this device (asks the Hub once per choice). */
  plan(repo: string, revision = 'main', dtype: Dtype | null = null): Promise<DownloadPlan> {
    const key = [repo, revision, dtype, this.device, this.shaderF16, this.sources().snapshot.join(' ')].join('|');
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.makePlan(repo, revision, dtype);
      this.plans.set(key, plan);
      plan.catch(() => this.plans.delete(key));
    }
    return plan;
  }

  private async makePlan(repo: string, revision: string, dtype: Dtype | null): Promise<DownloadPlan> {
    await this.decided();
    const sources = this.sources();
    const snapshot = await fetchRepoSnapshot(sources.snapshot, repo, revision, { authorize: this.authorize(sources) });
    const selection = selectModelFiles(snapshot.tree, { device: this.device, shaderF16: this.shaderF16, dtype });
    return { repo, revision, snapshot, selection };
  }

  /**
   * A stored, verified model for `repo`: straight from the store when there (no network at all),
   * else downloaded now. Joins a download of the same model already running.
   */
  async ensure(
    repo: string,
    revision = 'main',
    { signal, onProgress }: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<ModelRecord> {
    if (!this.ready) await this.refresh();
    const stored = this.completeModel(repo, revision);
    if (stored) return stored;
    const running = this.active?.key.startsWith(`${repo}|`) ? this.active.promise : this.start(await this.plan(repo, revision));
    const watch = (d: DownloadState) => {
      if (d.repo === repo) onProgress?.(d.loaded, d.total);
    };
    this.listeners.add(watch);
    const onAbort = () => this.pause();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await running;
    } finally {
      this.listeners.delete(watch);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Starts (or resumes, from the stored pieces) downloading a plan's files. */
  start(plan: DownloadPlan): Promise<ModelRecord> {
    const { repo, revision, snapshot, selection } = plan;
    const key = `${repo}|${snapshot.commit}`;
    if (this.active?.key === key) return this.active.promise;
    this.active?.controller.abort(PAUSED);
    void this.requestPersistence();

    const existing = this.stored.find((m) => m.repo === repo && m.commit === snapshot.commit);
    // A second selection of the same commit (another dtype) adds its files to the record.
    const files = [...(existing?.files ?? [])];
    for (const file of selection.files) if (!files.some((f) => f.path === file.path)) files.push(file);
    const record: ModelRecord = {
      repo,
      revision,
      commit: snapshot.commit,
      device: this.device,
      dtype: selection.dtype,
      externalData: selection.externalData,
      files,
      totalBytes: files.reduce((sum, f) => sum + f.size, 0),
      hashesFrom: snapshot.hashesFrom || existing?.hashesFrom,
      createdAt: existing?.createdAt ?? Date.now(),
      completedAt: null,
    };
    const controller = new AbortController();
    const meter = new SpeedMeter();
    const gate = progressGate(PROGRESS_INTERVAL_MS);
    const state = (status: DownloadState['status'], files: readonly FileProgress[], error: ModelsErrorInfo | null = null) => {
      const loaded = files.reduce((sum, f) => sum + f.loaded, 0);
      const total = files.reduce((sum, f) => sum + f.size, 0);
      meter.add(performance.now(), loaded);
      const download: DownloadState = {
        repo,
        revision,
        commit: snapshot.commit,
        status,
        files: files.map((f) => ({ ...f })),
        loaded,
        total,
        bytesPerSecond: status === 'running' ? meter.bytesPerSecond() : null,
        etaS: status === 'running' ? meter.etaSeconds(loaded, total) : null,
        error,
      };
      this.download = download;
      for (const listener of this.listeners) listener(download);
    };
    let latest: readonly FileProgress[] = record.files.map((f) => ({ path: f.path, size: f.size, loaded: 0, status: 'waiting' }));
    state('running', latest);
    const sources = this.sources();
    const downloader = new ModelDownloader(record, {
      sources: sources.download,
      authorize: this.authorize(sources),
      signal: controller.signal,
      onProgress: (files) => {
        latest = files;
        if (gate()) state('running', files);
      },
    });

    const previous = existing?.completedAt ? existing : null;
    const promise = (async () => {
      try {
        const complete = await downloader.run();
        state('done', latest);
        return complete;
      } catch (error) {
        if (controller.signal.aborted) {
          state('paused', latest);
          throw new DOMException('Download paused', 'AbortError');
        }
        const failure =
          error instanceof ModelsError
            ? error
            : new ModelsError({ code: 'download', detail: error instanceof Error ? error.message : String(error) });
        state('failed', latest, failure.info);
        throw failure;
      } finally {
        if (this.active?.controller === controller) this.active = null;
        await this.refresh();
      }
    })();
    this.active = this.last = { key, controller, promise, previous };
    promise.catch(() => undefined);
    return promise;
  }

  /** Stops the transfer; what is stored stays, and `resume` goes on from there. */
  pause(): void {
    this.active?.controller.abort(PAUSED);
  }

  /** Continues the paused, failed or interrupted (e.g. by a reload) download of this model. */
  async resume(record: ModelRecord): Promise<ModelRecord> {
    const snapshot: RepoSnapshot = {
      repo: record.repo,
      revision: record.revision,
      commit: record.commit,
      tree: [],
      hashesFrom: record.hashesFrom ?? '',
    };
    const selection: FileSelection = {
      files: record.files,
      dtype: record.dtype,
      externalData: record.externalData,
      totalBytes: record.totalBytes,
    };
    return this.start({ repo: record.repo, revision: record.revision, snapshot, selection });
  }

  /**
   * Stops the download and deletes what it stored. A model that was complete before (this download
   * only added another precision's files) keeps its own files and stays usable.
   */
  async cancel(): Promise<void> {
    const download = this.download;
    this.active?.controller.abort(PAUSED);
    await this.active?.promise.catch(() => undefined);
    const previous = this.last?.key === `${download?.repo}|${download?.commit}` ? this.last.previous : null;
    if (previous) {
      const added = (this.stored.find((m) => m.repo === previous.repo && m.commit === previous.commit)?.files ?? [])
        .map((f) => f.path)
        .filter((path) => !previous.files.some((f) => f.path === path));
      await deleteFiles(previous.repo, previous.commit, added);
      await putModel(previous);
      await this.refresh();
    } else if (download) {
      await this.remove(download.repo, download.commit);
    }
    this.download = null;
  }

  /** Deletes one model's files from the store, and nothing else. */
  async remove(repo: string, commit: string): Promise<void> {
    if (this.active?.key === `${repo}|${commit}`) {
      this.active.controller.abort(PAUSED);
      await this.active?.promise.catch(() => undefined);
    }
    await deleteModel(repo, commit);
    if (this.download?.repo === repo && this.download.commit === commit) this.download = null;
    await this.refresh();
  }

  addCustom(id: string): ModelEntry | null {
    const entry = addCustomModel(id);
    this.catalog = allModels();
    return entry;
  }
}
