"""Writes the references of tests/serialize and tests/data (Debian's python3-torch 1.13.1; run with
Debian's /usr/bin/python3):

  serialize.json                 what every file below holds, and the sampler permutations
  serialize_<case>.safetensors   safetensors files written by the spec writer below
  serialize_idx_<dtype>.idx[.gz] IDX files of each element type (some gzip-compressed)
  serialize_mnist/               a 6 + 4 image MNIST-layout folder (train gzip, test plain)
  ../fuzz/corpus/seed_*          seed inputs of the safetensors fuzzer (tests/fuzz)

Debian has no python3-safetensors, so the safetensors writer and reader here follow the format
spec (https://github.com/huggingface/safetensors, README "Format") and reproduce the Rust
reference writer's choices: tensors ordered by decreasing dtype alignment (its Dtype enum order)
then by name, compact JSON with "__metadata__" first, the header padded with spaces to a multiple
of 8 bytes. The C++ test checks that ember writes these files byte for byte and reads them back.

  /usr/bin/python3 gen_serialize.py             regenerate everything
  /usr/bin/python3 gen_serialize.py --read F    print the tensors of safetensors file F (checks
                                                that a file ember wrote reads on the PyTorch side)
"""
import gzip
import json
import os
import struct
import sys

import torch
from reflib import describe

HERE = os.path.dirname(os.path.abspath(__file__))

ST_NAME = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16",
           torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32",
           torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
ST_DTYPE = {v: k for k, v in ST_NAME.items()}
# Position in the Rust reference's Dtype enum (BOOL U8 I8 F8_E5M2 F8_E4M3 I16 U16 F16 BF16 I32 U32
# F32 F64 I64 U64): the writer lays tensors out by decreasing rank.
RANK = {"BOOL": 0, "U8": 1, "I8": 2, "I16": 5, "F16": 7, "BF16": 8, "I32": 9, "F32": 11,
        "F64": 12, "I64": 13}


def raw_bytes(t):
    """The tensor's elements as little-endian bytes, row-major."""
    return t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()


