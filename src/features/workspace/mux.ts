/**
 * "Save video with subtitles", run in a media worker of its own (a failed mux must not take down
 * the worker that decodes for a running transcription). Loaded only when asked for.
 */
import { MediaClient, SUBTITLE_FORMAT, trackLanguageTag } from '../media';
import { toSrt, toVtt, type Segment, type SubtitleRules } from '../transcript';
import { muxContainerFor } from './mux-container';

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
