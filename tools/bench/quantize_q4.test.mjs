/**
 * quantize_q4.py against onnxruntime's own MatMulNBits kernel (onnxruntime-node): a MatMul with a
 * weight whose K is not a multiple of the block size, and the test model's merged decoder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';

const work = mkdtempSync(join(tmpdir(), 'q4-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs Python with tools/testmodel and tools/bench importable. */
function python(script) {
  return execFileSync('/usr/bin/python3', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: [resolve('tools/testmodel'), resolve('tools/bench')].join(':') },
  });
}

describe('quantize_q4.py', () => {
  it('writes a MatMulNBits that onnxruntime computes exactly as the block-wise dequantized weight', async () => {
    python(`
import json, numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto
import quantize_q4 as q
rng = np.random.default_rng(3)
W = rng.standard_normal((80, 24)).astype(np.float32)  # K = 80: the last block of 32 is padded
A = rng.standard_normal((2, 80)).astype(np.float32)
graph = helper.make_graph([helper.make_node("MatMul", ["A", "W"], ["Y"])], "g",
    [helper.make_tensor_value_info("A", TensorProto.FLOAT, [2, 80])],
    [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [2, 24])], [numpy_helper.from_array(W, "W")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.save(model, "${work}/mm.onnx")
q.quantize_file("${work}/mm.onnx", "${work}/mm_q4.onnx")
packed, scales = q.quantize_blockwise(W)
n, blocks, _ = packed.shape
levels = np.stack([packed & 15, packed >> 4], -1).reshape(n, blocks * 32).astype(np.float32)
dequantized = ((levels - 8) * np.repeat(scales.reshape(n, blocks), 32, axis=1))[:, :80].T
json.dump({"A": A.ravel().tolist(), "dequantized": (A @ dequantized).ravel().tolist(), "exact": (A @ W).ravel().tolist()},
          open("${work}/mm.json", "w"))
`);
    const { A, dequantized, exact } = JSON.parse(readFileSync(join(work, 'mm.json'), 'utf8'));
    const session = await ort.InferenceSession.create(join(work, 'mm_q4.onnx'));
    const y = (await session.run({ A: new ort.Tensor('float32', Float32Array.from(A), [2, 80]) })).Y.data;
    let worst = 0;
    let error = 0;
    let norm = 0;
    for (let i = 0; i < y.length; i++) {
      worst = Math.max(worst, Math.abs(y[i] - dequantized[i]));
      error += (y[i] - exact[i]) ** 2;
      norm += exact[i] ** 2;
    }
    expect(worst).toBeLessThan(1e-4);
    // 4 bits per weight: close to the float product, but not equal to it.
    expect(Math.sqrt(error / norm)).toBeGreaterThan(0.01);
    expect(Math.sqrt(error / norm)).toBeLessThan(0.2);
  }, 60_000);

  it("quantizes the test model's merged decoder (both If branches) and keeps its first greedy token", async () => {
    const dir = resolve('tools/testmodel/models/testmodels/whisper-synth');
    const q4 = join(work, 'decoder_model_merged_q4.onnx');
    execFileSync('/usr/bin/python3', ['tools/bench/quantize_q4.py', join(dir, 'onnx', 'decoder_model_merged.onnx'), q4], {
      env: { ...process.env, PYTHONPATH: resolve('tools/testmodel') },
    });
    const ops = python(`
import onnx
m = onnx.load("${q4}")
def walk(g):
    for n in g.node:
        yield n.op_type
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                yield from walk(a.g)
ops = list(walk(m.graph))
print(ops.count("MatMulNBits"), ops.count("MatMul"))
`).trim();
    const [nbits, matmuls] = ops.split(' ').map(Number);
    expect(nbits).toBeGreaterThan(20);

    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    const heads = config.decoder_attention_heads;
    const empty = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, config.d_model / heads]);
    const states = Float32Array.from({ length: config.max_source_positions * config.d_model }, (_, i) => Math.sin(i * 0.37));
    const firstToken = async (file) => {
      const session = await ort.InferenceSession.create(file);
      /** @type {Record<string, ort.Tensor>} */
      const feeds = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(config.decoder_start_token_id)]), [1, 1]),
        encoder_hidden_states: new ort.Tensor('float32', states, [1, config.max_source_positions, config.d_model]),
        use_cache_branch: new ort.Tensor('bool', [false], [1]),
      };
      for (let i = 0; i < config.decoder_layers; i++) {
        for (const kind of ['decoder', 'encoder']) for (const kv of ['key', 'value']) feeds[`past_key_values.${i}.${kind}.${kv}`] = empty;
      }
      const logits = /** @type {Float32Array} */ ((await session.run(feeds)).logits.data);
      let best = 0;
      for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
      return best;
    };
    expect(await firstToken(q4)).toBe(await firstToken(join(dir, 'onnx', 'decoder_model_merged.onnx')));
    // Only the attention products of activations (Q·Kᵀ, weights·V) stay plain MatMuls.
    expect(matmuls).toBeLessThan(nbits);
  }, 120_000);
});
