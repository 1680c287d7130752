"""CTranslate2's model.bin, read with numpy (no ctranslate2 needed).

The format, as CTranslate2 writes it (python/ctranslate2/specs/model_spec.py, ModelSpec.save) and
reads it (src/models/model.cc, Model::load), all little-endian:

    uint32 binary_version                      (6 for current converters; 1..6 understood here)
    if version >= 2: string spec_name, uint32 spec_revision
    uint32 num_variables, then for each:
        string name
        uint8  rank, uint32 dims[rank]
        version >= 4: uint8 dtype_id, uint32 num_bytes
        version <  4: uint8 item_size, uint32 num_items  (dtype from the size: 4 → float32, 2 → int16, 1 → int8)
        num_bytes of row-major data
    if version >= 3: uint32 num_aliases, then pairs (string alias, string variable_name)

A string is uint16 length (including a trailing NUL) and the bytes. dtype ids follow
include/ctranslate2/types.h's DataType: FLOAT32, INT8, INT16, INT32, FLOAT16, BFLOAT16.
A quantized weight `.../weight` comes with `.../weight_scale` (int8: per output row, w = q / scale;
int16: one scale); an alias also covers the `_scale` of its target.
"""
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAX_BINARY_VERSION = 6
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}
_LEGACY_ITEM_SIZE = {4: np.float32, 2: np.int16, 1: np.int8}


@dataclass
class Ct2Model:
    binary_version: int
    spec: str
    revision: int
    variables: dict = field(default_factory=dict)  # name → numpy array (as stored)
    aliases: dict = field(default_factory=dict)  # alias → variable name

    def raw(self, name):
        name = self.aliases.get(name, name)
        return self.variables[name]

    def has(self, name):
        return self.aliases.get(name, name) in self.variables

    def float32(self, name):
        """A variable as float32, dequantized when it is stored with a scale."""
        value = self.raw(name)
        scale_name = self.aliases.get(name, name) + "_scale"
        if value.dtype in (np.int8, np.int16) and scale_name in self.variables:
            scale = self.variables[scale_name].astype(np.float32)
            if scale.ndim == 1:  # int8: one scale per output row
                scale = scale.reshape((-1,) + (1,) * (value.ndim - 1))
            return value.astype(np.float32) / scale
        if value.dtype == np.uint16:  # bfloat16, kept as its bits
            return (value.astype(np.uint32) << 16).view(np.float32)
        return value.astype(np.float32)

    def scalar(self, name):
        return self.raw(name).reshape(()).item()


class _Reader:
    def __init__(self, data):
        self.data = memoryview(data)
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError(f"model.bin ends early: {n} bytes wanted at offset {self.pos}, {len(self.data)} in all")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt):
        fmt = "<" + fmt
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))

    def string(self):
        (length,) = self.unpack("H")
        if length == 0:
            raise ValueError(f"invalid string length 0 at offset {self.pos - 2}")
        return bytes(self.take(length))[:-1].decode("utf-8")


def read_model(path):
    """Parses a model.bin file (or its bytes) into a Ct2Model; the arrays are copies, owned by the result."""
    data = Path(path).read_bytes() if not isinstance(path, (bytes, bytearray)) else path
    r = _Reader(data)
    (version,) = r.unpack("I")
    if not 1 <= version <= MAX_BINARY_VERSION:
        raise ValueError(f"unsupported CTranslate2 binary version {version} (this reader knows 1..{MAX_BINARY_VERSION})")
    spec, revision = "", 1
    if version >= 2:
        spec = r.string()
        (revision,) = r.unpack("I")
    model = Ct2Model(version, spec, revision)
    (count,) = r.unpack("I")
    for _ in range(count):
        name = r.string()
        (rank,) = r.unpack("B")
        shape = r.unpack("I" * rank) if rank else ()
        if version >= 4:
            dtype_id, num_bytes = r.unpack("BI")
            if dtype_id not in _DTYPES:
                raise ValueError(f"{name}: unknown dtype id {dtype_id}")
            dtype = _DTYPES[dtype_id]
        else:
            item_size, num_items = r.unpack("BI")
            dtype, num_bytes = _LEGACY_ITEM_SIZE[item_size], num_items * item_size
        np_dtype = np.dtype(np.uint16) if isinstance(dtype, str) else np.dtype(dtype)
        expected = int(np.prod(shape, dtype=np.int64)) * np_dtype.itemsize
        if num_bytes != expected:
            raise ValueError(f"{name}: {num_bytes} bytes for shape {shape} of {np_dtype} (expected {expected})")
        model.variables[name] = np.frombuffer(r.take(num_bytes), np_dtype).reshape(shape).copy()
    if version >= 3:
        (n_aliases,) = r.unpack("I")
        for _ in range(n_aliases):
            alias = r.string()
            model.aliases[alias] = r.string()
    if r.pos != len(r.data):
        raise ValueError(f"{len(r.data) - r.pos} bytes left after the last record of model.bin")
    return model


def write_model(path, spec, revision, variables, aliases=None, version=6):
    """Writes a model.bin in the same format (used by the tests to make small files)."""
    out = bytearray()

    def string(s):
        b = s.encode("utf-8")
        out.extend(struct.pack("<H", len(b) + 1) + b + b"\0")

    ids = {np.dtype(v): k for k, v in _DTYPES.items() if not isinstance(v, str)}
    out.extend(struct.pack("<I", version))
    string(spec)
    out.extend(struct.pack("<II", revision, len(variables)))
    for name, value in sorted(variables.items()):
        value = np.ascontiguousarray(value)
        string(name)
        out.extend(struct.pack("<B", value.ndim) + struct.pack("<" + "I" * value.ndim, *value.shape))
        out.extend(struct.pack("<BI", ids[value.dtype], value.nbytes))
        out.extend(value.tobytes())
    aliases = aliases or {}
    out.extend(struct.pack("<I", len(aliases)))
    for alias, target in aliases.items():
        string(alias)
        string(target)
    Path(path).write_bytes(bytes(out))