def st_write(tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-RANK[ST_NAME[kv[1].dtype]], kv[0].encode()))
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    for name, t in items:
        b = raw_bytes(t)
        header[name] = {"dtype": ST_NAME[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def st_read(buf):
    """(tensors, metadata) of a safetensors file's bytes, checked as the spec requires."""
    (n,) = struct.unpack("<Q", buf[:8])
    assert 8 + n <= len(buf), "header length past the end"
    header = json.loads(buf[8:8 + n].decode("utf-8"))
    data = buf[8 + n:]
    metadata = header.pop("__metadata__", None) or {}
    tensors, end = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, stop = info["data_offsets"]
        assert begin == end, f"{name}: offsets do not follow on"
        dtype = ST_DTYPE[info["dtype"]]
        numel = 1
        for d in info["shape"]:
            numel *= d
        assert stop - begin == numel * torch.empty(0, dtype=dtype).element_size(), name
        if stop > begin:
            t = torch.frombuffer(bytearray(data[begin:stop]), dtype=dtype)
        else:
            t = torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"])
        end = stop
    assert end == len(data), "data not covered exactly"
    return tensors, metadata


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and raw_bytes(a) == raw_bytes(b)


# ---- safetensors files ---------------------------------------------------------------------------

def values(dtype, shape, gen):
    if dtype == torch.bool:
        return torch.randint(0, 2, shape, generator=gen).bool()
    if dtype.is_floating_point:
        return torch.randn(shape, generator=gen, dtype=torch.float64).mul(3).to(dtype)
    info = torch.iinfo(dtype)
    return torch.randint(max(info.min, -1000), min(info.max, 1000) + 1, shape, generator=gen,
                         dtype=dtype)


def safetensors_cases():
    g = torch.Generator().manual_seed(0)
    cases = {}
    mixed = {}
    shapes = [[2, 3], [4], [2, 3, 2], []]
    for i, dtype in enumerate(ST_NAME):
        mixed[f"t_{ST_NAME[dtype].lower()}"] = values(dtype, shapes[i % len(shapes)], g)
    # Built directly in each dtype: PyTorch's vectorized float->bfloat16 copy turns NaN into
    # 0xffff, its scalar conversion (and ember's) into 0x7fc0; the C++ test rebuilds these values
    # from their description with the scalar conversion.
    specials = [0.0, -0.0, float("inf"), float("-inf"), float("nan"), 1e-45, 3.5]
    for suffix, dtype in [("f32", torch.float32), ("f64", torch.float64), ("f16", torch.float16),
                          ("bf16", torch.bfloat16)]:
        mixed["specials_" + suffix] = torch.tensor(specials, dtype=dtype)
    mixed["z_int64_big"] = torch.tensor([-(2**63), 2**63 - 1, 0, -1])
    cases["mixed"] = (mixed, {"format": "pt", "source": "ember \u2713 \"reference\"\n"})
    # What save(tensor, path) writes.
    cases["single"] = ({"tensor": values(torch.float32, [3, 4], g)}, None)
    cases["empty"] = ({}, None)
    cases["zero_size"] = ({"a": torch.zeros(0), "b": torch.zeros(2, 0, 3, dtype=torch.int64),
                           "c": torch.tensor(7, dtype=torch.int32), "d": torch.zeros(0, dtype=torch.bool)},
                          {"k": "v"})
    names = ["plain", "\u00df", "\u540d\u524d", "a\"b", "back\\slash", "new\nline", "tab\t",
             "ctl\x01\x1f\x7f", "emoji\U0001F600", "", "slash/name", "sp ace"]
    cases["names"] = ({n: torch.tensor([float(i)]) for i, n in enumerate(names)}, None)
    # Names that sort differently by dtype than alphabetically.
    cases["order"] = ({"a": torch.ones(1, dtype=torch.bool), "b": torch.ones(1, dtype=torch.uint8),
                       "c": torch.ones(1, dtype=torch.float64), "d": torch.ones(1, dtype=torch.int64),
                       "e": torch.ones(1, dtype=torch.float32), "f": torch.ones(1, dtype=torch.float32),
                       "B": torch.ones(1, dtype=torch.float32)}, None)
    return cases


# ---- IDX files ------------------------------------------------------------------------------------

IDX_CODE = {torch.uint8: 0x08, torch.int8: 0x09, torch.int16: 0x0B, torch.int32: 0x0C,
            torch.float32: 0x0D, torch.float64: 0x0E}
IDX_NP = {torch.uint8: "u1", torch.int8: "i1", torch.int16: ">i2", torch.int32: ">i4",
          torch.float32: ">f4", torch.float64: ">f8"}


def idx_bytes(t):
    head = struct.pack(">BBBB", 0, 0, IDX_CODE[t.dtype], t.dim())
    head += struct.pack(">" + "I" * t.dim(), *t.shape)
    return head + t.numpy().astype(IDX_NP[t.dtype]).tobytes()


def write(path, data, compress):
    if compress:
        data = gzip.compress(data, mtime=0)
    with open(path, "wb") as f:
        f.write(data)


def idx_cases():
    g = torch.Generator().manual_seed(1)
    out = {}
    for dtype, shape, gz in [(torch.uint8, [3, 4, 5], False), (torch.int8, [7], True),
                             (torch.int16, [2, 3], True), (torch.int32, [2, 2, 2], False),
                             (torch.float32, [5, 2], True), (torch.float64, [3], False)]:
        t = values(dtype, shape, g)
        name = f"serialize_idx_{str(dtype).replace('torch.', '')}.idx" + (".gz" if gz else "")
        write(os.path.join(HERE, name), idx_bytes(t), gz)
        out[name] = describe(t)
    return out


def mnist_folder():
    """A small folder laid out as MNIST's (and Fashion-MNIST's): train gzip-compressed, test not."""
    g = torch.Generator().manual_seed(2)
    folder = os.path.join(HERE, "serialize_mnist")
    os.makedirs(folder, exist_ok=True)
    out = {}
    for split, n, gz in [("train", 6, True), ("t10k", 4, False)]:
        images = torch.randint(0, 256, [n, 28, 28], generator=g, dtype=torch.uint8)
        labels = torch.randint(0, 10, [n], generator=g, dtype=torch.uint8)
        suffix = ".gz" if gz else ""
        write(os.path.join(folder, f"{split}-images-idx3-ubyte{suffix}"), idx_bytes(images), gz)
        write(os.path.join(folder, f"{split}-labels-idx1-ubyte{suffix}"), idx_bytes(labels), gz)
        # libtorch's MNIST: images float32 [n, 1, 28, 28] divided by 255, targets int64.
        out[split] = {"images": describe(images.reshape(n, 1, 28, 28).to(torch.float32).div_(255)),
                      "targets": describe(labels.to(torch.int64))}
    return out


def fashion_mnist_summary():
    """Facts about Debian's dataset-fashion-mnist files, when installed."""
    root = "/usr/share/datasets/fashion-mnist"
    if not os.path.isdir(root):
        return None
    out = {"root": root}
    for split in ["train", "t10k"]:
        with gzip.open(os.path.join(root, f"{split}-images-idx3-ubyte.gz")) as f:
            img = f.read()
        with gzip.open(os.path.join(root, f"{split}-labels-idx1-ubyte.gz")) as f:
            lab = f.read()
        n = struct.unpack(">I", img[4:8])[0]
        images = torch.frombuffer(bytearray(img[16:]), dtype=torch.uint8).reshape(n, 28, 28)
        labels = torch.frombuffer(bytearray(lab[8:]), dtype=torch.uint8).long()
        out[split] = {"count": n, "first_labels": labels[:20].tolist(),
                      "label_counts": torch.bincount(labels, minlength=10).tolist(),
                      "pixel_sum": int(images.long().sum()),
                      "image0_pixel_sum": int(images[0].long().sum()),
                      "last_image_pixel_sum": int(images[-1].long().sum())}
    return out


def fuzz_seeds():
    """Small inputs for tests/fuzz/corpus/ (the libFuzzer seed corpus, replayed by test_fuzz):
    valid files of each dtype and odd but legal headers, and near misses."""
    folder = os.path.join(HERE, "..", "fuzz", "corpus")
    os.makedirs(folder, exist_ok=True)

    def raw(header, data=b""):
        h = header.encode("utf-8")
        return struct.pack("<Q", len(h)) + h + data

    seeds = {
        "seed_every_dtype": st_write({ST_NAME[d].lower(): torch.ones(2, dtype=d) for d in ST_NAME}),
        "seed_metadata": st_write({"w": torch.arange(6.0).reshape(2, 3)}, {"a": "b", "c": "\u00e9"}),
        "seed_empty": st_write({}),
        "seed_zero_size": st_write({"a": torch.zeros(0, 3), "b": torch.tensor(1.5)}),
        "seed_whitespace": raw(' { "x" : { "dtype" : "U8" , "shape" : [ 1 ] , "data_offsets" : [ 0 , 1 ] } } '[1:], b"\x05"),
        "seed_unknown_field": raw('{"x":{"dtype":"I8","shape":[2],"data_offsets":[0,2],"z":[{"a":null},true,-1.5e3]}}', b"\x01\xff"),
        "seed_escapes": raw('{"\\u00e9\\ud83d\\ude00\\n\\"":{"dtype":"BOOL","shape":[],"data_offsets":[0,1]}}', b"\x01"),
        "seed_null_metadata": raw('{"__metadata__":null,"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}', b"\x00\x3c"),
        "seed_overlap": raw('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', bytes(12)),
        "seed_gap": raw('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}', bytes(12)),
        "seed_truncated": st_write({"w": torch.ones(4, 4)})[:-5],
        "seed_huge_shape": raw('{"a":{"dtype":"F64","shape":[0,4294967296,4294967296],"data_offsets":[0,0]}}'),
        "seed_bad_bool": raw('{"m":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}', b"\x01\x02"),
        "seed_deep": raw('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"z":' + "[" * 70 + "]" * 70 + "}}", b"\x00"),
        "seed_header_too_long": struct.pack("<Q", 1000) + b"{}",
    }
    for name, data in seeds.items():
        write(os.path.join(folder, name), data, False)
    return len(seeds)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--read":
        with open(sys.argv[2], "rb") as f:
            tensors, metadata = st_read(f.read())
        print("metadata:", metadata)
        for name, t in tensors.items():
            print(f"{name!r}: {t.dtype} {list(t.shape)} sum={t.double().sum().item():.6g}")
        return

    ref = {"torch_version": torch.__version__, "safetensors": {}}
    for case, (tensors, metadata) in safetensors_cases().items():
        data = st_write(tensors, metadata)
        back, back_meta = st_read(data)  # the reader agrees with the writer
        assert back.keys() == tensors.keys() and all(same(back[k], tensors[k]) for k in tensors)
        assert back_meta == (metadata or {})
        name = f"serialize_{case}.safetensors"
        write(os.path.join(HERE, name), data, False)
        ref["safetensors"][case] = {"file": name, "metadata": metadata or {},
                                    "tensors": {k: describe(t) for k, t in tensors.items()}}
    ref["idx"] = idx_cases()
    ref["mnist_folder"] = mnist_folder()
    # RandomSampler: libtorch draws torch::randperm(n) from the global generator when constructed
    # and again at each reset, and its data loader resets at each epoch's start: after
    # torch::manual_seed(0) a loader over 10 examples yields perms[1] then perms[2] (checked
    # against libtorch 1.13.1 itself). With an explicit generator, ember draws from it alike.
    ref["randperm_global"] = []
    for seed, n in [(0, 10), (1, 100), (42, 1000)]:
        torch.manual_seed(seed)
        ref["randperm_global"].append({"seed": seed, "n": n,
                                       "perms": [torch.randperm(n).tolist() for _ in range(3)]})
    g = torch.Generator().manual_seed(7)
    ref["randperm_generator"] = {"seed": 7, "n": 20,
                                 "epochs": [torch.randperm(20, generator=g).tolist() for _ in range(3)]}
    ref["fashion_mnist"] = fashion_mnist_summary()
    n_seeds = fuzz_seeds()

    path = os.path.join(HERE, "serialize.json")
    with open(path, "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path}: {len(ref['safetensors'])} safetensors files, {len(ref['idx'])} IDX files, "
          f"{n_seeds} fuzz seeds")


if __name__ == "__main__":
    main()
