import type { AudioStreamInfo, MediaErrorInfo } from './protocol';

/**
 * Reads what ffmpeg prints while it works. One run of
 * `ffmpeg -i input -vn -map 0:a:0 … out.pcm` tells us everything we need without a separate
 * ffprobe pass: the input's duration and streams (printed before decoding starts, so progress
 * can be computed while it runs), which stream was mapped, how far decoding got (`time=`),
 * and, when it fails, why.
 */

const DURATION = /^\s*Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)/;
// `  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 95 kb/s (default)`
const STREAM = /^\s*Stream #(\d+:\d+)(?:\[[^\]]*\])?(?:\(([^)]*)\))?:\s*(\w+):\s*(.*)$/;
// `  Stream #0:1 -> #0:0 (aac (native) -> pcm_f32le (native))`
const MAPPING = /^\s*Stream #(\d+:\d+) -> #\d+:\d+/;
const TIME = /time=\s*(-?\d+):(\d\d):(\d\d(?:\.\d+)?)/;

const CHANNEL_LAYOUTS: Record<string, number> = {
  mono: 1,
  stereo: 2,
  '2.1': 3,
  '3.0': 3,
  quad: 4,
  '4.0': 4,
  '4.1': 5,
  '5.0': 5,
  '5.1': 6,
  '6.0': 6,
  '6.1': 7,
  '7.0': 7,
  '7.1': 8,
};

