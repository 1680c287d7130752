/**
 * The models feature's types, in one place: what the Hub lists, which files a device needs, what
 * the store keeps, what a download reports, and why one failed. Types only: the values that go
 * with them (DTYPE_SUFFIX, WHISPER_SESSIONS, …) live with the code that uses them.
 */

/** Where a model runs, as far as choosing its files goes. */
export type Device = 'webgpu' | 'wasm';

/** The dtypes transformers.js knows for Whisper's files (their file-name suffixes: hub/dtype-rule.ts). */
export type Dtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** Whisper's two ONNX sessions as transformers.js names them (the merged decoder serves every step). */
export type WhisperSession = 'encoder_model' | 'decoder_model_merged';

/** How a dtype is chosen for a device (hub/dtype-rule.ts). */
export interface SelectionOptions {
  device: Device;
  /** WebGPU adapter has `shader-f16` (fp16 weights are unusable without it). */
  shaderF16: boolean;
  /** The user's choice; used for every session that has it, the device's preference elsewhere. */
  dtype?: Dtype | null;
}

/** One entry of the Hub's tree API answer. */
export interface HubTreeEntry {
  type: 'file' | 'directory';
  path: string;
  size: number;
  /** Git object id: the blob sha1 for plain files. */
  oid?: string;
  /** Present for files stored in LFS; `oid` is the file's sha256. */
  lfs?: { oid: string; size: number };
}

/** How a downloaded file is checked before it counts as complete. */
export type Integrity = { kind: 'sha256'; hex: string } | { kind: 'git-sha1'; hex: string } | { kind: 'size' };

export interface ModelFile {
  path: string;
  size: number;
  integrity: Integrity;
}

export interface FileSelection {
  files: ModelFile[];
  /** transformers.js `dtype` option, per session. */
  dtype: Record<WhisperSession, Dtype>;
  /** transformers.js `use_external_data_format` option: ONNX file name → number of `_data` shards. */
  externalData: Record<string, number>;
  totalBytes: number;
}

export interface RepoSnapshot {
  repo: string;
  revision: string;
  /** The pinned commit sha: every file is downloaded at this commit. */
  commit: string;
  tree: HubTreeEntry[];
  /** The server whose tree (and so whose checksums) this is. */
  hashesFrom: string;
}

/** Headers for a URL: the token only where it may go (hub/sources.ts `authorizer`). */
export type Authorize = (url: string) => Record<string, string>;

/** How the Hub's model API is asked (hub/hub-api.ts). */
export interface ApiOptions {
  authorize: Authorize;
  signal?: AbortSignal;
}

/** A model the app offers (catalog.ts). */
export interface ModelEntry {
  /** Hub repository id. */
  id: string;
  /** Display name (a proper name, the same in every language). */
  name: string;
  multilingual: boolean;
  approxBytes: number | null;
  /** Predicts word-level timestamps (a `_timestamped` export with cross-attention outputs). */
  wordTimestamps?: boolean;
  /** The project's own test model, served by tools/hub; not a model for real use. */
  test?: boolean;
  /** Added by the user by repo id. */
  custom?: boolean;
  /** Where a user-added model comes from, when that is not (only) the Hub: see import/model-source.ts. */
  source?: ModelSourceSpec;
}

/**
 * One place a model can come from, as the model storage guide's `model_source` settings name it:
 * a Hub repo (on huggingface.co or the Hub-shaped server `endpoint`), an archive at a URL, or a
 * model imported from local files. `backup` lists the sources tried, in order, when this one fails.
 */
export type ModelSourceSpec =
  | { type: 'huggingface'; repo_id: string; revision: string; endpoint?: string; backup?: ModelSourceSpec[] }
  | { type: 'url'; url: string; sha256?: string; repo_id?: string; revision?: string; backup?: ModelSourceSpec[] }
  | { type: 'local'; repo_id: string; revision?: string };

/** One file of a (possibly split) archive: the pack tool splits archives over 2 GB into parts. */
export interface ArchivePart {
  /** File name, resolved against the source URL when the archive is split (or named by a manifest). */
  name: string;
  size: number;
  sha256?: string;
}

/** `model-manifest.json`, inside or beside an archive (tools/modelpack writes it). */
export interface ModelManifest {
  /** The repo and revision (and commit, if known) the archive was packed from. */
  repo_id?: string;
  revision?: string;
  commit?: string;
  /** The archive itself: its format, parts in order, and the whole archive's sha256. */
  archive?: { format: ArchiveFormat; size: number; sha256?: string; parts: ArchivePart[] };
  /** The model's files, paths relative to the model folder. */
  files: { path: string; size: number; sha256: string }[];
}

export type ArchiveFormat = 'zip' | 'tar' | 'tar.gz';

/** How a stored model got here, kept in its record: resume, export and "served by" read it. */
export type ModelOrigin =
  | { type: 'huggingface' }
  | {
      type: 'url';
      urls: string[];
      format: ArchiveFormat;
      parts: ArchivePart[];
      sha256?: string;
      /** The manifest found beside the archive: its file list and checksums decide what is kept. */
      manifest?: ModelManifest;
      packedFrom?: { repo: string; revision: string };
    }
  | { type: 'local'; name: string; packedFrom?: { repo: string; revision: string } };

