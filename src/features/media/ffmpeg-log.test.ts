import { describe, expect, it } from 'vitest';
import { FfmpegLog, parseChannels, parseDuration, parseProgressTime, parseStreamLine } from './ffmpeg-log';

// Excerpts of real ffmpeg 5.1 output (the version inside @ffmpeg/core 0.12.10) for the files
// under ../shared/media, decoded with the app's own arguments.
const MP4_WITH_VIDEO = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'media.mp4':
  Metadata:
    major_brand     : isom
  Duration: 00:00:11.63, start: 0.000000, bitrate: 172 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt470bg/unknown/unknown, progressive), 320x180 [SAR 1:1 DAR 16:9], 71 kb/s, 30 fps, 30 tbr, 15360 tbn (default)
    Metadata:
      handler_name    : GPAC ISO Video Handler
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 95 kb/s (default)
Stream mapping:
  Stream #0:1 -> #0:0 (aac (native) -> pcm_f32le (native))
Output #0, f32le, to '/output.pcm':
  Stream #0:0(und): Audio: pcm_f32le, 16000 Hz, mono, flt, 512 kb/s (default)
size=       1kB time=00:00:00.02 bitrate= 512.0kbits/s speed= 584x
size=     363kB time=00:00:11.61 bitrate= 512.0kbits/s speed= 584x
video:0kB audio:363kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 0.000000%`;

const TWO_AUDIO_TRACKS = `Input #0, matroska,webm, from 'media.mkv':
  Duration: 00:00:11.06, start: 0.000000, bitrate: 170 kb/s
  Stream #0:0: Video: h264 (High), yuv420p(tv, bt470bg/unknown/unknown, progressive), 320x180 [SAR 1:1 DAR 16:9], 30 fps, 30 tbr, 1k tbn (default)
  Stream #0:1(rus): Audio: aac (LC), 16000 Hz, mono, fltp (default)
  Stream #0:2(eng): Audio: aac (LC), 44100 Hz, 5.1(side), fltp
Stream mapping:
  Stream #0:1 -> #0:0 (aac (native) -> pcm_f32le (native))
Output #0, f32le, to '/output.pcm':
  Stream #0:0(rus): Audio: pcm_f32le, 16000 Hz, mono, flt, 512 kb/s (default)`;

const NO_AUDIO = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'media.mp4':
  Duration: 00:00:10.00, start: 0.000000, bitrate: 1207 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1280x720, 1204 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
Stream map '0:a:0' matches no streams.
To ignore this, add a trailing '?' to the map.`;

// `ffmpeg -i notes.txt`: ffmpeg's tty demuxer reads any text file as ANSI art.
const TEXT_AS_ANSI_ART = `Input #0, tty, from '/input/media.txt':
  Duration: 00:00:00.28, start: 0.000000, bitrate: 45 kb/s
  Stream #0:0: Video: ansi, pal8, 640x400, 25 fps, 25 tbr, 25 tbn
At least one output file must be specified`;

const RANDOM_BYTES = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55f39778cc00] Format mov,mp4,m4a,3gp,3g2,mj2 detected only with low score of 1, misdetection possible!
[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55f39778cc00] moov atom not found
/input/media.mp4: Invalid data found when processing input`;

const CUT_DOWNLOAD = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55854521ab80] moov atom not found
/input/media.mp4: Invalid data found when processing input`;

const TEXT_FILE = `/input/media.bin: Invalid data found when processing input`;

const CUT_FASTSTART = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'media.mp4':
  Duration: 00:00:11.63, start: 0.000000, bitrate: 172 kb/s
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 95 kb/s (default)
Stream mapping:
  Stream #0:1 -> #0:0 (aac (native) -> pcm_f32le (native))
Output #0, f32le, to '/output.pcm':
[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d51e1cabc0] Packet corrupt (stream = 1, dts = 241664).
/input/media.mp4: corrupt input packet in stream 1
[aac @ 0x55d51e1cf180] Input buffer exhausted before END element found
Error while decoding stream #0:1: Invalid data found when processing input
[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d51e1cabc0] stream 1, offset 0x1e8e0: partial file
size=     342kB time=00:00:05.47 bitrate= 512.0kbits/s speed=1.14e+03x`;

const MISSING_DECODER = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'media.mp4':
  Duration: 00:00:02.02, start: 0.000000, bitrate: 387 kb/s
  Stream #0:0[0x1](und): Audio: ac3 (ac-3 / 0x332D6361), 48000 Hz, 5.1(side), fltp, 384 kb/s (default)
Stream mapping:
  Stream #0:0 -> #0:0 (ac3 (native) -> pcm_f32le (native))
Decoder (codec ac3) not found for input stream #0:0`;

function logOf(text: string): FfmpegLog {
  const log = new FfmpegLog();
  for (const line of text.split('\n')) log.push(line);
  return log;
}

