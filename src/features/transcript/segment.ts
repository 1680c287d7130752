/** One recognised stretch of speech. Times are absolute seconds from the start of the media. */
export interface Segment {
  start: number;
  end: number;
  text: string;
}
