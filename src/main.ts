import { mount } from 'svelte';
import App from './App.svelte';
import { TranscriptionJob } from './app/job.svelte';
import { Settings } from './app/settings.svelte';
import { testKnobsFromUrl } from './test-entry/knobs';
import { i18n } from './lib/i18n/i18n.svelte';
import './app.css';

const settings = new Settings();
// A language the user picked explicitly beats the browser's preference.
if (settings.locale) i18n.locale = settings.locale;

// Fault switches from the page address exist only in a test build (the condition is constant there).
const job = new TranscriptionJob(import.meta.env.MODE === 'test' ? testKnobsFromUrl(location.search) : undefined);
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { settings, job } });

// The test entry: only a test build has it (`vite build --mode test`; `npm run build` drops this
// branch), and only pages opened with ?test=1 load it.
if (import.meta.env.MODE === 'test' && new URLSearchParams(location.search).get('test') === '1') {
  void import('./test-entry/hook').then(({ installTestHook }) => installTestHook(job));
}