/** A mirror from the settings; `sendToken` is the user's explicit choice for that mirror. */
export interface MirrorSetting {
  url: string;
  sendToken: boolean;
}

/** The servers a page address asks for: `?hub=` (one) and `?mirror=` (repeatable). */
export interface LinkServers {
  hub: string | null;
  mirrors: string[];
}

/** The user's answer to a link's servers (link-servers.svelte.ts). */
export type LinkDecision = 'pending' | 'confirmed' | 'ignored';

export interface SourceConfig {
  /** The Hub from the settings (default huggingface.co): the authority for checksums, and the token's home. */
  hubUrl: string;
  mirrors: readonly MirrorSetting[];
  /** Link servers the user confirmed for this visit; null when there are none (or none confirmed). */
  link: LinkServers | null;
}

export interface SourcePlan {
  /** Where files are downloaded from, in order: what a confirmed link asked for first. */
  download: string[];
  /** Where the commit and the checksums are asked: the configured Hub first. */
  snapshot: string[];
  /** Origins that may receive the access token. */
  tokenOrigins: ReadonlySet<string>;
}

/** A key of the model store (store/keys.ts): IndexedDB orders arrays element by element. */
export type StoreKey = IDBValidKey[];

/** Which stored file a transformers.js cache key means (store/keys.ts). */
export interface CacheKeyTarget {
  repo: string;
  /** The revision in the key; null when the key has none (the local-path shape). */
  revision: string | null;
  path: string;
}

export interface ModelRecord {
  repo: string;
  /** What the user asked for (a branch such as `main`, or a commit). */
  revision: string;
  /** The commit the files were pinned to. */
  commit: string;
  device: Device;
  dtype: Record<WhisperSession, Dtype>;
  externalData: Record<string, number>;
  files: ModelFile[];
  totalBytes: number;
  /** The server whose checksums the files were verified against (the configured Hub when it answered). */
  hashesFrom?: string;
  createdAt: number;
  /** Set once every file is stored and verified; until then the model is an unfinished download. */
  completedAt: number | null;
  /** Absent for models downloaded from the Hub before archives and local imports existed. */
  origin?: ModelOrigin;
  /** The sources whose bytes were kept (hosts' URLs, or `local`), for "served by" in the UI. */
  servedBy?: string[];
}

export interface FileState {
  complete: boolean;
  /** Sources that served this file bytes with a wrong hash: not asked for it again. */
  badSources: string[];
}

export interface StoredPiece {
  blob: Blob;
  /** Which source served these bytes. */
  source: string;
}

/** A stored piece of a file: `size` bytes from offset `start`. */
export interface PieceInfo {
  start: number;
  size: number;
}

export interface PieceEntry extends PieceInfo {
  source: string;
}

export interface ResumePlan {
  /** The first byte still missing: everything before it is stored, contiguously from 0. */
  offset: number;
  /** Pieces that do not extend the contiguous prefix (after a gap, overlapping, or beyond the end): delete them. */
  discard: PieceInfo[];
}

export type FileStatus = 'waiting' | 'downloading' | 'verifying' | 'unpacking' | 'done';

export interface FileProgress {
  path: string;
  size: number;
  loaded: number;
  status: FileStatus;
}

/** How a download runs (download/download.ts). */
export interface DownloadOptions {
  /** Tried in this order. */
  sources: readonly string[];
  authorize: Authorize;
  signal: AbortSignal;
  /** Called often: coalesce before rendering. */
  onProgress: (files: readonly FileProgress[]) => void;
  /** The URL of a file at a source; default: the Hub's layout (`{source}{repo}/resolve/{commit}/{path}`). */
  locate?: (source: string, file: ModelFile) => string;
}

/** What a download needs to know: a repo at a commit, and the files this device takes from it. */
export interface DownloadPlan {
  repo: string;
  revision: string;
  snapshot: RepoSnapshot;
  selection: FileSelection;
}

/** The running (or last) download, as the UI shows it. */
export interface DownloadState {
  repo: string;
  revision: string;
  commit: string;
  status: 'running' | 'paused' | 'failed' | 'done';
  files: FileProgress[];
  loaded: number;
  total: number;
  bytesPerSecond: number | null;
  etaS: number | null;
  error: ModelsErrorInfo | null;
  /** `unpack` while an archive's files go into the store (after its download). */
  phase?: 'download' | 'unpack';
}

/** Why a model could not be fetched or stored: each code has its own translated message in the app. */
export type ModelsErrorCode =
  | 'not-found' // no such repo, revision or file on any source
  | 'unauthorized' // private or gated: needs (another) access token
  | 'download' // every source failed after retries
  | 'quota' // the browser will not store that much
  | 'integrity' // every source served bytes whose sha256 is wrong
  | 'unsupported' // the repo has no ONNX Whisper files this device can run
  | 'archive' // an archive that cannot be read (not zip/tar, damaged, a part missing)
  | 'layout' // the files lack config, tokenizer or the ONNX files this device needs
  | 'source'; // model_source settings that cannot be used (bad JSON, a field missing)

/** A models failure as plain data (what the app keeps and translates: src/app/errors.ts). */
export interface ModelsErrorInfo {
  code: ModelsErrorCode;
  detail?: string;
  /** For quota: bytes still to store. */
  neededBytes?: number;
}
