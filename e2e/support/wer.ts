// One word error rate for the whole project: the test model's own evaluation defines it.
export { normalizeWords, wordErrorRate } from '../../tools/testmodel/eval/wer.mjs';
