"""Whisper's two ONNX graphs written straight from numpy weights, in the layout transformers.js loads.

No torch: the weights come as a dict named like the PyTorch state dict of model.py (the names
openai/whisper's checkpoints use, with q_proj/k_proj/v_proj/out_proj and mlp.0/mlp.2), from any
source — random numbers for the benchmark stand-ins, a trained checkpoint, a CTranslate2 model.

encoder_model.onnx: input_features [batch, n_mels, 2·n_audio_ctx] → last_hidden_state.
decoder_model_merged.onnx: one graph with an If on use_cache_branch, like the Hub's merged exports:
  - false (first step): computes the cross-attention keys/values from encoder_hidden_states and
    returns them as present.{i}.encoder.*;
  - true (every later step): takes them from past_key_values.{i}.encoder.* and does not touch the
    encoder states, so a token costs only the decoder's own work.
  With cross_attentions=True it also returns cross_attentions.{i} (the softmax weights of each
  layer's cross-attention, [batch, heads, tokens, frames]), as the Hub's `_timestamped` exports do,
  which transformers.js needs for word timestamps.

Linear weights are stored transposed ([in, out]) for MatMul; the output layer is
MatMul(x, Transpose(token_embedding)) over the one tied embedding, as in the Hub's files (a
transposed copy would add n_vocab × n_state floats); onnxruntime folds it when it loads.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
LN_EPSILON = 1e-5
NEG_INF = float(np.finfo(np.float32).min)


class _Nodes:
    """Appends nodes with unique names; weights and constants go to one shared initializer table."""

    def __init__(self, prefix, initializers):
        self.prefix = prefix
        self.nodes = []
        self.initializers = initializers
        self.count = 0

    def op(self, op_type, inputs, outputs=None, **attrs):
        self.count += 1
        name = f"{self.prefix}{op_type}_{self.count}"
        outputs = outputs or [name]
        self.nodes.append(helper.make_node(op_type, inputs, outputs, name=name, **attrs))
        return outputs[0]

    def const(self, name, value):
        if name not in self.initializers:
            self.initializers[name] = numpy_helper.from_array(np.asarray(value), name)
        return name


class _Weights:
    """The state dict, turned into initializers on first use (transposed for MatMul where asked)."""

    def __init__(self, state, nodes):
        self.state = state
        self.nodes = nodes

    def get(self, key, transpose=False):
        name = f"{key}.T" if transpose else key
        if name not in self.nodes.initializers:
            value = np.asarray(self.state[key], dtype=np.float32)
            self.nodes.const(name, np.ascontiguousarray(value.T) if transpose else value)
        return name


def _linear(g, w, x, key, bias=True):
    y = g.op("MatMul", [x, w.get(f"{key}.weight", transpose=True)])
    return g.op("Add", [y, w.get(f"{key}.bias")]) if bias else y


def _layer_norm(g, w, x, key):
    return g.op("LayerNormalization", [x, w.get(f"{key}.weight"), w.get(f"{key}.bias")], axis=-1, epsilon=LN_EPSILON)


def _gelu(g, x):
    """The exact (erf) GELU, as torch and openai/whisper compute it; onnxruntime fuses the pattern."""
    half = g.op("Mul", [x, g.const("half", np.float32(0.5))])
    erf = g.op("Erf", [g.op("Div", [x, g.const("sqrt2", np.float32(np.sqrt(2.0)))])])
    return g.op("Mul", [half, g.op("Add", [erf, g.const("one", np.float32(1.0))])])


def _heads(g, x, n_head, head_dim):
    """[B, T, C] → [B, H, T, D]"""
    shape = g.const(f"heads_shape_{n_head}_{head_dim}", np.array([0, 0, n_head, head_dim], np.int64))
    return g.op("Transpose", [g.op("Reshape", [x, shape])], perm=[0, 2, 1, 3])


def _merge_heads(g, x, n_state):
    """[B, H, T, D] → [B, T, C]"""
    shape = g.const(f"merge_shape_{n_state}", np.array([0, 0, n_state], np.int64))
    return g.op("Reshape", [g.op("Transpose", [x], perm=[0, 2, 1, 3]), shape])


def _attend(g, q, k, v, head_dim, mask=None):
    """softmax(q·kᵀ/√D + mask)·v over [B, H, T, D] heads; returns (output, weights)."""
    scaled = g.op("Mul", [q, g.const(f"scale_{head_dim}", np.float32(head_dim**-0.5))])
    scores = g.op("MatMul", [scaled, g.op("Transpose", [k], perm=[0, 1, 3, 2])])
    if mask is not None:
        scores = g.op("Add", [scores, mask])
    weights = g.op("Softmax", [scores], axis=-1)
    return g.op("MatMul", [weights, v]), weights


def _mlp(g, w, x, key):
    return _linear(g, w, _gelu(g, _linear(g, w, x, f"{key}.mlp.0")), f"{key}.mlp.2")


def _value_info(name, elem_type, dims):
    return helper.make_tensor_value_info(name, elem_type, dims)


def _finish(name, nodes, inputs, outputs, initializers, path):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers.values()))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="tools/testmodel")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def write_encoder(state, dims, path):
    inits = {}
    g = _Nodes("", inits)
    w = _Weights(state, g)
    head_dim = dims.n_state // dims.n_head
    x = g.op("Conv", ["input_features", w.get("encoder.conv1.weight"), w.get("encoder.conv1.bias")], kernel_shape=[3], pads=[1, 1])
    x = _gelu(g, x)
    x = g.op("Conv", [x, w.get("encoder.conv2.weight"), w.get("encoder.conv2.bias")], kernel_shape=[3], pads=[1, 1], strides=[2])
    x = g.op("Transpose", [_gelu(g, x)], perm=[0, 2, 1])
    x = g.op("Add", [x, w.get("encoder.positions")])
    for i in range(dims.n_encoder_layers):
        key = f"encoder.blocks.{i}"
        h = _layer_norm(g, w, x, f"{key}.attn_ln")
        q = _heads(g, _linear(g, w, h, f"{key}.attn.q_proj"), dims.n_head, head_dim)
        k = _heads(g, _linear(g, w, h, f"{key}.attn.k_proj", bias=False), dims.n_head, head_dim)
        v = _heads(g, _linear(g, w, h, f"{key}.attn.v_proj"), dims.n_head, head_dim)
        attended, _ = _attend(g, q, k, v, head_dim)
        x = g.op("Add", [x, _linear(g, w, _merge_heads(g, attended, dims.n_state), f"{key}.attn.out_proj")])
        x = g.op("Add", [x, _mlp(g, w, _layer_norm(g, w, x, f"{key}.mlp_ln"), key)])
    g.op("LayerNormalization", [x, w.get("encoder.ln_post.weight"), w.get("encoder.ln_post.bias")], ["last_hidden_state"], axis=-1, epsilon=LN_EPSILON)
    inputs = [_value_info("input_features", TensorProto.FLOAT, ["batch_size", dims.n_mels, 2 * dims.n_audio_ctx])]
    outputs = [_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", dims.n_audio_ctx, dims.n_state])]
    _finish("encoder_model", g.nodes, inputs, outputs, inits, path)


def _dim(g, tensor, axis):
    """The length of one axis as a 1-element int64 tensor."""
    shape = g.op("Shape", [tensor])
    return g.op("Slice", [shape, g.const(f"axis_{axis}", np.array([axis], np.int64)), g.const(f"axis_{axis + 1}", np.array([axis + 1], np.int64))])


def _decoder_step(g, w, dims, with_past, cross_attentions):
    """One branch of the merged decoder; returns its output names in the order of _output_names."""
    n, h = dims.n_decoder_layers, dims.n_head
    head_dim = dims.n_state // h
    length = _dim(g, "input_ids", 1)
    offset = _dim(g, "past_key_values.0.decoder.key", 2) if with_past else g.const("zero_1d", np.array([0], np.int64))
    end = g.op("Add", [offset, length])
    positions = g.op("Slice", [w.get("decoder.positional_embedding"), offset, end, g.const("axis_0", np.array([0], np.int64))])
    x = g.op("Add", [g.op("Gather", [w.get("decoder.token_embedding.weight"), "input_ids"], axis=0), positions])
    # causal mask [tokens, past + tokens]: a token sees the past and itself
    scalar = lambda t: g.op("Squeeze", [t, g.const("axis_0", np.array([0], np.int64))])  # noqa: E731
    one = g.const("one_i64", np.array(1, np.int64))
    rows = g.op("Range", [scalar(offset), scalar(end), one])
    cols = g.op("Range", [g.const("zero_i64", np.array(0, np.int64)), scalar(end), one])
    future = g.op("Greater", [g.op("Unsqueeze", [cols, g.const("axis_0", np.array([0], np.int64))]),
                              g.op("Unsqueeze", [rows, g.const("axis_1", np.array([1], np.int64))])])
    mask = g.op("Where", [future, g.const("neg_inf", np.float32(NEG_INF)), g.const("zero_f32", np.float32(0.0))])
    presents, attentions = [], []
    for i in range(n):
        key = f"decoder.blocks.{i}"
        a = _layer_norm(g, w, x, f"{key}.attn_ln")
        k = _heads(g, _linear(g, w, a, f"{key}.attn.k_proj", bias=False), h, head_dim)
        v = _heads(g, _linear(g, w, a, f"{key}.attn.v_proj"), h, head_dim)
        if with_past:
            k = g.op("Concat", [f"past_key_values.{i}.decoder.key", k], axis=2)
            v = g.op("Concat", [f"past_key_values.{i}.decoder.value", v], axis=2)
            cross_k, cross_v = f"past_key_values.{i}.encoder.key", f"past_key_values.{i}.encoder.value"
        else:
            cross_k = _heads(g, _linear(g, w, "encoder_hidden_states", f"{key}.cross.k_proj", bias=False), h, head_dim)
            cross_v = _heads(g, _linear(g, w, "encoder_hidden_states", f"{key}.cross.v_proj"), h, head_dim)
        q = _heads(g, _linear(g, w, a, f"{key}.attn.q_proj"), h, head_dim)
        attended, _ = _attend(g, q, k, v, head_dim, mask)
        x = g.op("Add", [x, _linear(g, w, _merge_heads(g, attended, dims.n_state), f"{key}.attn.out_proj")])
        c = _layer_norm(g, w, x, f"{key}.cross_ln")
        q = _heads(g, _linear(g, w, c, f"{key}.cross.q_proj"), h, head_dim)
        attended, weights = _attend(g, q, cross_k, cross_v, head_dim)
        x = g.op("Add", [x, _linear(g, w, _merge_heads(g, attended, dims.n_state), f"{key}.cross.out_proj")])
        x = g.op("Add", [x, _mlp(g, w, _layer_norm(g, w, x, f"{key}.mlp_ln"), key)])
        if with_past:  # the cross keys/values pass through unchanged
            cross_k, cross_v = g.op("Identity", [cross_k]), g.op("Identity", [cross_v])
        presents += [k, v, cross_k, cross_v]
        attentions.append(weights)
    x = _layer_norm(g, w, x, "decoder.ln")
    logits = g.op("MatMul", [x, g.op("Transpose", [w.get("decoder.token_embedding.weight")], perm=[1, 0])])
    return [logits] + presents + (attentions if cross_attentions else [])


def _kv_names(prefix, n_layers):
    return [f"{prefix}.{i}.{part}.{kv}" for i in range(n_layers) for part in ("decoder", "encoder") for kv in ("key", "value")]


def _output_infos(dims, cross_attentions, past_length):
    """Output value infos of the merged graph; past_length names the self-attention length axis."""
    n, h, d = dims.n_decoder_layers, dims.n_head, dims.n_state // dims.n_head
    infos = [_value_info("logits", TensorProto.FLOAT, ["batch_size", "decoder_sequence_length", dims.n_vocab])]
    for name in _kv_names("present", n):
        axis = "encoder_sequence_length" if ".encoder." in name else past_length
        infos.append(_value_info(name, TensorProto.FLOAT, ["batch_size", h, axis, d]))
    if cross_attentions:
        infos += [_value_info(f"cross_attentions.{i}", TensorProto.FLOAT, ["batch_size", h, "decoder_sequence_length", "encoder_sequence_length"]) for i in range(n)]
    return infos


def _branch(name, nodes, outputs, infos):
    """A subgraph whose outputs are `outputs`, typed like the If's outputs (renamed through Identity)."""
    typed = []
    for value, info in zip(outputs, infos):
        out = f"{name}/{info.name}"
        nodes.append(helper.make_node("Identity", [value], [out], name=f"{name}/out_{info.name}"))
        vi = onnx.ValueInfoProto()
        vi.CopyFrom(info)
        vi.name = out
        typed.append(vi)
    return helper.make_graph(nodes, name, [], typed)


