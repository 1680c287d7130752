/**
 * Speech detection without a model, enough to skip the stretches of a long recording Whisper would
 * otherwise fill with invented text (and whose decoding costs time):
 * - energy: a frame is loud when it stands both above an absolute floor and clearly above the
 *   window's own noise floor (its quietest frames), so steady room noise or hiss never counts;
 * - spectral change: speech moves its spectrum all the time (formants, pitch glides, consonants),
 *   while tones, chords and held notes keep the same spectral shape for hundreds of milliseconds
 *   however their loudness rises and decays. A loud region whose shape barely changes over 40 ms
 *   is music or a tone, not speech. (Singing or speech over music still passes: that needs a VAD model.)
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
/** Regions closer than this belong to one phrase when judging spectral change. */
const PHRASE_GAP_S = 1;
/** A phrase shorter than this, alone, is a knock or a note's attack, not a word. */
const MIN_PHRASE_S = 0.25;
/** A region shorter than this is a click or a knock, not speech. */
const MIN_REGION_S = 0.12;

/** Spectral frames: 32 ms (512 samples at 16 kHz) every 10 ms, compared 40 ms apart. */
const SPECTRUM_SIZE = 512;
const SPECTRUM_HOP_S = 0.01;
const CHANGE_LAG = 4;
/** Bands spaced evenly in log frequency over the range that carries speech. */
const BAND_COUNT = 24;
const BAND_LOW_HZ = 100;
const BAND_HIGH_HZ = 6000;
/**
 * Upper-quartile spectral change (total variation between normalised band spectra 40 ms apart,
 * 0…1) below which a phrase is not speech. The upper quartile, not the median: speech changes in
 * most frames, a plucked chord only at its attacks. Measured per 3 s: recorded speech (LJSpeech,
 * LibriSpeech, the JFK clip, Russian corpora) 0.48–0.77, the test model's held-out espeak speech
 * ≥ 0.50, synthetic chords ≤ 0.29.
 */
const MIN_SPEECH_CHANGE = 0.4;
/** Which quantile of a phrase's frame-to-frame changes is compared with MIN_SPEECH_CHANGE. */
const CHANGE_QUANTILE = 0.75;

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
  const loud = regions.filter((r) => r.endS - r.startS >= MIN_REGION_S);
  // Spectral change is judged over a phrase (regions less than PHRASE_GAP_S apart), never over a
  // single burst: a note's attack alone changes the spectrum as much as speech does.
  const kept: SpeechRegion[] = [];
  for (let i = 0; i < loud.length; ) {
    let j = i + 1;
    while (j < loud.length && loud[j]!.startS - loud[j - 1]!.endS < PHRASE_GAP_S) j++;
    const phrase = { startS: loud[i]!.startS, endS: loud[j - 1]!.endS };
    const long = phrase.endS - phrase.startS >= MIN_PHRASE_S;
    if (long && spectralChange(pcm, sampleRate, phrase) >= MIN_SPEECH_CHANGE) kept.push(...loud.slice(i, j));
    i = j;
  }
  return kept;
}

/** In-place radix-2 FFT of (re, im), length a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
      }
    }
  }
}

/** Band energies of one frame, normalised to sum 1 (the spectrum's shape, not its loudness). */
function bandShape(pcm: Float32Array, start: number, window: Float64Array, bandOf: Int16Array): Float64Array {
  const re = new Float64Array(SPECTRUM_SIZE);
  const im = new Float64Array(SPECTRUM_SIZE);
  for (let i = 0; i < SPECTRUM_SIZE; i++) re[i] = (pcm[start + i] ?? 0) * window[i]!;
  fft(re, im);
  const bands = new Float64Array(BAND_COUNT);
  for (let k = 0; k <= SPECTRUM_SIZE / 2; k++) {
    const band = bandOf[k]!;
    if (band >= 0) bands[band]! += re[k]! * re[k]! + im[k]! * im[k]!;
  }
  let sum = 1e-12;
  for (const e of bands) sum += e;
  for (let b = 0; b < BAND_COUNT; b++) bands[b]! /= sum;
  return bands;
}

/** The CHANGE_QUANTILE over a region of how much the spectral shape changes in CHANGE_LAG hops (0 = not at all, 1 = completely). */
export function spectralChange(pcm: Float32Array, sampleRate: number, region: SpeechRegion): number {
  const hop = Math.round(SPECTRUM_HOP_S * sampleRate);
  const window = Float64Array.from({ length: SPECTRUM_SIZE }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (SPECTRUM_SIZE - 1)));
  const bandOf = new Int16Array(SPECTRUM_SIZE / 2 + 1).fill(-1);
  const ratio = BAND_HIGH_HZ / BAND_LOW_HZ;
  for (let k = 0; k <= SPECTRUM_SIZE / 2; k++) {
    const hz = (k * sampleRate) / SPECTRUM_SIZE;
    if (hz >= BAND_LOW_HZ && hz < BAND_HIGH_HZ) bandOf[k] = Math.floor((Math.log(hz / BAND_LOW_HZ) / Math.log(ratio)) * BAND_COUNT);
  }
  const first = Math.floor((region.startS * sampleRate) / hop);
  const last = Math.min(Math.floor((region.endS * sampleRate - SPECTRUM_SIZE) / hop), Math.floor((pcm.length - SPECTRUM_SIZE) / hop));
  const shapes: Float64Array[] = [];
  const changes: number[] = [];
  for (let f = first; f <= last; f++) {
    shapes.push(bandShape(pcm, f * hop, window, bandOf));
    const earlier = shapes[shapes.length - 1 - CHANGE_LAG];
    if (!earlier) continue;
    const now = shapes.at(-1)!;
    let distance = 0;
    for (let b = 0; b < BAND_COUNT; b++) distance += Math.abs(now[b]! - earlier[b]!);
    changes.push(distance / 2);
  }
  // Too short to judge: let the energy decide.
  if (changes.length === 0) return 1;
  changes.sort((a, b) => a - b);
  return changes[Math.floor((changes.length - 1) * CHANGE_QUANTILE)]!;
}