describe('line parsers', () => {
  it('reads durations, including their absence', () => {
    expect(parseDuration('  Duration: 00:01:36.66, bitrate: 145 kb/s')).toBeCloseTo(96.66);
    expect(parseDuration('  Duration: 01:00:00.00, start: 0.0')).toBe(3600);
    expect(parseDuration('  Duration: N/A, start: 0.000000, bitrate: N/A')).toBeNull();
  });

  it('reads progress times', () => {
    expect(parseProgressTime('size=     363kB time=00:00:11.61 bitrate= 512.0kbits/s')).toBeCloseTo(11.61);
    expect(parseProgressTime('size=N/A time=-00:00:00.02 bitrate=N/A')).toBe(0);
    expect(parseProgressTime('Stream mapping:')).toBeNull();
  });

  it('counts channels from layout names', () => {
    expect(parseChannels('mono')).toBe(1);
    expect(parseChannels('stereo')).toBe(2);
    expect(parseChannels('5.1(side)')).toBe(6);
    expect(parseChannels('3 channels')).toBe(3);
    expect(parseChannels('fltp')).toBeNull();
  });

  it('splits stream lines with and without ids and languages', () => {
    expect(parseStreamLine('  Stream #0:1[0x2](und): Audio: aac (LC), 44100 Hz, stereo')).toMatchObject({
      specifier: '0:1',
      language: null,
      kind: 'Audio',
    });
    expect(parseStreamLine('  Stream #0:2(eng): Audio: aac (LC), 44100 Hz, mono, fltp')).toMatchObject({
      specifier: '0:2',
      language: 'eng',
    });
    expect(parseStreamLine('  Stream #0:0: Video: h264 (High)')?.kind).toBe('Video');
  });
});

describe('FfmpegLog on successful runs', () => {
  it('finds duration, audio streams, the mapped stream and the final time', () => {
    const log = logOf(MP4_WITH_VIDEO);
    expect(log.durationS).toBeCloseTo(11.63);
    expect(log.audioStreams).toEqual([
      { specifier: '0:1', audioIndex: 0, codec: 'aac', sampleRate: 44100, channels: 2, language: null },
    ]);
    expect(log.mappedStream?.specifier).toBe('0:1');
    expect(log.timeS).toBeCloseTo(11.61);
    expect(log.sawDamage).toBe(false);
  });

  it('ignores the output stream and keeps every input audio stream', () => {
    const log = logOf(TWO_AUDIO_TRACKS);
    expect(log.audioStreams.map((s) => [s.specifier, s.language, s.channels])).toEqual([
      ['0:1', 'rus', 1],
      ['0:2', 'eng', 6],
    ]);
    expect(log.mappedStream?.language).toBe('rus');
  });

  it('reports progress lines as progress, not as log lines', () => {
    const log = new FfmpegLog();
    expect(log.push('size=       1kB time=00:00:02.50 bitrate= 512.0kbits/s speed= 584x')).toBe(true);
    expect(log.push('Stream mapping:')).toBe(false);
    expect(log.timeS).toBe(2.5);
    expect(log.lines).toEqual(['Stream mapping:']);
  });

  it('notices damaged data in a run that still finished', () => {
    const log = logOf(CUT_FASTSTART);
    expect(log.sawDamage).toBe(true);
    expect(log.timeS).toBeCloseTo(5.47);
  });
});

describe('FfmpegLog.classifyFailure', () => {
  it('calls a text file opened as ANSI art not media, not a video without sound', () => {
    const log = logOf(TEXT_AS_ANSI_ART);
    expect(log.inputFormat).toBe('tty');
    expect(log.audioStreams).toEqual([]);
    expect(log.classifyFailure().code).toBe('not-media');
    expect(logOf(NO_AUDIO).inputFormat).toBe('mov,mp4,m4a,3gp,3g2,mj2');
  });

  it('tells a file without audio', () => {
    expect(logOf(NO_AUDIO).classifyFailure().code).toBe('no-audio');
  });

  it('tells random bytes that only look like MP4 by name', () => {
    expect(logOf(RANDOM_BYTES).classifyFailure().code).toBe('not-media');
  });

  it('tells an MP4 cut before its index', () => {
    const error = logOf(CUT_DOWNLOAD).classifyFailure();
    expect(error.code).toBe('truncated');
    expect(error.detail).toContain('moov atom not found');
  });

  it('tells a file no demuxer recognises', () => {
    expect(logOf(TEXT_FILE).classifyFailure().code).toBe('not-media');
  });

  it('names the codec that has no decoder', () => {
    expect(logOf(MISSING_DECODER).classifyFailure()).toMatchObject({ code: 'unsupported-codec', codec: 'ac3' });
  });

  it('falls back to a generic failure with details', () => {
    const error = logOf('Input #0, wav, from \'x.wav\':\n  Stream #0:0: Audio: pcm_s16le, 16000 Hz, mono\nsomething odd happened').classifyFailure();
    expect(error.code).toBe('decode-failed');
    expect(error.detail).toContain('something odd happened');
  });
});
