"""ember.save / ember.load against PyTorch's torch.save / torch.load: files written by PyTorch
load in ember, files ember writes load in PyTorch (values, dtypes, views sharing storage,
Parameters, state_dicts with their _metadata, optimizer states), weights_only, map_location,
atomic writes, and corrupt or truncated files (clear errors, never a crash)."""
import io
import os
import pickle
import random
import zipfile

import numpy as np
import pytest
import torch

import ember

from differential import check


def objects(lib):
    """A nest of what programs save, built the same way in either library."""
    lib.manual_seed(0)
    model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4), lib.nn.Linear(4, 2))
    base = lib.arange(12.0).reshape(3, 4)
    return {
        "state_dict": model.state_dict(),
        "base": base,
        "view": base[:, 1:3],
        "transposed": base.t(),
        "dtypes": [lib.ones(2, dtype=d) for d in (lib.float64, lib.float16, lib.bfloat16,
                                                     lib.int64, lib.int32, lib.int16, lib.int8,
                                                     lib.uint8, lib.bool)],
        "scalar": lib.tensor(3.5),
        "empty": lib.zeros(0, 3),
        "param": lib.nn.Parameter(lib.randn(2, 2)),
        "frozen": lib.nn.Parameter(lib.ones(1), requires_grad=False),
        "leaf": lib.ones(2, requires_grad=True),
        "numbers": (1, 2.5, "text", None, True, [1, 2], {"k": (3,)}),
        "dtype": lib.float16,
        "size": lib.Size([2, 3]),
    }


def describe(value):
    """A library-neutral description of a loaded object, for comparing the two libraries."""
    if isinstance(value, (torch.Tensor, ember.Tensor)):
        t = value.detach()
        data = t.float() if str(t.dtype).endswith("bfloat16") else t
        return ("tensor", type(value).__name__, str(t.dtype).split(".")[-1], tuple(t.shape),
                tuple(t.stride()), t.storage_offset(), value.requires_grad,
                np.array(data.tolist()).tolist())
    if isinstance(value, dict):
        meta = getattr(value, "_metadata", None)
        return ("dict", type(value).__name__, [(k, describe(v)) for k, v in value.items()],
                None if meta is None else dict(meta))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [describe(v) for v in value])
    if isinstance(value, (torch.dtype, ember.dtype, torch.Size, ember.Size)):
        return repr(value).replace("torch.", "ember.")
    return value


def test_pytorch_files_load_in_ember(tmp_path):
    path = tmp_path / "from_torch.pt"
    torch.save(objects(torch), path)
    assert describe(ember.load(path)) == describe(torch.load(path))


def test_ember_files_load_in_pytorch(tmp_path):
    path = tmp_path / "from_ember.pt"
    ember.save(objects(ember), path)
    assert describe(torch.load(path)) == describe(objects(torch))
    assert describe(ember.load(path)) == describe(objects(ember))


@pytest.mark.parametrize("writer", [torch, ember])
@pytest.mark.parametrize("reader", [torch, ember])
def test_views_share_storage_after_loading(tmp_path, writer, reader):
    path = tmp_path / "views.pt"
    base = writer.arange(6.0)
    writer.save({"a": base[1:4], "b": base.view(2, 3), "c": base}, path)
    loaded = reader.load(path)
    loaded["c"][2] = 100.0
    assert loaded["a"][1].item() == 100.0 and loaded["b"][0, 2].item() == 100.0
    if writer is ember:
        with zipfile.ZipFile(path) as archive:  # one storage for the three tensors
            assert sum("/data/" in n for n in archive.namelist()) == 1


def test_file_objects_and_module_round_trip():
    buffer = io.BytesIO()
    ember.manual_seed(0)
    model = ember.nn.Linear(4, 2)
    ember.save(model.state_dict(), buffer)
    buffer.seek(0)
    other = ember.nn.Linear(4, 2)
    assert repr(other.load_state_dict(ember.load(buffer))) == "<All keys matched successfully>"
    assert other.weight.equal(model.weight) and other.bias.equal(model.bias)
    buffer.seek(0)
    reference = torch.nn.Linear(4, 2)
    reference.load_state_dict(torch.load(buffer))
    assert reference.weight.tolist() == model.weight.tolist()


