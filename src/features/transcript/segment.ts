/** A word with its own times, where the model gives them (absolute seconds). */
export interface Word {
  word: string;
  start: number;
  end: number;
}

/** One recognised stretch of speech. Times are absolute seconds from the start of the media. */
export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Present only when the model gives word timestamps. */
  words?: Word[];
}
