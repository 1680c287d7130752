/**
 * The transcript written out. Subtitle formats (SRT, VTT) follow the subtitle line rules; the text
 * and data formats (TXT, JSON, CSV) keep each segment whole, as edited. DOCX lives in docx.ts,
 * loaded only when asked for: its library is large.
 */
import type { Segment } from './segment';
import { formatClock, formatTimestamp } from '../../lib/time';
import { DEFAULT_SUBTITLE_RULES, toCues, type SubtitleRules } from './subtitle-rules';

export type TextFormat = 'txt' | 'txt-times' | 'srt' | 'vtt' | 'json' | 'csv';
export type ExportFormat = TextFormat | 'docx';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['txt', 'txt-times', 'srt', 'vtt', 'json', 'csv', 'docx'];

export const FILE_EXTENSIONS: Record<ExportFormat, string> = {
  txt: 'txt',
  'txt-times': 'txt',
  srt: 'srt',
  vtt: 'vtt',
  json: 'json',
  csv: 'csv',
  docx: 'docx',
};

export const MIME_TYPES: Record<ExportFormat, string> = {
  txt: 'text/plain;charset=utf-8',
  'txt-times': 'text/plain;charset=utf-8',
  srt: 'application/x-subrip;charset=utf-8',
  vtt: 'text/vtt;charset=utf-8',
  json: 'application/json;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** What the transcript is of and how it was made: the JSON export carries it, DOCX prints it. */
export interface TranscriptMeta {
  fileName: string;
  /** ISO 639-1 code of the spoken (or chosen) language, when known. */
  language: string | null;
  model: string | null;
  revision: string | null;
}

export interface ExportOptions {
  rules?: SubtitleRules;
  meta?: TranscriptMeta;
}

/**
 * Segments worth writing: trimmed, non-empty, with blank lines collapsed (a blank line ends a cue
 * in both SRT and WebVTT) and an end that is never before the start.
 */
export function cleanSegments(segments: readonly Segment[]): Segment[] {
  return segments
    .map((s) => ({
      ...s,
      end: Math.max(s.start, s.end),
      text: s.text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('\n'),
    }))
    .filter((s) => s.text !== '');
}

/** Plain text: one segment per line; with times, each line starts with `[m:ss]`. */
export function toTxt(segments: readonly Segment[], { times = false } = {}): string {
  const lines = cleanSegments(segments).map((s) => {
    const text = s.text.replace(/\n/g, ' ');
    return times ? `[${formatClock(s.start)}] ${text}` : text;
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** SubRip: numbered cues, `00:00:01,500 --> 00:00:03,000`, a blank line between cues. */
export function toSrt(segments: readonly Segment[], rules: SubtitleRules = DEFAULT_SUBTITLE_RULES): string {
  return toCues(cleanSegments(segments), rules)
    .map((c, i) => `${i + 1}\n${formatTimestamp(c.start, ',')} --> ${formatTimestamp(c.end, ',')}\n${c.text}\n`)
    .join('\n');
}

/** WebVTT: `WEBVTT` header, `00:00:01.500 --> 00:00:03.000` cues; `&`, `<`, `>` escaped as the spec requires. */
export function toVtt(segments: readonly Segment[], rules: SubtitleRules = DEFAULT_SUBTITLE_RULES): string {
  const body = toCues(cleanSegments(segments), rules)
    .map((c) => `${formatTimestamp(c.start, '.')} --> ${formatTimestamp(c.end, '.')}\n${escapeVttText(c.text)}\n`)
    .join('\n');
  return body ? `WEBVTT\n\n${body}` : 'WEBVTT\n';
}

function escapeVttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Everything the transcript holds, for other programs: segments (with words when present) and where they came from. */
export function toJson(segments: readonly Segment[], meta?: TranscriptMeta): string {
  const document = {
    file: meta?.fileName ?? null,
    language: meta?.language ?? null,
    model: meta?.model ?? null,
    revision: meta?.revision ?? null,
    segments: cleanSegments(segments).map(({ start, end, text, words }) => ({
      start: round3(start),
      end: round3(end),
      text,
      ...(words?.length ? { words: words.map((w) => ({ word: w.word, start: round3(w.start), end: round3(w.end) })) } : {}),
    })),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

/** RFC 4180 CSV with a header row; times in seconds, so spreadsheets can compute with them. */
export function toCsv(segments: readonly Segment[]): string {
  const rows = cleanSegments(segments).map((s) => [s.start.toFixed(3), s.end.toFixed(3), csvField(s.text)].join(','));
  return ['start,end,text', ...rows].join('\r\n') + '\r\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function formatTranscript(format: TextFormat, segments: readonly Segment[], { rules, meta }: ExportOptions = {}): string {
  switch (format) {
    case 'txt':
      return toTxt(segments);
    case 'txt-times':
      return toTxt(segments, { times: true });
    case 'srt':
      return toSrt(segments, rules);
    case 'vtt':
      return toVtt(segments, rules);
    case 'json':
      return toJson(segments, meta);
    case 'csv':
      return toCsv(segments);
  }
}
