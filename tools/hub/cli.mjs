#!/usr/bin/env node
// @ts-check
/**
 * Runs the local Hub until killed:
 *   node tools/hub/cli.mjs [--port 8090] [--host 127.0.0.1] [--cdn-redirect] [--gated owner/name] [extra roots...]
 * The test models (tools/testmodel/models) are always served; extra roots are searched after them.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ROOT, startHub } from './server.mjs';

const USAGE = `Usage: node tools/hub/cli.mjs [options] [root...]

Serves {root}/{owner}/{name}/ model repos (folders with a config.json) like huggingface.co.
The default root ${DEFAULT_ROOT} is always served first.

Options:
  -p, --port <n>        port (default: $HUB_PORT or 8090; 0 picks a free one)
      --host <addr>     address to listen on (default: 127.0.0.1)
      --cdn-redirect    answer LFS downloads with a 302 to /__cdn/..., like the real Hub
      --gated <id>      require an Authorization header to download this repo (repeatable)
      --files <dir>     serve this folder's files at /files/... (archives; repeatable)
  -h, --help            show this help`;

/** @param {string} message */
function fail(message) {
  console.error(`hub: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', default: '127.0.0.1' },
      'cdn-redirect': { type: 'boolean', default: false },
      gated: { type: 'string', multiple: true, default: [] },
      files: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values, positionals } = /** @type {NonNullable<typeof args>} */ (args);
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const portText = values.port ?? process.env.HUB_PORT ?? '8090';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`invalid port: ${portText}`);

/** @type {import('./server.mjs').Hub} */
let hub;
try {
  hub = await startHub({
    roots: [DEFAULT_ROOT, ...positionals],
    port,
    host: values.host,
    cdnRedirect: values['cdn-redirect'],
    gated: values.gated,
    files: values.files,
  });
} catch (error) {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  console.error(code === 'EADDRINUSE' ? `hub: port ${port} is already in use (try --port 0)` : error);
  process.exit(1);
}

const repos = await hub.repos();
console.log(`Local Hugging Face Hub at ${hub.url}${values['cdn-redirect'] ? ' (LFS files redirect to /__cdn/)' : ''}`);
if (repos.length === 0) {
  console.log(`  No repos found. Expected {root}/{owner}/{name}/config.json under: ${[DEFAULT_ROOT, ...positionals].join(', ')}`);
}
for (const repo of repos) {
  console.log(`  ${repo.id}  ${repo.files} files, ${(repo.size / 1e6).toFixed(1)} MB  (${repo.dir})`);
}
console.log(`transformers.js: env.remoteHost = '${hub.url}/'`);
console.log(`Faults: ${hub.url}/__hub/faults   Request log: ${hub.url}/__hub/log`);

/** @param {NodeJS.Signals} signal */
async function shutdown(signal) {
  console.log(`hub: ${signal}, closing`);
  await hub.close();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
