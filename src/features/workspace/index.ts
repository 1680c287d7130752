/** The workspace: the media beside its transcript — player, editor, find/replace, shortcuts, exports. */
export { default as TranscriptWorkspace } from './Workspace.svelte';
export { SubtitleSettings } from './subtitle-settings.svelte';
