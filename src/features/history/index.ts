/** Saved transcripts: the records, their store and the history panel. */
export { TranscriptHistory } from './history.svelte';
export { fingerprint } from './fingerprint';
export type { TranscriptRecord, RecordStatus } from './record';
export { default as HistoryPanel } from './HistoryPanel.svelte';
export { BatchQueue } from './queue.svelte';
export { default as QueuePanel } from './QueuePanel.svelte';
