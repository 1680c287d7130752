/** What other features may use of the media feature: the worker's client, its errors and the mux facts. */
export { MediaClient } from './client';
export { MediaError, MUX_MAX_INPUT_BYTES, SUBTITLE_FORMAT, type MuxContainer, type MediaErrorInfo } from './protocol';
export { mediaErrorMessage } from './messages';
export { trackLanguageTag } from './language-tags';
