import type { Segment } from './segment';
import { formatTimestamp } from '../../lib/time';

export type ExportFormat = 'txt' | 'srt' | 'vtt';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['txt', 'srt', 'vtt'];

export const MIME_TYPES: Record<ExportFormat, string> = {
  txt: 'text/plain;charset=utf-8',
  srt: 'application/x-subrip;charset=utf-8',
  vtt: 'text/vtt;charset=utf-8',
};

/**
 * Segments worth writing: trimmed, non-empty, with blank lines collapsed (a blank line ends a cue
 * in both SRT and WebVTT) and an end that is never before the start.
 */
function cues(segments: readonly Segment[]): Segment[] {
  return segments
    .map((s) => ({
      start: s.start,
      end: Math.max(s.start, s.end),
      text: s.text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('\n'),
    }))
    .filter((s) => s.text !== '');
}

/** Plain text: one segment per line, no timestamps. */
export function toTxt(segments: readonly Segment[]): string {
  const lines = cues(segments).map((s) => s.text.replace(/\n/g, ' '));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** SubRip: numbered cues, `00:00:01,500 --> 00:00:03,000`, a blank line between cues. */
export function toSrt(segments: readonly Segment[]): string {
  return cues(segments)
    .map(
      (s, i) =>
        `${i + 1}\n${formatTimestamp(s.start, ',')} --> ${formatTimestamp(s.end, ',')}\n${s.text}\n`,
    )
    .join('\n');
}

/** WebVTT: `WEBVTT` header, `00:00:01.500 --> 00:00:03.000` cues; `&`, `<`, `>` escaped as the spec requires. */
export function toVtt(segments: readonly Segment[]): string {
  const body = cues(segments)
    .map(
      (s) =>
        `${formatTimestamp(s.start, '.')} --> ${formatTimestamp(s.end, '.')}\n${escapeVttText(s.text)}\n`,
    )
    .join('\n');
  return body ? `WEBVTT\n\n${body}` : 'WEBVTT\n';
}

function escapeVttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function formatTranscript(format: ExportFormat, segments: readonly Segment[]): string {
  switch (format) {
    case 'txt':
      return toTxt(segments);
    case 'srt':
      return toSrt(segments);
    case 'vtt':
      return toVtt(segments);
  }
}
