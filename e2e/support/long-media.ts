import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { generated, GENERATED_DIR } from './paths';
import { makeSpeech, readTruth, type SpeechSpec } from './media';

/**
 * Long recordings for the engine tests, composed from the project's espeak speech (true times
 * from make_media.py) with stretches of near-silence and of "music" between: synthetic chords,
 * plucked at two beats a second, loud and rhythmic enough that an energy detector alone would
 * call them speech. Written as AAC in MP4 (audio only), cached in .cache/e2e-media.
 */

const RATE = 16_000;

export interface Block {
  /** Where the speech clip is placed (its file starts here; the speech a little later). */
  at: number;
  speech: SpeechSpec;
}

export interface LongSpec {
  name: string;
  durationS: number;
  blocks: Block[];
  /** Filler between blocks, by index of the gap before block i (the gap after the last block is last). */
  fillers: ('silence' | 'music')[];
}

export interface LongTruth {
  durationS: number;
  blocks: { start: number; end: number; firstSegmentStart: number; text: string; language: string }[];
  fillers: { start: number; end: number; kind: 'silence' | 'music' }[];
}

/** Deterministic white noise (xorshift32), the room noise under everything: -62 dBFS. */
function addNoise(out: Float32Array, seed = 0x2545f491): void {
  let x = seed >>> 0;
  const amp = 10 ** (-62 / 20) * Math.sqrt(3);
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i]! += (x / 2 ** 31 - 1) * amp;
  }
}

const CHORDS = [
  [261.63, 329.63, 392.0], // C major
  [220.0, 261.63, 329.63], // A minor
  [174.61, 220.0, 261.63], // F major
  [196.0, 246.94, 293.66], // G major
];

/** Chords with two harmonics each, a new one every 2 s, plucked twice a second (decaying). */
function addMusic(out: Float32Array, from: number, to: number): void {
  for (let i = Math.round(from * RATE); i < Math.round(to * RATE); i++) {
    const t = i / RATE;
    const chord = CHORDS[Math.floor(t / 2) % CHORDS.length]!;
    const envelope = 0.12 * Math.exp(-4 * (t % 0.5));
    let v = 0;
    for (const f of chord) v += Math.sin(2 * Math.PI * f * t) + 0.4 * Math.sin(4 * Math.PI * f * t) + 0.2 * Math.sin(6 * Math.PI * f * t);
    out[i]! += envelope * v;
  }
}

function speechPcm(file: string): Float32Array {
  const bytes = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-ac', '1', '-ar', String(RATE), '-f', 'f32le', '-'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 4)));
}

/** Gap (s) kept silent between music and speech, as between tracks. */
const GUARD_S = 2;

export function makeLongRecording(spec: LongSpec): { file: string; truth: LongTruth } {
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 8);
  const file = generated(`long-${spec.name}-${hash}.mp4`);
  const truthFile = `${file}.json`;
  if (existsSync(file) && existsSync(truthFile)) {
    return { file, truth: JSON.parse(readFileSync(truthFile, 'utf8')) as LongTruth };
  }
  mkdirSync(GENERATED_DIR, { recursive: true });
  const out = new Float32Array(Math.round(spec.durationS * RATE));
  const truth: LongTruth = { durationS: spec.durationS, blocks: [], fillers: [] };
  for (const block of spec.blocks) {
    const clip = makeSpeech(block.speech);
    const clipTruth = readTruth(clip);
    const pcm = speechPcm(clip);
    out.set(pcm.subarray(0, out.length - Math.round(block.at * RATE)), Math.round(block.at * RATE));
    truth.blocks.push({
      start: block.at + clipTruth.segments[0]!.start,
      end: block.at + clipTruth.segments.at(-1)!.end,
      firstSegmentStart: block.at + clipTruth.segments[0]!.start,
      text: clipTruth.text,
      language: clipTruth.language,
    });
  }
  // Fillers fill each gap between speech, leaving GUARD_S of quiet at both ends.
  const edges = [0, ...truth.blocks.flatMap((b) => [b.start, b.end]), spec.durationS];
  for (let gap = 0; gap < edges.length / 2; gap++) {
    const start = edges[gap * 2]! + (gap === 0 ? 0 : GUARD_S);
    const end = edges[gap * 2 + 1]! - (gap === edges.length / 2 - 1 ? 0 : GUARD_S);
    const kind = spec.fillers[gap] ?? 'silence';
    if (end <= start) continue;
    if (kind === 'music') addMusic(out, start, end);
    truth.fillers.push({ start, end, kind });
  }
  addNoise(out);

  const raw = generated(`long-${spec.name}-${hash}.f32`);
  writeFileSync(raw, new Uint8Array(out.buffer));
  const partial = `${file}.part.mp4`;
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'f32le', '-ar', String(RATE), '-ac', '1', '-i', raw,
    '-c:a', 'aac', '-b:a', '48k', '-movflags', '+faststart', partial,
  ]);
  rmSync(raw);
  renameSync(partial, file);
  writeFileSync(truthFile, JSON.stringify(truth, null, 1));
  return { file, truth };
}

/** 20 minutes: Russian speech every 2 minutes, silence and music alternating between. */
export const TWENTY_MINUTES: LongSpec = {
  name: '20min',
  durationS: 1200,
  blocks: Array.from({ length: 10 }, (_, k) => ({
    at: 120 * k + 20,
    speech: { lang: 'ru', sentences: 3, seed: 500 + k, offset: 0.5, format: 'wav' } satisfies SpeechSpec,
  })),
  fillers: Array.from({ length: 11 }, (_, k) => (k % 2 === 0 ? 'silence' : 'music')),
};

/** One hour: the same English clip at the start and just before the end, room noise between. */
const CLIP: SpeechSpec = { lang: 'en', sentences: 2, seed: 77, offset: 0.5, format: 'wav' };
export const ONE_HOUR: LongSpec = {
  name: '1h',
  durationS: 3600,
  blocks: [
    { at: 5, speech: CLIP },
    { at: 3585, speech: CLIP },
  ],
  fillers: ['silence', 'silence', 'silence'],
};
