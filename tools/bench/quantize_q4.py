"""4-bit block-wise weights (MatMulNBits), as whisper-web's `decoder_model_merged_q4.onnx` files have them.

The Hub's q4 files are made by transformers.js's scripts/quantize.py with onnxruntime's
MatMul4BitsQuantizer (block_size 32, symmetric, accuracy_level unset). Python onnxruntime is not
installable here, so this pass writes the same operator: every MatMul whose weight is a float32
initializer (or the Transpose of one, as the project's exports keep it) becomes
com.microsoft.MatMulNBits(A, B_q4, scales) with K, N, bits=4, block_size=32. Weights are quantized
per block of 32 along K: scale = (the block's value of largest magnitude) / -8, q = round(w / scale) + 8
clamped to 0..15, no zero-point input (the operator's default zero point is 8). Gather (embedding
lookups) stays float32, as in onnxruntime's default. Only the bench uses these files, to run the
baseline exactly as whisper-web configures it.

    PYTHONPATH=tools/testmodel /usr/bin/python3 tools/bench/quantize_q4.py SRC.onnx DST.onnx
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

from testmodel.quantize import _all_nodes, _drop_unused_nodes

BLOCK = 32
MS_DOMAIN = "com.microsoft"


def quantize_blockwise(w):
    """w: float32 [K, N] → (packed uint8 [N, K_blocks, BLOCK/2], scales float32 [N * K_blocks])."""
    k, n = w.shape
    k_blocks = -(-k // BLOCK)
    padded = np.zeros((n, k_blocks * BLOCK), np.float32)
    padded[:, :k] = w.T
    blocks = padded.reshape(n, k_blocks, BLOCK)
    index = np.abs(blocks).argmax(axis=2)[..., None]
    extreme = np.take_along_axis(blocks, index, axis=2)
    scales = extreme / -8.0
    safe = np.where(scales == 0, 1.0, scales)
    q = np.clip(np.round(blocks / safe) + 8, 0, 15).astype(np.uint8)
    packed = q[..., 0::2] | (q[..., 1::2] << 4)
    return packed, scales.reshape(-1).astype(np.float32)


def _rewrite(graph, initializers, added, done):
    transposed = {
        n.output[0]: n.input[0]
        for n in graph.node
        if n.op_type == "Transpose" and n.input[0] in initializers
        and [list(a.ints) for a in n.attribute if a.name == "perm"] in ([[1, 0]], [])
    }
    nodes = []
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                _rewrite(attr.g, initializers, added, done)
        weight, transpose = None, False
        if node.op_type == "MatMul":
            if node.input[1] in initializers:
                weight = initializers[node.input[1]]
            elif node.input[1] in transposed:
                weight, transpose = initializers[transposed[node.input[1]]], True
        if weight is None or weight.data_type != onnx.TensorProto.FLOAT or len(weight.dims) != 2:
            nodes.append(node)
            continue
        stem = weight.name + ("_T" if transpose else "")
        w = numpy_helper.to_array(weight)
        w = w.T if transpose else w
        k, n = w.shape
        if stem not in done:
            packed, scales = quantize_blockwise(w)
            for t in (numpy_helper.from_array(packed, f"{stem}_Q4"), numpy_helper.from_array(scales, f"{stem}_scales")):
                added.append(t)
            done.add(stem)
        nodes.append(helper.make_node(
            "MatMulNBits", [node.input[0], f"{stem}_Q4", f"{stem}_scales"], [node.output[0]],
            name=(node.name or node.output[0]) + "_Q4", domain=MS_DOMAIN, K=k, N=n, bits=4, block_size=BLOCK,
        ))
    del graph.node[:]
    graph.node.extend(nodes)


def quantize_file(src, dst):
    model = onnx.load(src)
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    added = []
    _rewrite(graph, initializers, added, set())
    _drop_unused_nodes(graph)
    used = {x for n in _all_nodes(graph) for x in n.input}
    keep = [i for i in graph.initializer if i.name in used] + [t for t in added if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    if not any(o.domain == MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    onnx.save(model, dst)


if __name__ == "__main__":
    quantize_file(sys.argv[1], sys.argv[2])
