"""ONNX export in the file layout and interface transformers.js loads from the Hub.

encoder_model.onnx: input_features [batch, 80, frames] → last_hidden_state.
decoder_model_merged.onnx: like the Hub's merged exports, one graph with an If on use_cache_branch:
  - false (first step): computes the cross-attention keys/values from encoder_hidden_states and
    returns them as present.{i}.encoder.*;
  - true (every later step): takes them from past_key_values.{i}.encoder.* and does not touch the
    encoder states, so a token costs only the decoder's own work.
"""
import hashlib

import onnx
import torch
from onnx import helper, numpy_helper
from torch import nn

OPSET = 17


class EncoderGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.encoder = model.encoder

    def forward(self, input_features):
        return self.encoder(input_features)


class FirstStepGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.decoder = model.decoder

    def forward(self, input_ids, encoder_hidden_states):
        cross = self.decoder.cross_keys_values(encoder_hidden_states)
        logits, present = self.decoder(input_ids, cross)
        out = [logits]
        for (k, v), (ck, cv) in zip(present, cross):
            out += [k, v, ck, cv]
        return tuple(out)


class NextStepGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.decoder = model.decoder

    def forward(self, input_ids, *past):
        n = len(self.decoder.blocks)
        self_past = [(past[4 * i], past[4 * i + 1]) for i in range(n)]
        cross = [(past[4 * i + 2], past[4 * i + 3]) for i in range(n)]
        logits, present = self.decoder(input_ids, cross, self_past)
        out = [logits]
        for k, v in present:
            out += [k, v]
        return tuple(out)


def _kv_names(prefix, n_layers, parts=("decoder", "encoder")):
    return [f"{prefix}.{i}.{part}.{kv}" for i in range(n_layers) for part in parts for kv in ("key", "value")]


def export_encoder(model, path):
    d = model.dims
    mel = torch.zeros(1, d.n_mels, d.n_audio_ctx * 2)
    torch.onnx.export(
        EncoderGraph(model).eval(), (mel,), str(path), opset_version=OPSET,
        input_names=["input_features"], output_names=["last_hidden_state"],
        dynamic_axes={"input_features": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}},
    )


def _export_steps(model, first_path, next_path):
    """The two decoder graphs that merge_steps joins.

    Constant folding is off so the output layer stays MatMul(x, Transpose(embedding)) over the one
    tied embedding, as in the Hub's files; folded, the file would also carry a transposed copy
    (+80 MB for whisper-tiny's 51865 x 384). onnxruntime folds it in memory when it loads."""
    d = model.dims
    n, h, hd = d.n_decoder_layers, d.n_head, d.n_state // d.n_head
    ids = torch.zeros(1, 3, dtype=torch.long)
    audio = torch.zeros(1, d.n_audio_ctx, d.n_state)
    first_outputs = ["logits"] + _kv_names("present", n)
    torch.onnx.export(
        FirstStepGraph(model).eval(), (ids, audio), str(first_path), opset_version=OPSET, do_constant_folding=False,
        input_names=["input_ids", "encoder_hidden_states"], output_names=first_outputs,
        dynamic_axes={
            "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"},
            **{name: {0: "batch_size", 2: ("encoder_sequence_length" if ".encoder." in name else "decoder_sequence_length")}
               for name in first_outputs[1:]},
        },
    )
    past_names = _kv_names("past_key_values", n)
    past = []
    for name in past_names:
        length = d.n_audio_ctx if ".encoder." in name else 3
        past.append(torch.zeros(1, h, length, hd))
    next_outputs = ["logits"] + _kv_names("present", n, parts=("decoder",))
    torch.onnx.export(
        NextStepGraph(model).eval(), (ids[:, :1], *past), str(next_path), opset_version=OPSET, do_constant_folding=False,
        input_names=["input_ids"] + past_names, output_names=next_outputs,
        dynamic_axes={
            "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"},
            **{name: {0: "batch_size", 2: ("encoder_sequence_length" if ".encoder." in name else "past_decoder_sequence_length")}
               for name in past_names},
            **{name: {0: "batch_size", 2: "past_decoder_sequence_length + 1"} for name in next_outputs[1:]},
        },
    )


