/**
 * The models feature as other features see it: the only file they import from here (the
 * composition root, src/App.svelte and src/app/, wires the rest). Everything exported here runs in
 * a worker too: no Svelte state, nothing that reads localStorage when loaded.
 */
export { DTYPE_SUFFIX, loadDtypes, onnxFileName, WHISPER_SESSIONS, type StoredDtypes } from './hub/dtype-rule';
export { HUB_PATH_TEMPLATE } from './hub/hub';
export { installModelStore } from './store/cache-adapter';
