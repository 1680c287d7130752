/** What other features may use of the transcript: the segment types the engine produces. */
export type { Segment, Word } from './segment';
