import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n/i18n.svelte';
import { Settings } from './app/settings.svelte';
import './app.css';

const settings = new Settings(location.search);
// A language the user picked explicitly beats the browser's preference.
if (settings.locale) i18n.locale = settings.locale;

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { settings } });

// End-to-end tests reach the media worker directly through this hook; it is a separate chunk
// that ordinary visits never load.
if (new URLSearchParams(location.search).get('test') === '1') {
  void import('./app/test-hook').then(({ installTestHook }) => installTestHook());
}
