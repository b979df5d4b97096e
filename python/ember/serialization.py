"""ember.save / ember.load in PyTorch's own file format, so that files move both ways between
ember and PyTorch.

The format (torch.save since PyTorch 1.6): an uncompressed zip archive whose entries sit under one
folder: `data.pkl`, a pickle (protocol 2) of the object in which every tensor is the call
`torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)` and every
storage a persistent id `('storage', torch.<Type>Storage, key, location, numel)`; `data/<key>`,
the storage's bytes (little-endian); and `version` ("3"). Tensors that share memory share one
storage, so views stay views after a round trip.
"""
import collections
import io
import os
import pickle
import pickletools
import tempfile
import zipfile

import numpy as np

from . import _C
from ._tensor import Tensor

__all__ = ["save", "load"]

_VF = _C._VariableFunctions

# dtype name -> (PyTorch's storage class, the NumPy dtype of the bytes)
_STORAGES = {
    "float32": ("FloatStorage", np.float32), "float64": ("DoubleStorage", np.float64),
    "float16": ("HalfStorage", np.float16), "bfloat16": ("BFloat16Storage", np.int16),
    "int64": ("LongStorage", np.int64), "int32": ("IntStorage", np.int32),
    "int16": ("ShortStorage", np.int16), "int8": ("CharStorage", np.int8),
    "uint8": ("ByteStorage", np.uint8), "bool": ("BoolStorage", np.bool_),
}
_DTYPE_OF_STORAGE = {storage: name for name, (storage, _) in _STORAGES.items()}

_UNSAFE_MESSAGE = (
    "Weights only load failed. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution.Do it only if you get the file "
    "from a trusted source. WeightsUnpickler error: ")


def _dtype_name(dtype):
    return str(dtype).split(".")[-1]


# ---- saving

class _Global:
    """A name in PyTorch's namespace, written to the pickle as GLOBAL `module name` (what
    PyTorch's unpickler resolves; ember's maps it back)."""

    def __init__(self, module, name):
        self.module = module
        self.name = name

    def __call__(self, *args):  # pickle requires reduce functions to be callable
        raise RuntimeError(f"{self.module}.{self.name} is a name for the pickle only")


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAMETER = _Global("torch._utils", "_rebuild_parameter")
_SIZE = _Global("torch", "Size")
_DEVICE = _Global("torch", "device")


class _StorageRef:
    """One storage of the archive: its key, dtype and element count."""

    def __init__(self, key, dtype_name, numel):
        self.key = key
        self.dtype_name = dtype_name
        self.numel = numel


class _Pickler(pickle._Pickler):  # the Python pickler: its dispatch table can be extended
    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.records = []  # (key, bytes)
        self._storage_of = {}  # (address, dtype) -> _StorageRef
        self._globals = {}

    def _write_global(self, obj):
        self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode("utf-8"))
        self.memoize(obj)

    dispatch[_Global] = _write_global

    def _write_dtype(self, dtype):
        self.save(self._global("torch", _dtype_name(dtype)))

    dispatch[_C.dtype] = _write_dtype

    def persistent_id(self, obj):
        if isinstance(obj, _StorageRef):
            storage_class = _STORAGES[obj.dtype_name][0]
            return ("storage", self._global("torch", storage_class), obj.key, "cpu", obj.numel)
        return None

    def _global(self, module, name):
        key = (module, name)
        if key not in self._globals:
            self._globals[key] = _Global(module, name)
        return self._globals[key]

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            from .nn.parameter import Parameter

            if isinstance(obj, Parameter):
                return (_REBUILD_PARAMETER,
                        (obj.detach(), obj.requires_grad, collections.OrderedDict()))
            return self._reduce_tensor(obj)
        if isinstance(obj, _C.Size):
            return (_SIZE, (tuple(obj),))
        if isinstance(obj, _C.device):
            args = (obj.type,) if obj.index is None else (obj.type, obj.index)
            return (_DEVICE, args)
        return NotImplemented

    def _reduce_tensor(self, t):
        if t.requires_grad and not t.is_leaf:
            raise RuntimeError("Cowardly refusing to serialize non-leaf tensor which requires "
                               "fields that are only available on leaves.  If you just want to "
                               "transfer the data, call detach() on the tensor before "
                               "serializing (e.g., putting it on another process).")
        name = _dtype_name(t.dtype)
        if name not in _STORAGES:
            raise RuntimeError(f"ember cannot save tensors of dtype {t.dtype}")
        data = t if t.is_cpu else t.cpu()
        base = (data._base if data._base is not None else data).detach()
        data = data.detach()
        if base.storage_offset() != 0 or not base.is_contiguous() or base.numel() == 0:
            # Memory ember cannot map to one storage: this tensor gets its own.
            base = data.contiguous().clone()
            data = base
        itemsize = data.element_size()
        address = base.data_ptr()
        ref = self._storage_of.get((address, name))
        if ref is None or ref.numel < base.numel():
            # A new storage (also when an earlier one at this address was shorter: this tensor
            # then gets a copy of its own).
            ref = _StorageRef(str(len(self.records)), name, base.numel())
            raw = base.view(_C.int16) if name == "bfloat16" else base
            self.records.append((ref.key, raw.numpy().tobytes()))
            self._storage_of[(address, name)] = ref
        offset = (data.data_ptr() - address) // itemsize
        return (_REBUILD_TENSOR, (ref, offset, tuple(data.shape), tuple(data.stride()),
                                  t.requires_grad, collections.OrderedDict()))