def _prefix_graph(graph, prefix, keep):
    """Renames every value and node of `graph` except the names in `keep` (graph inputs)."""
    rename = {}
    for init in graph.initializer:
        rename[init.name] = prefix + init.name
    for node in graph.node:
        for out in node.output:
            if out and out not in keep:
                rename[out] = prefix + out
    for node in graph.node:
        node.name = prefix + (node.name or node.op_type)
        node.input[:] = [rename.get(x, x) for x in node.input]
        node.output[:] = [rename.get(x, x) for x in node.output]
    for init in graph.initializer:
        init.name = rename[init.name]
    for out in graph.output:
        out.name = rename.get(out.name, out.name)
    for vi in graph.value_info:
        vi.name = rename.get(vi.name, vi.name)


def _share_initializers(graphs):
    """Moves all initializers to one list, storing tensors with identical content once."""
    by_digest, shared = {}, []
    for graph in graphs:
        rename = {}
        for init in graph.initializer:
            data = numpy_helper.to_array(init)
            digest = hashlib.sha256(f"{data.dtype}{data.shape}".encode() + data.tobytes()).hexdigest()
            if digest not in by_digest:
                by_digest[digest] = init.name
                shared.append(init)
            rename[init.name] = by_digest[digest]
        for node in graph.node:
            node.input[:] = [rename.get(x, x) for x in node.input]
        del graph.initializer[:]
    return shared


def merge_steps(first_path, next_path, out_path, n_layers):
    first = onnx.load(str(first_path))
    nxt = onnx.load(str(next_path))
    outer_inputs = {i.name: i for i in list(first.graph.input) + list(nxt.graph.input)}
    _prefix_graph(first.graph, "first/", keep=set(outer_inputs))
    _prefix_graph(nxt.graph, "next/", keep=set(outer_inputs))
    # the next step passes the cross-attention keys/values through unchanged
    for i in range(n_layers):
        for kv in ("key", "value"):
            out = f"next/present.{i}.encoder.{kv}"
            nxt.graph.node.append(helper.make_node("Identity", [f"past_key_values.{i}.encoder.{kv}"], [out], name=f"next/pass_{i}_{kv}"))
            template = next(o for o in first.graph.output if o.name == f"first/present.{i}.encoder.{kv}")
            vi = onnx.ValueInfoProto()
            vi.CopyFrom(template)
            vi.name = out
            nxt.graph.output.append(vi)
    order = ["logits"] + _kv_names("present", n_layers)
    for g, prefix in ((first.graph, "first/"), (nxt.graph, "next/")):
        outputs = {o.name: o for o in g.output}
        sorted_outputs = [outputs[prefix + name] for name in order]
        del g.output[:]
        g.output.extend(sorted_outputs)
    initializers = _share_initializers([first.graph, nxt.graph])
    then_branch = helper.make_graph(list(nxt.graph.node), "with_past", [], list(nxt.graph.output))
    else_branch = helper.make_graph(list(first.graph.node), "without_past", [], list(first.graph.output))
    use_cache = helper.make_tensor_value_info("use_cache_branch", onnx.TensorProto.BOOL, [1])
    if_node = helper.make_node("If", ["use_cache_branch"], order, name="optional_cache", then_branch=then_branch, else_branch=else_branch)
    inputs = [outer_inputs["input_ids"], outer_inputs["encoder_hidden_states"]]
    inputs += [outer_inputs[name] for name in _kv_names("past_key_values", n_layers)] + [use_cache]
    outputs = []
    for name, template in zip(order, first.graph.output):
        vi = onnx.ValueInfoProto()
        vi.CopyFrom(template)
        vi.name = name
        outputs.append(vi)
    graph = helper.make_graph([if_node], "decoder_model_merged", inputs, outputs, initializer=initializers)
    merged = helper.make_model(graph, opset_imports=first.opset_import, producer_name="tools/testmodel")
    merged.ir_version = first.ir_version
    onnx.checker.check_model(merged)
    onnx.save(merged, str(out_path))


def export_model(model, onnx_dir, work_dir):
    model.eval()
    onnx_dir.mkdir(parents=True, exist_ok=True)
    export_encoder(model, onnx_dir / "encoder_model.onnx")
    first, nxt = work_dir / "decoder_first.onnx", work_dir / "decoder_next.onnx"
    _export_steps(model, first, nxt)
    merge_steps(first, nxt, onnx_dir / "decoder_model_merged.onnx", model.dims.n_decoder_layers)
    return first, nxt
