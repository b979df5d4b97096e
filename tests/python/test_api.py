"""The module as a package: imports, docstrings on the public API, type stubs that cover it, the
.pth set-up of scripts/setup.sh, and the small types (dtype, device, Size, Generator)."""
import ast
import copy
import os
import pathlib
import pickle
import subprocess
import sys

import pytest

import ember
import torch

STUB = pathlib.Path(ember.__file__).with_name("__init__.pyi")


def public_names():
    return sorted(n for n in dir(ember) if not n.startswith("_"))


def stub_names():
    tree = ast.parse(STUB.read_text())
    names, tensor_names = set(), set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
        if isinstance(node, ast.ClassDef) and node.name == "Tensor":
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    tensor_names.add(item.name)
                elif isinstance(item, ast.AnnAssign):
                    tensor_names.add(item.target.id)
    return names, tensor_names


def test_stub_covers_the_module():
    names, _ = stub_names()
    missing = [n for n in public_names() if n not in names]
    assert not missing, f"not in __init__.pyi: {missing}"


def test_stub_covers_tensor():
    _, tensor_names = stub_names()
    public = [n for n in dir(ember.Tensor) if not n.startswith("_") or n in ("_version", "_base")]
    missing = [n for n in public if n not in tensor_names]
    assert not missing, f"Tensor members not in __init__.pyi: {missing}"


def test_public_functions_have_docstrings():
    undocumented = [n for n in public_names()
                    if callable(getattr(ember, n)) and not isinstance(getattr(ember, n), type)
                    and not (getattr(ember, n).__doc__ or "").strip()]
    assert not undocumented, undocumented


def test_tensor_methods_have_docstrings():
    undocumented = [n for n in dir(ember.Tensor) if not n.startswith("_")
                    and callable(getattr(ember.Tensor, n))
                    and not (getattr(ember.Tensor, n).__doc__ or "").strip()]
    assert not undocumented, undocumented


def test_pytorch_api_names_exist():
    """The names the deck and ordinary code use exist in ember as in torch."""
    for n in ["tensor", "zeros", "ones", "randn", "rand", "randint", "arange", "full",
              "float32", "float", "int64", "long", "Size", "no_grad", "enable_grad",
              "manual_seed", "get_default_dtype", "set_default_dtype", "autograd", "Tensor",
              "matmul", "from_numpy", "device", "dtype", "Generator", "is_tensor", "cat", "stack"]:
        assert hasattr(ember, n) and hasattr(torch, n), n
    assert callable(ember.autograd.grad) and callable(ember.autograd.backward)


def test_import_through_pth_file(tmp_path):
    """scripts/setup.sh's mechanism: a .pth file in a site-packages folder naming
    <build>/python makes `import ember` work in Debian's python3."""
    build_python = pathlib.Path(ember.__file__).resolve().parents[1]
    (tmp_path / "ember.pth").write_text(str(build_python) + "\n")
    code = ("import site, sys; site.addsitedir(sys.argv[1]); import ember; "
            "print(ember.tensor([1, 2]) * 2)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run(["/usr/bin/python3", "-I", "-c", code, str(tmp_path)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "tensor([2, 4])"


def test_tensor_class():
    t = ember.ones(2)
    assert type(t) is ember.Tensor
    assert isinstance(t, ember.Tensor)
    assert ember.Tensor.__module__ == "ember"
    assert repr(type(t)) == "<class 'ember.Tensor'>"
    assert [c.__name__ for c in type(t).__mro__] == ["Tensor", "_TensorBase", "object"]


def test_identity_of_tensors():
    t = ember.ones(2, requires_grad=True)
    assert t.requires_grad_() is t
    x = ember.ones(2)
    assert x.add_(1) is x
    x += 1
    assert x.to(ember.float32) is x
    (t * 2).sum().backward()
    assert t.grad is t.grad
    t.label = "weights"  # Python attributes stay on the tensor
    y = t * 1
    assert y.grad_fn.next_functions[0][0].variable.label == "weights"


def test_legacy_constructor():
    assert ember.Tensor([1, 2]).tolist() == [1.0, 2.0]
    assert ember.Tensor(2, 3).shape == (2, 3)
    assert ember.Tensor().shape == (0,)
    assert ember.Tensor(ember.Size([1, 2])).dtype == ember.float32


def test_copy_and_pickle():
    t = ember.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    c = copy.deepcopy(t)
    assert c.requires_grad and c.tolist() == t.tolist() and c is not t
    p = pickle.loads(pickle.dumps(t))
    assert p.tolist() == t.tolist() and p.dtype == t.dtype and p.requires_grad
    assert pickle.loads(pickle.dumps(ember.int16)) is ember.int16
    assert pickle.loads(pickle.dumps(ember.Size([2, 3]))) == ember.Size([2, 3])
    assert pickle.loads(pickle.dumps(ember.device("cpu"))) == ember.device("cpu")


def test_small_types():
    assert repr(ember.float32) == "ember.float32" and str(ember.int64) == "ember.int64"
    assert ember.float is ember.float32 and ember.long is ember.int64
    assert ember.device("cpu") == ember.device("cpu")
    assert hash(ember.device("cpu")) == hash(ember.device("cpu"))
    assert repr(ember.device("cuda", 1)) == "device(type='cuda', index=1)"
    s = ember.Size([2, 3])
    assert isinstance(s, tuple) and s == (2, 3) and repr(s) == "ember.Size([2, 3])"
    assert isinstance(s[1:], ember.Size) and s.numel() == 6
    g = ember.Generator()
    assert g.manual_seed(5) is g and g.initial_seed() == 5
    with pytest.raises(TypeError, match="ember.Size\\(\\) takes an iterable of 'int'"):
        ember.Size([1.5])


def test_no_grad_as_decorator_and_context():
    w = ember.ones(2, requires_grad=True)

    @ember.no_grad()
    def f(x):
        return x * 2

    assert not f(w).requires_grad and ember.is_grad_enabled()
    with ember.no_grad():
        assert not ember.is_grad_enabled()
        with ember.enable_grad():
            assert (w * 2).requires_grad
    assert ember.is_grad_enabled()

    @ember.no_grad()
    def gen():
        yield w * 2

    assert not next(gen()).requires_grad


def test_deck_keyword_error():
    """The deck's card 9 writes required_grad=True: PyTorch's TypeError."""
    with pytest.raises(TypeError) as e:
        ember.tensor(2.0, required_grad=True)
    assert str(e.value) == "tensor() got an unexpected keyword argument 'required_grad'"


def test_runs_under_debian_python():
    assert sys.executable.startswith("/usr/bin/python3") or os.path.realpath(
        sys.executable).startswith("/usr/bin/python3")


def test_inplace_remainder_writes_in_place():
    x = ember.tensor([5., 7.])
    y = x
    x %= 4
    assert y is x and y.tolist() == [1.0, 3.0]


def test_setting_data():
    for lib in (torch, ember):
        w = lib.ones(2, requires_grad=True)
        (w * 3).sum().backward()
        w.data = lib.zeros(3)
        assert w.shape == (3,) and w.requires_grad and w.is_leaf
        w.grad = None
        (w * 2).sum().backward()
        assert w.grad.tolist() == [2.0, 2.0, 2.0]
