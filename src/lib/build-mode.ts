/**
 * True only in a test build (`vite build --mode test`, and Vitest). Code behind `if (TEST_BUILD)`
 * is dropped from `npm run build`, the bundle users get: test hooks and fault switches never ship.
 */
export const TEST_BUILD = import.meta.env.MODE === 'test';