function hms(h: string, m: string, s: string): number {
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** `Duration: 00:00:11.63, start: …` → 11.63; `Duration: N/A` → null. */
export function parseDuration(line: string): number | null {
  const m = DURATION.exec(line);
  return m ? hms(m[1]!, m[2]!, m[3]!) : null;
}

/** The `time=` of a progress line, in seconds. */
export function parseProgressTime(line: string): number | null {
  const m = TIME.exec(line);
  if (!m) return null;
  const t = hms(m[1]!.replace('-', ''), m[2]!, m[3]!);
  return m[1]!.startsWith('-') ? 0 : t;
}

/** Channel count from ffmpeg's layout word: `stereo` → 2, `5.1(side)` → 6, `3 channels` → 3. */
export function parseChannels(layout: string): number | null {
  const word = layout.trim().replace(/\(.*\)$/, '');
  if (word in CHANNEL_LAYOUTS) return CHANNEL_LAYOUTS[word]!;
  const m = /^(\d+) channels?$/.exec(word);
  return m ? Number(m[1]) : null;
}

interface StreamLine {
  specifier: string;
  language: string | null;
  kind: string;
  description: string;
}

export function parseStreamLine(line: string): StreamLine | null {
  const m = STREAM.exec(line);
  if (!m) return null;
  const language = m[2] && m[2] !== 'und' ? m[2] : null;
  return { specifier: m[1]!, language, kind: m[3]!, description: m[4]! };
}

function audioInfo(stream: StreamLine, audioIndex: number): AudioStreamInfo {
  // The description is comma separated: codec, then (for audio) rate, layout, sample format, bitrate.
  const parts = stream.description.split(',').map((p) => p.trim());
  const codec = (parts[0] ?? '').split(' ')[0] ?? '';
  const rate = parts.map((p) => /^(\d+) Hz$/.exec(p)).find((m) => m !== null);
  const rateIndex = parts.findIndex((p) => /^\d+ Hz$/.test(p));
  return {
    specifier: stream.specifier,
    audioIndex,
    codec,
    sampleRate: rate ? Number(rate[1]) : null,
    channels: rateIndex >= 0 && parts[rateIndex + 1] ? parseChannels(parts[rateIndex + 1]!) : null,
    language: stream.language,
  };
}

/**
 * Formats ffmpeg opens files with that are not recordings: `tty` renders any text file (.txt,
 * .ans, …) as ANSI art, so a text file would otherwise look like a video without sound.
 */
const NOT_RECORDINGS = new Set(['tty']);

export class FfmpegLog {
  /** The input's container as ffmpeg names it (`mov,mp4,m4a,…`, `matroska,webm`, `tty`). */
  inputFormat: string | null = null;
  durationS: number | null = null;
  readonly audioStreams: AudioStreamInfo[] = [];
  mappedSpecifier: string | null = null;
  /** Position reached in the output, from the last `time=` line. */
  timeS = 0;
  /** Every non-progress line, for classifying a failure and for "technical details". */
  readonly lines: string[] = [];
  private section: 'before' | 'input' | 'mapping' | 'output' = 'before';

  /** Feeds one log message; returns true when it moved the progress position. */
  push(message: string): boolean {
    let progressed = false;
    for (const line of message.split(/\r?\n|\r/)) {
      if (line.trim() === '') continue;
      const time = parseProgressTime(line);
      if (time !== null && /^\s*size=|^\s*frame=/.test(line)) {
        this.timeS = time;
        progressed = true;
        continue;
      }
      this.lines.push(line);
      this.readStructure(line);
    }
    return progressed;
  }

  private readStructure(line: string): void {
    if (/^Input #0/.test(line)) {
      this.section = 'input';
      this.inputFormat = /^Input #0, (.*), from /.exec(line)?.[1] ?? null;
    }
    else if (/^Stream mapping:/.test(line)) this.section = 'mapping';
    else if (/^Output #0/.test(line)) this.section = 'output';
    else if (this.section === 'input') {
      const duration = parseDuration(line);
      if (duration !== null) this.durationS = duration;
      const stream = parseStreamLine(line);
      if (stream?.kind === 'Audio') this.audioStreams.push(audioInfo(stream, this.audioStreams.length));
    } else if (this.section === 'mapping') {
      const m = MAPPING.exec(line);
      if (m && this.mappedSpecifier === null) this.mappedSpecifier = m[1]!;
    }
  }

  get mappedStream(): AudioStreamInfo | null {
    return this.audioStreams.find((s) => s.specifier === this.mappedSpecifier) ?? this.audioStreams[0] ?? null;
  }

  private has(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(line));
  }

  /** True when ffmpeg finished but complained about damaged or missing data on the way. */
  get sawDamage(): boolean {
    return this.has(/partial file|corrupt|Invalid data found|error while decoding|Error while decoding|truncat/i);
  }

  /** The last few lines that look like errors: the "technical details" a user can report. */
  errorSummary(max = 3): string {
    const interesting = this.lines.filter((l) =>
      /error|invalid|not found|matches no streams|corrupt|partial|unsupported|failed|abort/i.test(l),
    );
    return (interesting.length ? interesting : this.lines).slice(-max).join('\n').trim();
  }

  /** Turns a failed run into the reason a user can act on. */
  classifyFailure(): MediaErrorInfo {
    const detail = this.errorSummary();
    if (this.inputFormat !== null && NOT_RECORDINGS.has(this.inputFormat)) return { code: 'not-media', detail: `${this.inputFormat}: ${detail}` };
    if (this.has(/matches no streams/) || (this.section !== 'before' && this.audioStreams.length === 0)) {
      return { code: 'no-audio', detail };
    }
    const missingDecoder = this.lines
      .map((l) => /Decoder \(codec ([\w-]+)\) not found/.exec(l) ?? /Unsupported codec with id \d+ for input stream/.exec(l))
      .find((m) => m !== null);
    if (missingDecoder) {
      return { code: 'unsupported-codec', detail, codec: missingDecoder[1] ?? this.mappedStream?.codec ?? '?' };
    }
    if (this.has(/Cannot allocate memory|out of memory|OOM/i)) return { code: 'out-of-memory', detail };
    // A container ffmpeg only guessed from the file name, that then made no sense: not media at all.
    if (this.has(/misdetection possible/)) return { code: 'not-media', detail };
    // The container was recognised, but its index or data ends early: a cut download.
    if (this.has(/moov atom not found|partial file|End of file|truncat/i)) return { code: 'truncated', detail };
    if (this.section === 'before' && this.has(/Invalid data found when processing input/)) {
      return { code: 'not-media', detail };
    }
    if (this.has(/Invalid data found|corrupt/i)) return { code: 'truncated', detail };
    return { code: 'decode-failed', detail };
  }
}
