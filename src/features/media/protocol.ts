/**
 * The media worker's protocol: what the main thread and src/features/media/worker.ts say to
 * each other. One decode at a time; every message carries the request id it belongs to.
 */

/** Why a file could not be turned into audio. Each code has a translated message (error.* keys). */
export type MediaErrorCode =
  | 'empty-file'
  | 'not-media'
  | 'no-audio'
  | 'truncated'
  | 'unsupported-codec'
  | 'decode-failed'
  | 'out-of-memory'
  | 'too-large-to-mux'
  | 'mux-failed'
  | 'worker-crashed';

/** A failure as it crosses from the worker (plain data: structured clone drops Error subclasses). */
export interface MediaErrorInfo {
  code: MediaErrorCode;
  /** ffmpeg's own words (untranslated), for the "technical details" line. */
  detail?: string;
  /** The codec ffmpeg could not decode, for `unsupported-codec`. */
  codec?: string;
}

/** An audio stream as ffmpeg describes it while opening the input. */
export interface AudioStreamInfo {
  /** ffmpeg's stream specifier within the input, e.g. "0:1". */
  specifier: string;
  /** Position among the input's audio streams, starting at 0 (the `a:N` in `-map 0:a:N`). */
  audioIndex: number;
  codec: string;
  sampleRate: number | null;
  channels: number | null;
  language: string | null;
}

export interface DecodedInfo {
  /** Samples per second of the PCM chunks: always the rate asked for. */
  sampleRate: number;
  /** Duration of the decoded audio in seconds (all samples / sampleRate). */
  decodedS: number;
  /** Duration the container announces, if it announces one. */
  durationS: number | null;
  /** The stream that was decoded and how many audio streams the file has. */
  stream: AudioStreamInfo;
  audioStreamCount: number;
  /** True when the file ended early or had damaged data; the audio that could be read is returned. */
  truncated: boolean;
}

/** What a quick look at the file's header tells (ffmpeg opening it without decoding). */
export interface ProbedInfo {
  /** Duration the container announces, if it announces one. */
  durationS: number | null;
  /** The audio stream a decode will use, and how many audio streams the file has. */
  stream: AudioStreamInfo;
  audioStreamCount: number;
}

/**
 * `probe` reads only the header (seconds for any size: the file is mounted, not read whole), so a
 * file that cannot be transcribed is refused before any model work starts; `decode` does the rest.
 */
export type MediaRequest =
  | { type: 'probe'; id: number; file: Blob; name: string }
  | { type: 'decode'; id: number; file: Blob; name: string }
  | ({ type: 'mux'; id: number; file: Blob; name: string } & MuxJob);

/** The containers a soft subtitle track is written into, each with the subtitle codec it takes. */
export type MuxContainer = 'mp4' | 'mov' | 'mkv' | 'webm';

/** "Save the video with subtitles": the streams copied as they are, plus one subtitle track. */
export interface MuxJob {
  container: MuxContainer;
  /** SRT text for mp4/mov/mkv, WebVTT for webm (see SUBTITLE_FORMAT). */
  subtitles: string;
  /** ISO 639-2 code for the track's language tag ('und' when unknown). */
  language: string;
}

/** Which subtitle text each container is given, and the codec ffmpeg stores it as. */
export const SUBTITLE_FORMAT: Record<MuxContainer, { text: 'srt' | 'vtt'; codec: string }> = {
  mp4: { text: 'srt', codec: 'mov_text' },
  mov: { text: 'srt', codec: 'mov_text' },
  mkv: { text: 'srt', codec: 'srt' },
  webm: { text: 'vtt', codec: 'webvtt' },
};

/**
 * The muxed file is assembled in ffmpeg's in-memory file system (the MP4 and Matroska muxers seek
 * back to finish their index, which a stream cannot do), inside a 2 GiB WebAssembly heap's worker:
 * inputs above this are refused with a message instead of crashing halfway.
 */
export const MUX_MAX_INPUT_BYTES = 1024 ** 3;

/**
 * The worker streams the audio as it decodes: `pcm` chunks of 16-bit mono samples in order
 * (`startSample` counts from the file's start), then one `decoded` with what was learnt about the
 * file. 16-bit halves the memory of float32 and is far finer than any microphone's noise floor.
 */
export type MediaResponse =
  | { type: 'progress'; id: number; processedS: number; durationS: number | null }
  | { type: 'pcm'; id: number; startSample: number; samples: Int16Array }
  | { type: 'decoded'; id: number; info: DecodedInfo }
  | { type: 'probed'; id: number; info: ProbedInfo }
  | { type: 'mux-progress'; id: number; processedS: number; durationS: number | null }
  | { type: 'muxed'; id: number; file: Blob }
  | { type: 'error'; id: number; error: MediaErrorInfo };

/**
 * Why a file could not be probed or decoded, thrown in the worker and again on the main thread.
 * (It shadows the DOM's own MediaError — the `<video>` element's — in the modules that import it.)
 */
export class MediaError extends Error {
  readonly code: MediaErrorCode;

  constructor(readonly info: MediaErrorInfo) {
    super(`Decoding failed: ${info.code}${info.detail ? ` (${info.detail})` : ''}`);
    this.name = 'MediaError';
    this.code = info.code;
  }
}

/** Output format the rest of the app relies on: 16 kHz mono, what Whisper's feature extractor takes. */
export const TARGET_SAMPLE_RATE = 16_000;
/** Samples per `pcm` message: 4 s, small enough to start transcribing at once, few enough messages for hours of audio. */
export const CHUNK_SAMPLES = 4 * TARGET_SAMPLE_RATE;

const ERROR_CODES: readonly MediaErrorCode[] = [
  'empty-file',
  'not-media',
  'no-audio',
  'truncated',
  'unsupported-codec',
  'decode-failed',
  'out-of-memory',
  'too-large-to-mux',
  'mux-failed',
  'worker-crashed',
];

export function isMediaErrorCode(value: unknown): value is MediaErrorCode {
  return ERROR_CODES.includes(value as MediaErrorCode);
}

/** Guards what arrives from the worker before the UI trusts it. */
export function isMediaResponse(value: unknown): value is MediaResponse {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  switch (m.type) {
    case 'progress':
    case 'mux-progress':
      return (
        typeof m.processedS === 'number' && (m.durationS === null || typeof m.durationS === 'number')
      );
    case 'pcm':
      return m.samples instanceof Int16Array && typeof m.startSample === 'number';
    case 'muxed':
      return m.file instanceof Blob;
    case 'decoded':
    case 'probed':
      return typeof m.info === 'object' && m.info !== null;
    case 'error':
      return (
        typeof m.error === 'object' &&
        m.error !== null &&
        isMediaErrorCode((m.error as Record<string, unknown>).code)
      );
    default:
      return false;
  }
}

export function isMediaRequest(value: unknown): value is MediaRequest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'number' || !(m.file instanceof Blob) || typeof m.name !== 'string') return false;
  if (m.type === 'decode' || m.type === 'probe') return true;
  return (
    m.type === 'mux' &&
    typeof m.subtitles === 'string' &&
    typeof m.language === 'string' &&
    typeof m.container === 'string' &&
    m.container in SUBTITLE_FORMAT
  );
}
