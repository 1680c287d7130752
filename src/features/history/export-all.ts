/**
 * "Export all": every listed transcript as SRT, VTT, TXT and JSON in one zip, through fflate
 * (loaded only when asked for). Names keep each media file's name; a repeated name gets a number.
 */
import { exportFileName, formatTranscript, type SubtitleRules, type TextFormat } from '../transcript';
import type { TranscriptRecord } from './record';

const FORMATS: readonly TextFormat[] = ['srt', 'vtt', 'txt', 'json'];

export async function zipTranscripts(records: readonly TranscriptRecord[], rules: SubtitleRules): Promise<Blob> {
  const { zipSync, strToU8 } = await import('fflate');
  const files: Record<string, Uint8Array> = {};
  const used = new Set<string>();
  for (const record of records) {
    let base = record.fileName;
    for (let n = 2; used.has(base); n++) base = record.fileName.replace(/(\.[^.]+)?$/, ` (${n})$1`);
    used.add(base);
    const meta = { fileName: record.fileName, language: record.language, model: record.model, revision: record.revision };
    for (const format of FORMATS) {
      files[exportFileName(base, format)] = strToU8(formatTranscript(format, record.segments, { rules, meta }));
    }
  }
  return new Blob([zipSync(files, { level: 6 }) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
