import type { Segment } from '../transcript';

/**
 * The segment the playhead is in: the first whose span holds `time` (start inclusive, end
 * exclusive), or -1 in a pause between segments. A linear scan: a few thousand comparisons per
 * frame cost nothing, and edits may leave segments out of time order, which a search could not take.
 */
export function activeSegmentAt(segments: readonly Segment[], time: number): number {
  return segments.findIndex((s) => s.start <= time && time < s.end);
}
