/** What other features may use of the transcript: the document model, its formats and how they are saved. */
export type { Segment, Word } from './segment';
export { TranscriptDocument, MIN_SEGMENT_S, type DocSegment, type TextChange } from './document';
export { wordRuns, type TextRun } from './word-runs';
export {
  EXPORT_FORMATS,
  formatTranscript,
  toSrt,
  toVtt,
  type ExportFormat,
  type TextFormat,
  type TranscriptMeta,
} from './formats';
export { DEFAULT_SUBTITLE_RULES, RULE_LIMITS, sanitizeRules, toCues, type Cue, type SubtitleRules } from './subtitle-rules';
export { downloadBlob, exportBlob, exportFileName, replaceExtension } from './save';
