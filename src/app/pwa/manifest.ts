/**
 * The web app manifest (vite-plugin-pwa writes it as manifest.webmanifest and links it from
 * index.html). Icons are drawn by tools/icons/make-icons.mjs. Names stay short and bilingual-neutral:
 * the manifest has one language, and the app itself follows the browser's.
 */
import type { ManifestOptions } from 'vite-plugin-pwa';

export const APP_MANIFEST: Partial<ManifestOptions> = {
  name: 'Video to Text',
  short_name: 'Video→Text',
  description: 'Video and audio to text, privately, in the browser. Видео и аудио в текст прямо в браузере.',
  id: './',
  start_url: './',
  scope: './',
  display: 'standalone',
  theme_color: '#2f5bd3',
  background_color: '#f4f6fa',
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};
