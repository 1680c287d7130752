/**
 * Word error rate after the usual normalisation: lower case, punctuation dropped, ё → е
 * (Russian spelling varies), whitespace collapsed.
 * @param {string} text
 * @returns {string[]}
 */
export function normalizeWords(text) {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/(^|\s)['-]+|['-]+(?=\s|$)/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Word-level edit distance (substitutions + deletions + insertions).
 * @param {string[]} ref
 * @param {string[]} hyp
 */
export function wordEdits(ref, hyp) {
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = previous[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    previous = current;
  }
  return previous[hyp.length];
}

/**
 * (substitutions + deletions + insertions) / reference words.
 * @param {string} reference
 * @param {string} hypothesis
 */
export function wordErrorRate(reference, hypothesis) {
  const ref = normalizeWords(reference);
  const hyp = normalizeWords(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return wordEdits(ref, hyp) / ref.length;
}
