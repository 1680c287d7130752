#!/usr/bin/env node
// @ts-check
/**
 * npm run model:pack -- <model folder | owner/name@revision> <out.zip | out.tar | out.tar.gz> [options]
 * Writes the archive (split into parts over --part-size) and model-manifest.json beside it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fetchRepo } from './fetch-repo.mjs';
import { DEFAULT_PART_BYTES, packModel } from './pack.mjs';

const USAGE = `Usage: npm run model:pack -- <model folder | owner/name@revision> <out> [options]

  <out>               the archive: name.zip (stored + deflated), name.tar or name.tar.gz
  --part-size <n>     split archives larger than n bytes into parts (default ${DEFAULT_PART_BYTES}:
                      GitHub Releases take files up to 2 GB); the app joins them
  --repo-id <id>      the repo the folder was taken from (recorded in the manifest)
  --revision <rev>    and its revision
  --manifest <path>   where the manifest beside the archive goes (default: model-manifest.json beside <out>)
  -h, --help

A repo id is downloaded first from HF_ENDPOINT (default https://huggingface.co), with HF_TOKEN if set.`;

const { values, positionals } = parseArgs({
  options: {
    'part-size': { type: 'string' },
    'repo-id': { type: 'string' },
    revision: { type: 'string' },
    manifest: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: true,
});
if (values.help || positionals.length !== 2) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const [source, out] = /** @type {[string, string]} */ (positionals);
const partBytes = values['part-size'] ? Number(values['part-size']) : DEFAULT_PART_BYTES;
if (!Number.isSafeInteger(partBytes) || partBytes < 1024) {
  console.error(`model:pack: --part-size must be a whole number of bytes, at least 1024`);
  process.exit(2);
}

let folder = source;
let temp = null;
let origin = { repoId: values['repo-id'], revision: values.revision, commit: /** @type {string | undefined} */ (undefined) };
try {
  // A folder that exists is packed as it is; anything else shaped like owner/name[@revision] is a repo id.
  if (!existsSync(source) && /^[\w.-]+\/[\w.-]+(@.+)?$/.test(source)) {
    temp = await mkdtemp(path.join(tmpdir(), 'modelpack-'));
    console.log(`Downloading ${source}…`);
    const fetched = await fetchRepo(source, temp, { endpoint: process.env.HF_ENDPOINT, token: process.env.HF_TOKEN });
    folder = temp;
    origin = { repoId: origin.repoId ?? fetched.repo, revision: origin.revision ?? fetched.revision, commit: fetched.commit };
  }
  const { manifest, manifestPath, partPaths } = await packModel({ folder, out, partBytes, ...origin, manifestOut: values.manifest });
  for (const part of partPaths) console.log(`  ${part}`);
  console.log(`  ${manifestPath}`);
  console.log(`${manifest.files.length} files, archive ${manifest.archive.size} bytes in ${manifest.archive.parts.length} part(s), sha256 ${manifest.archive.sha256}`);
} catch (error) {
  console.error(`model:pack: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (temp) await rm(temp, { recursive: true, force: true });
}
