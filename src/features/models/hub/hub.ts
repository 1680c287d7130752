/** Where models come from: the Hugging Face Hub, or any server with the Hub's URL layout. */

export const DEFAULT_HUB_URL = 'https://huggingface.co/';

/** The Hub's file layout, as transformers.js fills it in after the host. */
export const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';

/**
 * A hub base URL in canonical form (`http(s)://host[:port][/path]/`, with a trailing slash), or
 * null when the text is not an http(s) URL. Query and fragment are dropped: they cannot be part
 * of a base that paths are appended to.
 */
export function normalizeHubUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}/`;
}

/** The host part a person recognises ("hf-mirror.com", "127.0.0.1:8090"), for dialogs and labels. */
export function hostOf(url: string): string {
  return new URL(url).host;
}

/** Whether a server is the Hugging Face Hub itself (where checksums are authoritative). */
export function isDefaultHub(url: string): boolean {
  return new URL(url).origin === new URL(DEFAULT_HUB_URL).origin;
}

