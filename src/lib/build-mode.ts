/**
 * True only in a `vite build --mode test` bundle (and under vitest, whose mode is `test`). Vite
 * replaces `import.meta.env.MODE` at build time, so in a production build every `if (TEST_BUILD)`
 * branch is constant-false and the bundler drops it with whatever only it uses: switches that
 * exist for tests and benchmarks never ship to users.
 */
export const TEST_BUILD = import.meta.env.MODE === 'test';
