"""Dynamic int8 quantization of an ONNX graph's MatMul weights, as onnxruntime's quantize_dynamic does.

Each MatMul whose second input is a float32 initializer (or the Transpose of one, as the decoder's
exports keep it) becomes
DynamicQuantizeLinear(A) → MatMulInteger(A_q, W_q) → Cast → × (scale_A · scale_W), with W stored
as symmetric per-tensor int8. onnxruntime (and so transformers.js's dtype 'q8', the *_quantized.onnx
files) runs these ops natively. Python onnxruntime is not installable here, hence this small pass.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper


def _quantize_graph(graph, initializers, min_elements, added):
    """Rewrites graph (and its If branches) in place; new weight tensors go to `added`."""
    nodes = []
    transposed = {
        n.output[0]: n.input[0]
        for n in graph.node
        if n.op_type == "Transpose" and n.input[0] in initializers and [list(a.ints) for a in n.attribute if a.name == "perm"] in ([[1, 0]], [])
    }
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                _quantize_graph(attr.g, initializers, min_elements, added)
        if node.op_type == "Gather" and _is_large_float(initializers.get(node.input[0]), min_elements):
            nodes += _quantized_gather(node, initializers, added)
            continue
        weight, transpose = None, False
        if node.op_type == "MatMul":
            if node.input[1] in initializers:
                weight = initializers[node.input[1]]
            elif node.input[1] in transposed:
                weight, transpose = initializers[transposed[node.input[1]]], True
        if weight is None or not _is_large_float(weight, min_elements):
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weight).T if transpose else numpy_helper.to_array(weight)
        base = node.name or node.output[0]
        w_q, w_scale, w_zero = _int8_tensors(w, weight.name + ("_transposed" if transpose else ""), initializers, added)
        a_q, a_scale, a_zero = f"{base}/a_q", f"{base}/a_scale", f"{base}/a_zero"
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [node.input[0]], [a_q, a_scale, a_zero], name=f"{base}/quantize"),
            helper.make_node("MatMulInteger", [a_q, w_q.name, a_zero, w_zero.name], [f"{base}/int32"], name=f"{base}/matmul_int"),
            helper.make_node("Cast", [f"{base}/int32"], [f"{base}/float"], to=onnx.TensorProto.FLOAT, name=f"{base}/cast"),
            helper.make_node("Mul", [a_scale, w_scale.name], [f"{base}/scale"], name=f"{base}/scale_mul"),
            helper.make_node("Mul", [f"{base}/float", f"{base}/scale"], [node.output[0]], name=f"{base}/rescale"),
        ]
    del graph.node[:]
    graph.node.extend(nodes)


def _is_large_float(tensor, min_elements):
    return tensor is not None and tensor.data_type == onnx.TensorProto.FLOAT and len(tensor.dims) == 2 and np.prod(tensor.dims) >= min_elements


def _int8_tensors(w, stem, initializers, added):
    """Symmetric per-tensor int8 weights with their scale and zero point, registered once."""
    scale = max(float(np.abs(w).max()), 1e-8) / 127.0
    tensors = (
        numpy_helper.from_array(np.clip(np.round(w / scale), -127, 127).astype(np.int8), f"{stem}_quantized"),
        numpy_helper.from_array(np.array(scale, np.float32), f"{stem}_scale"),
        numpy_helper.from_array(np.array(0, np.int8), f"{stem}_zero_point"),
    )
    for t in tensors:
        if t.name not in initializers:
            initializers[t.name] = t
            added.append(t)
    return tensors


def _quantized_gather(node, initializers, added):
    """An embedding lookup from an int8 table, dequantized after the lookup (as quantize_dynamic does)."""
    table = initializers[node.input[0]]
    w_q, w_scale, w_zero = _int8_tensors(numpy_helper.to_array(table), table.name, initializers, added)
    base = node.name or node.output[0]
    gathered = f"{base}/int8"
    return [
        helper.make_node("Gather", [w_q.name, node.input[1]], [gathered], name=f"{base}/gather_int8", axis=next((a.i for a in node.attribute if a.name == "axis"), 0)),
        helper.make_node("DequantizeLinear", [gathered, w_scale.name, w_zero.name], [node.output[0]], name=f"{base}/dequantize"),
    ]


def quantize_file(src, dst, min_elements=4096):
    model = onnx.load(str(src))
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    added = []
    _quantize_graph(graph, initializers, min_elements, added)
    _drop_unused_nodes(graph)
    used = {x for n in _all_nodes(graph) for x in n.input}
    keep = [i for i in graph.initializer if i.name in used] + [t for t in added if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))


def _graphs(graph):
    yield graph
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                yield from _graphs(attr.g)


def _drop_unused_nodes(graph):
    """Removes nodes nothing reads any more (the Transposes of weights now stored quantized)."""
    while True:
        needed = {x for n in _all_nodes(graph) for x in n.input}
        needed |= {o.name for g in _graphs(graph) for o in g.output}
        removed = False
        for g in _graphs(graph):
            keep = [n for n in g.node if any(o in needed for o in n.output)]
            if len(keep) != len(g.node):
                del g.node[:]
                g.node.extend(keep)
                removed = True
        if not removed:
            return


def _all_nodes(graph):
    for node in graph.node:
        yield node
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                yield from _all_nodes(attr.g)
