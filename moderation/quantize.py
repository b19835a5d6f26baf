"""int8 encoder whose scores do not depend on batch company: per-token dynamic quantisation.

onnxruntime's `quantize_dynamic` picks one activation scale per MatMul input tensor, i.e.
over every row of the batch and its padding, so a text scored beside a long one scored
differently (V 0.29-0.42 for the same text). Here each MatMul with a constant weight becomes

    scale = max(|a|, over the last axis) / 127            one scale per token, per row
    a_q   = QuantizeLinear(a / scale, 1, 128)             uint8, zero point 128
    y     = MatMulInteger(a_q, w_q, 128) * w_scale * scale

with `w_q` int8 symmetric per output column. A row's result reads only its own tokens, so it
is the same alone or in any batch (MODEL_CARD.md, "fp32 or int8": cosine to fp32 0.996, was
0.991 per tensor; batch difference 1e-7, was 6e-2). Rows sharing an input (query, key and
value) share its quantisation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

_CONSTANTS: dict[str, np.ndarray] = {
    "ptok_eps": np.array(1e-8, np.float32),
    "ptok_inv127": np.array(1.0 / 127.0, np.float32),
    "ptok_one": np.array(1.0, np.float32),
    "ptok_zero_point": np.array(128, np.uint8),
}


def _token_scales(source: str) -> tuple[str, str, list[onnx.NodeProto]]:
    """Nodes that quantise `source` per token; returns (uint8 tensor, scale tensor, nodes)."""
    p = source.replace("/", "_") + "_ptok"
    return p + "_q", p + "_scale", [
        helper.make_node("Abs", [source], [p + "_abs"]),
        helper.make_node("ReduceMax", [p + "_abs"], [p + "_max"], axes=[-1], keepdims=1),
        helper.make_node("Max", [p + "_max", "ptok_eps"], [p + "_floor"]),
        helper.make_node("Mul", [p + "_floor", "ptok_inv127"], [p + "_scale"]),
        helper.make_node("Div", [source, p + "_scale"], [p + "_unit"]),
        helper.make_node("QuantizeLinear", [p + "_unit", "ptok_one", "ptok_zero_point"], [p + "_q"]),
    ]


def quantize_per_token(source: Path, target: Path) -> None:
    model = onnx.load(str(source))
    weights = {i.name: i for i in model.graph.initializer if len(i.dims) == 2}
    nodes: list[onnx.NodeProto] = []
    added = [numpy_helper.from_array(value, name) for name, value in _CONSTANTS.items()]
    replaced: set[str] = set()
    quantised: dict[str, tuple[str, str]] = {}
    for node in model.graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            nodes.append(node)
            continue
        inputs, weight = node.input[0], node.input[1]
        matrix = numpy_helper.to_array(weights[weight]).astype(np.float32)
        column_scale = np.abs(matrix).max(axis=0) / 127.0
        column_scale[column_scale == 0] = 1.0
        codes = np.clip(np.round(matrix / column_scale), -127, 127).astype(np.int8)
        added += [numpy_helper.from_array(codes, weight + "_q"),
                  numpy_helper.from_array(column_scale.astype(np.float32), weight + "_scale")]
        replaced.add(weight)
        if inputs not in quantised:
            codes_name, scale_name, quantise = _token_scales(inputs)
            nodes += quantise
            quantised[inputs] = (codes_name, scale_name)
        codes_name, scale_name = quantised[inputs]
        out = node.output[0]
        nodes += [
            helper.make_node("MatMulInteger", [codes_name, weight + "_q", "ptok_zero_point"], [out + "_i32"]),
            helper.make_node("Cast", [out + "_i32"], [out + "_f32"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [out + "_f32", weight + "_scale"], [out + "_columns"]),
            helper.make_node("Mul", [out + "_columns", scale_name], [out]),
        ]
    kept = [i for i in model.graph.initializer if i.name not in replaced]
    del model.graph.node[:], model.graph.initializer[:]
    model.graph.node.extend(nodes)
    model.graph.initializer.extend(kept + added)
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