def write_decoder(state, dims, path, cross_attentions=False):
    inits = {}
    first = _Nodes("without_past/", inits)
    nxt = _Nodes("with_past/", inits)
    first_out = _decoder_step(first, _Weights(state, first), dims, with_past=False, cross_attentions=cross_attentions)
    next_out = _decoder_step(nxt, _Weights(state, nxt), dims, with_past=True, cross_attentions=cross_attentions)
    infos = _output_infos(dims, cross_attentions, "past_decoder_sequence_length + decoder_sequence_length")
    then_branch = _branch("with_past", nxt.nodes, next_out, infos)
    else_branch = _branch("without_past", first.nodes, first_out, infos)
    h, d = dims.n_head, dims.n_state // dims.n_head
    inputs = [
        _value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"]),
        _value_info("encoder_hidden_states", TensorProto.FLOAT, ["batch_size", "encoder_sequence_length", dims.n_state]),
    ]
    for name in _kv_names("past_key_values", dims.n_decoder_layers):
        axis = "encoder_sequence_length" if ".encoder." in name else "past_decoder_sequence_length"
        inputs.append(_value_info(name, TensorProto.FLOAT, ["batch_size", h, axis, d]))
    inputs.append(_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    if_node = helper.make_node("If", ["use_cache_branch"], [i.name for i in infos], name="optional_cache",
                               then_branch=then_branch, else_branch=else_branch)
    _finish("decoder_model_merged", [if_node], inputs, infos, inits, path)


def write_model(state, dims, onnx_dir, cross_attentions=False):
    """encoder_model.onnx and decoder_model_merged.onnx (fp32) under onnx_dir."""
    onnx_dir.mkdir(parents=True, exist_ok=True)
    write_encoder(state, dims, onnx_dir / "encoder_model.onnx")
    write_decoder(state, dims, onnx_dir / "decoder_model_merged.onnx", cross_attentions=cross_attentions)
