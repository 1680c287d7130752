import type { Segment } from './segment';
import { formatTranscript, MIME_TYPES, type ExportFormat } from './formats';

/** `lecture.final.mp4` → `lecture.final.srt`; the transcript keeps the media's name. */
export function exportFileName(mediaName: string, format: ExportFormat): string {
  const dot = mediaName.lastIndexOf('.');
  const base = dot > 0 ? mediaName.slice(0, dot) : mediaName || 'transcript';
  return `${base}.${format}`;
}

/** Saves the transcript through a temporary object URL: the text never leaves the device. */
export function saveTranscript(mediaName: string, format: ExportFormat, segments: readonly Segment[]): void {
  const blob = new Blob([formatTranscript(format, segments)], { type: MIME_TYPES[format] });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(mediaName, format);
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: revoking synchronously can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
