"""Dynamic int8 quantization of an ONNX graph's MatMul weights, as onnxruntime's quantize_dynamic does.

Each MatMul whose second input is a float32 initializer becomes
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
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                _quantize_graph(attr.g, initializers, min_elements, added)
        weight = initializers.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is None or weight.data_type != onnx.TensorProto.FLOAT or len(weight.dims) != 2 or np.prod(weight.dims) < min_elements:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weight)
        scale = max(float(np.abs(w).max()), 1e-8) / 127.0
        base = node.name or node.output[0]
        w_q = numpy_helper.from_array(np.clip(np.round(w / scale), -127, 127).astype(np.int8), f"{weight.name}_quantized")
        w_scale = numpy_helper.from_array(np.array(scale, np.float32), f"{weight.name}_scale")
        w_zero = numpy_helper.from_array(np.array(0, np.int8), f"{weight.name}_zero_point")
        for t in (w_q, w_scale, w_zero):
            if t.name not in initializers:
                initializers[t.name] = t
                added.append(t)
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


def quantize_file(src, dst, min_elements=4096):
    model = onnx.load(str(src))
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    added = []
    _quantize_graph(graph, initializers, min_elements, added)
    used = {x for n in _all_nodes(graph) for x in n.input}
    keep = [i for i in graph.initializer if i.name in used] + [t for t in added if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))


def _all_nodes(graph):
    for node in graph.node:
        yield node
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                yield from _all_nodes(attr.g)
