/**
 * "Save video with subtitles": which container the result is, and the run in a media worker of its
 * own (a failed mux must not take down the worker that decodes for a running transcription).
 */
import { MediaClient, SUBTITLE_FORMAT, trackLanguageTag, type MuxContainer } from '../media';
import { toSrt, toVtt, type Segment, type SubtitleRules } from '../transcript';

const CONTAINER_BY_EXTENSION: Record<string, MuxContainer> = { mp4: 'mp4', m4v: 'mp4', mov: 'mov', mkv: 'mkv', webm: 'webm' };
/** Other video files keep their streams in Matroska, which takes almost any codec as it is. */
const OTHER_VIDEO = new Set(['avi', 'ts', 'mts', 'm2ts', 'flv', 'wmv', 'asf', '3gp', 'ogv', 'mpg', 'mpeg', 'vob']);

export function muxContainerFor(fileName: string): MuxContainer | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return CONTAINER_BY_EXTENSION[extension] ?? (OTHER_VIDEO.has(extension) ? 'mkv' : null);
}

export interface MuxResult {
  fileName: string;
  blob: Blob;
}

export async function muxSubtitles(
  file: File,
  segments: readonly Segment[],
  { rules, language, signal, onProgress }: { rules: SubtitleRules; language: string | null; signal: AbortSignal; onProgress: (fraction: number | null) => void },
): Promise<MuxResult> {
  const container = muxContainerFor(file.name);
  if (!container) throw new Error(`no video container for ${file.name}`);
  const subtitles = SUBTITLE_FORMAT[container].text === 'vtt' ? toVtt(segments, rules) : toSrt(segments, rules);
  const client = new MediaClient();
  try {
    const blob = await client.mux(file, { container, subtitles, language: trackLanguageTag(language) }, {
      signal,
      onProgress: ({ processedS, durationS }) => onProgress(durationS ? Math.min(1, processedS / durationS) : null),
    });
    const base = file.name.replace(/\.[^.]+$/, '');
    return { fileName: `${base}.subtitled.${container}`, blob };
  } finally {
    client.dispose();
  }
}
