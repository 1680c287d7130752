import type { Segment } from './segment';
import { FILE_EXTENSIONS, formatTranscript, MIME_TYPES, type ExportFormat, type ExportOptions } from './formats';
import type { DocxLabels } from './docx';

/** `lecture.final.mp4` → `lecture.final.srt`; the transcript keeps the media's name. */
export function exportFileName(mediaName: string, format: ExportFormat): string {
  return replaceExtension(mediaName, FILE_EXTENSIONS[format]);
}

export function replaceExtension(mediaName: string, extension: string): string {
  const dot = mediaName.lastIndexOf('.');
  const base = dot > 0 ? mediaName.slice(0, dot) : mediaName || 'transcript';
  return `${base}.${extension}`;
}

/** The export as a file's contents; DOCX loads its library on first use. */
export async function exportBlob(
  format: ExportFormat,
  segments: readonly Segment[],
  options: ExportOptions & { docx: DocxLabels },
): Promise<Blob> {
  if (format === 'docx') {
    const { toDocx } = await import('./docx');
    return toDocx(segments, options.docx);
  }
  return new Blob([formatTranscript(format, segments, options)], { type: MIME_TYPES[format] });
}

/** Saves a file through a temporary object URL: nothing leaves the device. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: revoking synchronously can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