@pytest.mark.parametrize("writer", [torch, ember])
def test_optimizer_state_both_ways(tmp_path, writer):
    def trained(lib):
        lib.manual_seed(0)
        model = lib.nn.Linear(3, 2)
        opt = lib.optim.Adam(model.parameters(), lr=0.1)
        for _ in range(2):
            opt.zero_grad()
            model(lib.ones(4, 3)).pow(2).sum().backward()
            opt.step()
        return opt

    path = tmp_path / "opt.pt"
    writer.save(trained(writer).state_dict(), path)
    for reader in (torch, ember):
        state = reader.load(path)
        assert describe(state) == describe(trained(torch).state_dict())
        opt = trained(reader)
        opt.load_state_dict(state)


def test_weights_only(tmp_path):
    path = tmp_path / "w.pt"
    torch.save({"sd": torch.nn.Linear(2, 2).state_dict(), "x": [1, 2]}, path)
    assert describe(ember.load(path, weights_only=True)) == \
        describe(torch.load(path, weights_only=True))
    path2 = tmp_path / "code.pt"
    torch.save({"f": np.ones(2)}, path2)
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
        ember.load(path2, weights_only=True)
    with pytest.raises(RuntimeError, match="picke_module"):
        ember.load(path, pickle_module=pickle, weights_only=True)


def test_map_location(tmp_path):
    path = tmp_path / "m.pt"
    torch.save(torch.ones(2), path)
    seen = []
    result = ember.load(path, map_location=lambda s, loc: seen.append(loc) or s)
    assert seen == ["cpu"] and result.tolist() == [1.0, 1.0]
    assert ember.load(path, map_location="cpu").device.type == "cpu"
    assert ember.load(path, map_location={"cpu": "cpu"}).tolist() == [1.0, 1.0]


def test_save_is_atomic(tmp_path):
    path = tmp_path / "keep.pt"
    ember.save(ember.ones(2), path)
    before = path.read_bytes()
    with pytest.raises(Exception):
        ember.save({"bad": lambda: 0}, path)  # a lambda does not pickle
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["keep.pt"]


def test_errors(tmp_path):
    path = tmp_path / "bad.pt"
    path.write_bytes(b"not a zip file at all")
    with pytest.raises(RuntimeError, match="failed reading zip archive"):
        ember.load(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x/other", b"")
    with pytest.raises(RuntimeError, match="data.pkl"):
        ember.load(path)
    with pytest.raises(RuntimeError, match="non-leaf"):
        ember.save(ember.ones(2, requires_grad=True) * 2, io.BytesIO())
    with pytest.raises(FileNotFoundError):
        ember.load(tmp_path / "missing.pt")


def test_truncated_and_corrupted_files_fail_cleanly(tmp_path):
    """Every truncation and random byte changes of a valid file: a Python exception (any clear
    error), never a crash or a hang."""
    buffer = io.BytesIO()
    torch.save({"sd": torch.nn.Linear(3, 2).state_dict(), "v": torch.arange(8.0)[2:6]}, buffer)
    data = buffer.getvalue()
    rng = random.Random(0)
    cases = [data[:n] for n in range(0, len(data), 97)]
    for _ in range(150):
        corrupt = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            corrupt[rng.randrange(len(corrupt))] = rng.randrange(256)
        cases.append(bytes(corrupt))
    for case in cases:
        try:
            ember.load(io.BytesIO(case))
        except Exception:  # noqa: BLE001  (any Python error is a clean refusal)
            pass


def _with_data_pkl(data, change):
    """The archive `data` with its data.pkl replaced by change(data.pkl)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            member = src.read(name)
            dst.writestr(name, change(member) if name.endswith("data.pkl") else member)
    return out.getvalue()


def test_corrupt_pickle_inside_a_valid_archive_fails_cleanly():
    """Found by scripts/fuzz-torch-load.py: a memo index of 10^9 in data.pkl (the archive's
    checksums valid) made Python's unpickler grow its memo to that size first: a hang."""
    buffer = io.BytesIO()
    ember.save({"w": ember.ones(2)}, buffer)
    put_1e9 = b"r\x00\xca\x9a\x3b"  # LONG_BINPUT 1000000000, in place of BINPUT 1
    huge_memo = _with_data_pkl(buffer.getvalue(), lambda p: p.replace(b"q\x01", put_1e9, 1))
    with pytest.raises(RuntimeError, match="memo index 1000000000 is out of range"):
        ember.load(io.BytesIO(huge_memo))
    not_a_pickle = _with_data_pkl(buffer.getvalue(), lambda p: b"\x80\x02c" + b"\xff" * 20)
    with pytest.raises(RuntimeError, match="the archive is corrupt"):
        ember.load(io.BytesIO(not_a_pickle))


def test_pickle_module_check_and_functional_names():
    check("import io\nb = io.BytesIO(); torch.save([torch.ones(1)], b); b.seek(0); "
          "torch.load(b)")
