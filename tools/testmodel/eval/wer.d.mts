/** Types of wer.mjs, for the TypeScript e2e specs that share it. */
export declare function normalizeWords(text: string): string[];
export declare function wordEdits(ref: string[], hyp: string[]): number;
export declare function wordErrorRate(reference: string, hypothesis: string): number;