def _archive_name(path):
    """The folder of the archive's entries: the file's name without extension, as PyTorch's."""
    return os.path.splitext(os.path.basename(path))[0] or "archive"


def _write_archive(obj, f, protocol, name):
    buffer = io.BytesIO()
    pickler = _Pickler(buffer, protocol)
    pickler.dump(obj)
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(f"{name}/data.pkl", buffer.getvalue())
        for key, data in pickler.records:
            archive.writestr(f"{name}/data/{key}", data)
        archive.writestr(f"{name}/version", "3\n")


def save(obj, f, pickle_module=pickle, pickle_protocol=2, _use_new_zipfile_serialization=True):
    """Saves obj (tensors, state_dicts, nested containers of numbers and strings...) to the file
    path or file object f, in PyTorch's zip format. A path is written atomically (a temporary
    file in the same folder, renamed over it)."""
    if not _use_new_zipfile_serialization:
        raise RuntimeError("ember writes PyTorch's zip format only "
                           "(_use_new_zipfile_serialization=True)")
    if pickle_module is not pickle:
        raise RuntimeError("ember.save uses Python's pickle module only")
    if not isinstance(f, (str, os.PathLike)):
        _write_archive(obj, f, pickle_protocol, "archive")
        return
    path = os.fspath(f)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".ember-save-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            _write_archive(obj, out, pickle_protocol, _archive_name(path))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---- loading

def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       metadata=None):
    """A tensor viewing `storage` (a 1-d tensor) as PyTorch's _rebuild_tensor_v2 does."""
    result = storage.as_strided(size, stride, storage_offset)
    if requires_grad:
        result.requires_grad_(True)
    return result


def _rebuild_tensor(storage, storage_offset, size, stride):
    return storage.as_strided(size, stride, storage_offset)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    from .nn.parameter import Parameter

    return Parameter(data, requires_grad)


class _StorageType:
    """What a `torch.<Type>Storage` name stands for while loading: the dtype of its bytes."""

    def __init__(self, dtype_name):
        self.dtype_name = dtype_name


def _resolve(module, name):
    """The ember object for a name in a PyTorch pickle (None: not one of PyTorch's)."""
    if module == "torch._utils":
        table = {"_rebuild_tensor_v2": _rebuild_tensor_v2, "_rebuild_tensor": _rebuild_tensor,
                 "_rebuild_parameter": _rebuild_parameter}
        if name in table:
            return table[name]
    if module == "torch" and name in _DTYPE_OF_STORAGE:
        return _StorageType(_DTYPE_OF_STORAGE[name])
    if module == "torch" and name in ("Size", "device") or \
            module == "torch" and isinstance(getattr(_C, name, None), _C.dtype):
        return getattr(_C, name)
    if module == "torch.nn.parameter" and name == "Parameter":
        from .nn.parameter import Parameter

        return Parameter
    if module == "torch._tensor" and name == "_rebuild_from_type_v2":
        return _rebuild_from_type_v2
    if module == "torch" and name == "Tensor":
        return Tensor
    return None


def _rebuild_from_type_v2(func, new_type, args, state):
    result = func(*args)
    if new_type is not Tensor and isinstance(new_type, type) and issubclass(new_type, Tensor):
        result = new_type(result) if new_type.__name__ == "Parameter" else result
    if state:
        result.__dict__.update(state)
    return result


# The names weights_only=True accepts (PyTorch's _get_allowed_globals, by dotted name).
_WEIGHTS_ONLY = {"collections.OrderedDict", "torch.nn.parameter.Parameter", "torch.Size",
                 "torch.Tensor", "torch._utils._rebuild_parameter", "torch._utils._rebuild_tensor",
                 "torch._utils._rebuild_tensor_v2"}
_WEIGHTS_ONLY |= {f"torch.{name}" for name in ("float16", "float32", "float64", "int8", "int16",
                                                "int32", "int64")}
