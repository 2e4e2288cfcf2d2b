"""Reading the repository's safetensors files in the reference scripts (F32, I64 and U8 tensors; metadata skipped)."""
import json, struct
import torch


def read_safetensors(path):
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    types = {"F32": torch.float32, "I64": torch.int64, "U8": torch.uint8}
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        out[k] = torch.frombuffer(bytearray(raw[8 + n + b: 8 + n + e]), dtype=types[v["dtype"]]).reshape(v["shape"]).clone()
    return out
