/**
 * Energy-based speech detection, enough to skip the silent stretches of a long recording (the
 * windows Whisper would otherwise fill with invented text, and whose decoding costs time): a
 * frame is loud when it stands both above an absolute floor and clearly above the window's own
 * noise floor (its quietest frames), so steady room noise or hiss does not count, whatever its level.
 */

export interface SpeechRegion {
  startS: number;
  endS: number;
}

/** Analysis frame: 20 ms, about one pitch period's multiple, short enough to place a speech start. */
const FRAME_S = 0.02;
/** Quieter than this is silence whatever the noise floor (-50 dBFS: a whisper far from the microphone). */
const ABSOLUTE_FLOOR_DB = -50;
/** Speech stands at least this far above the window's noise floor. */
const ABOVE_NOISE_DB = 12;
/** The noise floor is the level of the quietest 10 % of frames. */
const NOISE_PERCENTILE = 0.1;
/** Gaps shorter than this inside speech (stops, short pauses) do not split a region. */
const MERGE_GAP_S = 0.3;
/** A region shorter than this is a click or a knock, not speech. */
const MIN_REGION_S = 0.12;

function frameLevelsDb(pcm: Float32Array, frame: number): Float32Array {
  const count = Math.floor(pcm.length / frame);
  const levels = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += pcm[i]! * pcm[i]!;
    levels[f] = 10 * Math.log10(sum / frame + 1e-12);
  }
  return levels;
}

export function speechRegions(pcm: Float32Array, sampleRate: number): SpeechRegion[] {
  const frame = Math.round(FRAME_S * sampleRate);
  const levels = frameLevelsDb(pcm, frame);
  if (levels.length === 0) return [];
  const sorted = [...levels].sort((a, b) => a - b);
  const noiseFloor = sorted[Math.floor((sorted.length - 1) * NOISE_PERCENTILE)]!;
  const threshold = Math.max(ABSOLUTE_FLOOR_DB, noiseFloor + ABOVE_NOISE_DB);

  const regions: SpeechRegion[] = [];
  for (let f = 0; f < levels.length; f++) {
    if (levels[f]! < threshold) continue;
    const startS = f * FRAME_S;
    const endS = (f + 1) * FRAME_S;
    const last = regions.at(-1);
    if (last && startS - last.endS <= MERGE_GAP_S) last.endS = endS;
    else regions.push({ startS, endS });
  }
  return regions.filter((r) => r.endS - r.startS >= MIN_REGION_S);
}