_WEIGHTS_ONLY |= {f"torch.{storage}" for storage, _ in _STORAGES.values()}


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, archive, prefix, map_location, weights_only, **kwargs):
        super().__init__(file, **kwargs)
        self.archive = archive
        self.prefix = prefix
        self.map_location = map_location
        self.weights_only = weights_only
        self.storages = {}

    def find_class(self, module, name):
        if self.weights_only and f"{module}.{name}" not in _WEIGHTS_ONLY:
            raise pickle.UnpicklingError(_UNSAFE_MESSAGE + f"Unsupported class {module}.{name}")
        resolved = _resolve(module, name)
        if resolved is not None:
            return resolved
        if module.split(".")[0] == "torch":
            raise pickle.UnpicklingError(f"ember cannot load PyTorch's {module}.{name}")
        return super().find_class(module, name)

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage" and
                isinstance(pid[1], _StorageType)):
            raise pickle.UnpicklingError(f"unsupported persistent id in the archive: {pid!r}")
        _, storage_type, key, location, numel = pid
        if key in self.storages:
            return self.storages[key]
        dtype_name = storage_type.dtype_name
        np_dtype = _STORAGES[dtype_name][1]
        try:
            data = self.archive.read(f"{self.prefix}/data/{key}")
        except KeyError:
            raise RuntimeError(f"PytorchStreamReader failed locating file data/{key}: file not "
                               "found") from None
        itemsize = np.dtype(np_dtype).itemsize
        if not isinstance(numel, int) or numel < 0 or len(data) < numel * itemsize:
            raise RuntimeError(f"storage data/{key} is truncated: {len(data)} bytes for {numel} "
                               f"elements of {dtype_name}")
        array = np.frombuffer(data, dtype=np_dtype, count=numel).copy()
        storage = _VF.from_numpy(array)
        if dtype_name == "bfloat16":
            storage = storage.view(_C.bfloat16)
        storage = self._map(storage, location)
        self.storages[key] = storage
        return storage

    def _map(self, storage, location):
        where = self.map_location
        if where is None:
            return storage if location == "cpu" else storage.to(location)
        if callable(where):
            result = where(storage, location)
            return storage if result is None else result
        if isinstance(where, dict):
            return storage.to(where.get(location, location))
        return storage.to(where)


_MEMO_OPCODES = ("PUT", "BINPUT", "LONG_BINPUT", "GET", "BINGET", "LONG_BINGET")


def _check_memo_indices(data):
    """Refuses a data.pkl naming a memo slot beyond its own length: CPython's unpickler would
    first grow its memo to that many entries (gigabytes for a corrupt 4-byte index)."""
    try:
        for op, arg, _ in pickletools.genops(data):
            if op.name in _MEMO_OPCODES and int(arg) > len(data):
                raise RuntimeError(f"the archive is corrupt: data.pkl's memo index {arg} is out "
                                   "of range")
    except ValueError as e:
        raise RuntimeError(f"the archive is corrupt: data.pkl: {e}") from None


def load(f, map_location=None, pickle_module=None, *, weights_only=False, **pickle_load_args):
    """Loads an object that ember.save or torch.save wrote (PyTorch's zip format) from a path or
    file object. map_location: a device, a dict of locations, or a function (storage, location).
    weights_only: unpickle only tensors, dtypes and plain containers (no code from the file
    runs)."""
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when expiclit picke_module is specified")
    pickle_load_args.setdefault("encoding", "utf-8")
    opened = open(f, "rb") if isinstance(f, (str, os.PathLike)) else f
    try:
        try:
            archive = zipfile.ZipFile(opened)
        except (zipfile.BadZipFile, ValueError):  # ValueError: a corrupt end record's offsets
            raise RuntimeError("PytorchStreamReader failed reading zip archive: failed finding "
                               "central directory (ember reads PyTorch's zip format only)") \
                from None
        with archive:
            names = archive.namelist()
            pickles = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1]
            if not pickles:
                raise RuntimeError("PytorchStreamReader failed locating file data.pkl: file not "
                                   "found")
            prefix = pickles[0][:-len("/data.pkl")]
            try:
                data = archive.read(pickles[0])
            except (zipfile.BadZipFile, EOFError, OSError) as e:
                raise RuntimeError(f"PytorchStreamReader failed reading file data.pkl: {e}") \
                    from None
            _check_memo_indices(data)
            unpickler = _Unpickler(io.BytesIO(data), archive, prefix, map_location,
                                   weights_only, **pickle_load_args)
            try:
                return unpickler.load()
            except (zipfile.BadZipFile, EOFError, ValueError) as e:
                raise RuntimeError(f"the archive is corrupt: {e}") from None
    finally:
        if opened is not f:
            opened.close()
