"""Readers for learnopt's output files, independent of the Java code: safetensors tensors and
TensorBoard event steps. Used by the kill loop and the fuzz run to check results from outside."""
import json
import struct


def tensors(path):
    """{name: raw little-endian bytes} of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    start = 8 + n
    return {
        k: data[start + v["data_offsets"][0] : start + v["data_offsets"][1]]
        for k, v in header.items()
        if k != "__metadata__"
    }


def _varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, i


def event_steps(path):
    """Steps of the events that carry a summary, in file order (TFRecord framing, Event proto)."""
    with open(path, "rb") as f:
        data = f.read()
    steps, i = [], 0
    while i < len(data):
        (length,) = struct.unpack("<Q", data[i : i + 8])
        record = data[i + 12 : i + 12 + length]
        if len(record) != length:
            raise ValueError(f"{path}: truncated record at byte {i}")
        i += 12 + length + 4
        step, has_summary, j = 0, False, 0
        while j < len(record):
            key, j = _varint(record, j)
            field, wire = key >> 3, key & 7
            if wire == 0:
                value, j = _varint(record, j)
                if field == 2:
                    step = value
            elif wire == 1:
                j += 8
            elif wire == 2:
                size, j = _varint(record, j)
                j += size
                has_summary |= field == 5
            elif wire == 5:
                j += 4
            else:
                raise ValueError(f"{path}: wire type {wire}")
        if has_summary:
            steps.append(step)
    return steps
