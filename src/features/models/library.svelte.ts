/**
 * The models feature as the UI sees it: what is stored, what a model would cost to download, the
 * running download with its progress, and the storage the browser grants. Talks to the Hub API,
 * the downloader and the store; renders nothing.
 */
import { estimateStorage } from '../../lib/storage-estimate';
import { PROGRESS_INTERVAL_MS, progressGate } from '../../lib/throttle';
import { addCustomModel, allModels, findModel } from './catalog';
import { planResume } from './download/chunks';
import { ModelDownloader } from './download/download';
import { SpeedMeter } from './download/speed';
import { ModelsError } from './errors';
import { fetchRepoSnapshot, listedRepos } from './hub/hub-api';
import { selectModelFiles } from './hub/select-files';
import { normalizeHubUrl } from './hub/hub';
import { authorizer, planSources } from './hub/sources';
import type { LocalInput } from './import/local-files';
import { sourceList, sourceOrigins, sourceRepoId } from './import/model-source';
import { savePendingSource, takePendingSource } from './import/pending-source';
import { exportSource } from './import/source-export';
import { SourceSettings } from './sources-settings.svelte';
import { clearStoreLeftovers, findStoreLeftovers } from './store/leftovers';
import { clearLegacyModelCache, deleteLegacyModelCache, legacyCacheBytes } from './store/migration';
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
  ModelSourceSpec,
  RepoSnapshot,
  SelectionOptions,
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
  /**
   * What the site keeps besides the models (`inspectStorage`): the app's offline files, and the
   * leftovers Clear leftovers deletes (the model store's and the old model cache's). Null until measured.
   */
  siteData = $state.raw<{ offline: number; leftovers: number } | null>(null);
  private inspectRound = 0;

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
  /** The repos a server positively said it has: the only ones the first-run offer recommends. */
  confirmed = $state.raw<ReadonlySet<string>>(new Set());
  listing = $state<'pending' | 'done' | 'failed'>('pending');
  /**
   * Why the last attempt to get each repo failed in this visit (its plan or its download; a pause
   * is no failure): the first-run offer then proposes the next best model. Cleared when it is tried again.
   */
  failures = $state.raw<ReadonlyMap<string, ModelsErrorInfo>>(new Map());

  /**
   * `config`: the Hub and mirrors from the settings plus the link servers the user confirmed;
   * `decided`: resolves once the user has answered a link's servers — no server is asked before.
   */
  constructor(
    private readonly config: () => Omit<SourceConfig, 'mirrors'>,
    private readonly decided: () => Promise<void> = () => Promise.resolve(),
    /**
     * Makes the page's Content-Security-Policy allow origins the user just confirmed; 'reloading'
     * when that takes a reload (the page's policy is fixed when it loads), after which the pending
     * fetch continues (`resumePending`).
     */
    private readonly allowOrigins: (origins: readonly string[]) => Promise<'allowed' | 'reloading'> = async () => 'allowed',
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

  /** The Hub from the settings: the only host the access token goes to. */
  get hubUrl(): string {
    return this.config().hubUrl;
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
    const known = answers.filter((a) => a !== null);
    this.listed = known.length === 0 ? null : new Set(known.flatMap((a) => [...a.present, ...a.unsure]));
    this.confirmed = new Set(known.flatMap((a) => [...a.present]));
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
      plan.then(
        () => this.noteFailure(repo, null),
        (error: unknown) => {
          this.plans.delete(key);
          if (error instanceof ModelsError) this.noteFailure(repo, error.info);
        },
      );
    }
    return plan;
  }

  private noteFailure(repo: string, info: ModelsErrorInfo | null): void {
    const failures = new Map(this.failures);
    if (info) failures.set(repo, info);
    else failures.delete(repo);
    this.failures = failures;
  }

  private async makePlan(repo: string, revision: string, dtype: Dtype | null): Promise<DownloadPlan> {
    await this.decided();
    const sources = this.sources();
    const snapshot = await fetchRepoSnapshot(sources.snapshot, repo, revision, { authorize: this.authorize(sources) });
    const selection = selectModelFiles(snapshot.tree, { device: this.device, shaderF16: this.shaderF16, dtype });
    return { repo, revision, snapshot, selection };
  }

  /**
   * Downloads a model as its Download button does: from its own sources (a settings block), else
   * the files the servers' tree lists for this device, at the revision and precision asked for.
   */
  async fetchModel(repo: string): Promise<ModelRecord> {
    const source = findModel(repo)?.source;
    if (source) return this.fetchSource(source);
    return this.start(await this.plan(repo, this.revision, this.dtype));
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
    const source = findModel(repo)?.source;
    const running = this.active?.key.startsWith(`${repo}|`)
      ? this.active.promise
      : source
        ? this.fetchSource(source)
        : this.start(await this.plan(repo, revision));
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
  start(plan: DownloadPlan, sources: SourcePlan = this.sources()): Promise<ModelRecord> {
    const { repo, revision, snapshot, selection } = plan;
    const key = `${repo}|${snapshot.commit}`;
    if (this.active?.key === key) return this.active.promise;
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
      origin: { type: 'huggingface' },
    };
    const previous = existing?.completedAt ? existing : null;
    return this.track(key, record, previous, (signal, report) =>
      new ModelDownloader(record, {
        sources: sources.download,
        authorize: this.authorize(sources),
        signal,
        onProgress: (files) => report(files),
      }).run(),
    );
  }

  /**
   * Runs one download or import as "the" download the UI shows: its progress (coalesced), speed
   * and ETA, pause (abort) and its failure, translated later from ModelsError codes.
   */
  private track(
    key: string,
    record: Pick<ModelRecord, 'repo' | 'revision' | 'commit' | 'files'>,
    previous: ModelRecord | null,
    work: (signal: AbortSignal, report: (files: readonly FileProgress[], phase?: DownloadState['phase']) => void) => Promise<ModelRecord>,
  ): Promise<ModelRecord> {
    const { repo, revision, commit } = record;
    this.active?.controller.abort(PAUSED);
    void this.requestPersistence();
    const controller = new AbortController();
    const meter = new SpeedMeter();
    const gate = progressGate(PROGRESS_INTERVAL_MS);
    let phase: DownloadState['phase'];
    const state = (status: DownloadState['status'], files: readonly FileProgress[], error: ModelsErrorInfo | null = null) => {
      const loaded = files.reduce((sum, f) => sum + f.loaded, 0);
      const total = files.reduce((sum, f) => sum + f.size, 0);
      meter.add(performance.now(), loaded);
      const download: DownloadState = {
        repo,
        revision,
        commit,
        status,
        files: files.map((f) => ({ ...f })),
        loaded,
        total,
        bytesPerSecond: status === 'running' ? meter.bytesPerSecond() : null,
        etaS: status === 'running' ? meter.etaSeconds(loaded, total) : null,
        error,
        ...(phase ? { phase } : {}),
      };
      this.download = download;
      for (const listener of this.listeners) listener(download);
    };
    let latest: readonly FileProgress[] = record.files.map((f) => ({ path: f.path, size: f.size, loaded: 0, status: 'waiting' }));
    this.noteFailure(repo, null);
    state('running', latest);

    const promise = (async () => {
      try {
        const complete = await work(controller.signal, (files, next) => {
          latest = files;
          // A new phase starts a new speed measurement (unpacking is not downloading).
          if (next !== phase) {
            phase = next;
            meter.reset();
            state('running', files);
          } else if (gate()) state('running', files);
        });
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
        this.noteFailure(repo, failure.info);
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
    if (record.origin?.type === 'url') return this.runArchive(record);
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

  /** Measures the site's storage: the estimate (the usage line's too), the offline files and the leftovers. */
  async inspectStorage(): Promise<void> {
    const asked = ++this.inspectRound;
    const [estimate, leftovers, legacy] = await Promise.all([estimateStorage(), findStoreLeftovers().catch(() => null), legacyCacheBytes()]);
    if (asked !== this.inspectRound) return; // a newer measurement is on its way
    if (estimate) this.estimate = { usage: estimate.usage, quota: estimate.quota };
    // The old model cache is Cache Storage too, but a leftover, not the app's offline files.
    this.siteData = estimate && { offline: Math.max(0, estimate.offline - legacy), leftovers: (leftovers?.bytes ?? 0) + legacy };
  }

  /**
   * Deletes the leftovers — never a file a stored or unfinished model uses, never another store or
   * cache — and measures again; returns the bytes deleted.
   */
  async clearLeftovers(): Promise<number> {
    const [store, legacy] = await Promise.all([clearStoreLeftovers(), legacyCacheBytes()]);
    await deleteLegacyModelCache();
    await this.inspectStorage();
    return store.bytes + legacy;
  }

  addCustom(id: string, source?: ModelSourceSpec): ModelEntry | null {
    const entry = addCustomModel(id, source);
    this.catalog = allModels();
    return entry;
  }

  private selectionOptions(): SelectionOptions {
    return { device: this.device, shaderF16: this.shaderF16, dtype: this.dtype };
  }

  /** Origins `spec` would contact that the user has not allowed (the configured Hub and mirrors count as allowed). */
  unconfirmedOrigins(spec: ModelSourceSpec): string[] {
    const hub = normalizeHubUrl(this.config().hubUrl);
    const allowed = new Set([
      ...(hub ? [new URL(hub).origin] : []),
      ...this.sourceSettings.mirrors.map((m) => new URL(m.url).origin),
      ...this.sourceSettings.confirmedOrigins,
    ]);
    return sourceOrigins(spec, hub ?? undefined).filter((origin) => !allowed.has(origin));
  }

  /**
   * The user confirmed every host `spec` names: they are remembered and allowed by the page's
   * policy, the model is added to the list, and it is fetched (after a reload, when the policy
   * needs one: `resumePending`).
   */
  async confirmSource(spec: ModelSourceSpec): Promise<void> {
    this.addCustom(sourceRepoId(spec), spec);
    this.sourceSettings.confirmOrigins(this.unconfirmedOrigins(spec));
    savePendingSource(spec);
    if ((await this.allowOrigins(this.sourceSettings.confirmedOrigins)) === 'reloading') return;
    takePendingSource();
    void this.fetchSource(spec).catch(() => undefined);
  }

  /** Continues the fetch a confirmation reloaded the page for (once; only if its hosts are still allowed); null when there is none. */
  resumePending(): Promise<ModelRecord> | null {
    const spec = takePendingSource();
    return spec && this.unconfirmedOrigins(spec).length === 0 ? this.fetchSource(spec) : null;
  }

  /**
   * Fetches a model from its settings block: the sources in order (a Hub repo, then the archive
   * links, or the other way round, as listed), each one's own failures handled by its downloader;
   * when one fails for good the next is tried. Archive links are one archive at several addresses:
   * they share one download, so bytes verified from one are kept when the next serves the rest.
   */
  async fetchSource(spec: ModelSourceSpec): Promise<ModelRecord> {
    if (!this.ready) await this.refresh();
    await this.decided();
    const repo = sourceRepoId(spec);
    const stored = this.completeModel(repo);
    if (stored) return stored;
    this.addCustom(repo, spec);
    const list = sourceList(spec);
    // Every archive link is one attempt, at the place of the first (their bytes must be the same
    // archive: the first sha256 given stands for all of them).
    const archives = list.filter((s): s is Extract<ModelSourceSpec, { type: 'url' }> => s.type === 'url');
    const firstArchive = list.findIndex((s) => s.type === 'url');
    const attempts = list.filter((s, i) => s.type !== 'url' || i === firstArchive);
    let failure: unknown = new ModelsError({ code: 'not-found', detail: repo });
    for (const attempt of attempts) {
      try {
        if (attempt.type === 'url') return await this.startArchive(repo, archives.map((a) => a.url), archives.find((a) => a.sha256)?.sha256);
        if (attempt.type === 'huggingface') return await this.startHub(attempt);
        const local = this.completeModel(attempt.repo_id, attempt.revision ?? 'main');
        if (local) return local;
        failure = new ModelsError({ code: 'not-found', detail: `${attempt.repo_id} is not stored in this browser` });
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        failure = error;
      }
    }
    throw failure;
  }

  /** A Hub repo of a settings block: on the configured Hub, or on its own `endpoint` (which never gets the token). */
  private async startHub(source: Extract<ModelSourceSpec, { type: 'huggingface' }>): Promise<ModelRecord> {
    const config = { ...this.config(), mirrors: this.sourceSettings.mirrors };
    const sources = source.endpoint ? planSources({ ...config, link: { hub: null, mirrors: [source.endpoint] } }) : this.sources();
    const snapshot = await fetchRepoSnapshot(sources.snapshot, source.repo_id, source.revision, { authorize: this.authorize(sources) });
    const selection = selectModelFiles(snapshot.tree, this.selectionOptions());
    return this.start({ repo: source.repo_id, revision: source.revision, snapshot, selection }, sources);
  }

  private async startArchive(repo: string, urls: string[], sha256: string | undefined): Promise<ModelRecord> {
    // Archive code (and the zip/tar readers it loads) stays out of the entry chunk until needed.
    const [{ planArchive }, { archiveCommit, archiveRecord }] = await Promise.all([import('./import/archive-plan'), import('./import/archive-import')]);
    const plan = await planArchive(urls, sha256, new AbortController().signal);
    const commit = await archiveCommit(plan);
    const existing = this.stored.find((m) => m.repo === repo && m.commit === commit);
    if (existing?.completedAt) return existing;
    // A download interrupted before (a reload) goes on from its stored parts.
    return this.runArchive(existing?.origin?.type === 'url' ? existing : archiveRecord(repo, 'main', commit, plan, this.selectionOptions()));
  }

  private runArchive(record: ModelRecord): Promise<ModelRecord> {
    const key = `${record.repo}|${record.commit}`;
    if (this.active?.key === key) return this.active.promise;
    return this.track(key, record, null, async (signal, report) => {
      const { importArchive } = await import('./import/archive-import');
      return importArchive(record, { selection: this.selectionOptions(), signal, onProgress: report });
    });
  }

  /** Stores a model from a folder or an archive file on this device (no network). */
  async importLocal(input: LocalInput): Promise<ModelRecord> {
    if (!this.ready) await this.refresh();
    const { importLocal, localRepoId } = await import('./import/local-files');
    const repo = localRepoId(input);
    const record = await this.track(`${repo}|local`, { repo, revision: 'main', commit: 'local', files: [] }, null, (signal, report) =>
      importLocal(input, { repo, selection: this.selectionOptions(), signal, onProgress: (files) => report(files, 'unpack') }),
    );
    this.addCustom(repo, { type: 'local', repo_id: repo });
    return record;
  }

  /** The settings block that fetches a stored model again. */
  exportSource(record: ModelRecord): ModelSourceSpec {
    return exportSource(record, findModel(record.repo)?.source);
  }
}
