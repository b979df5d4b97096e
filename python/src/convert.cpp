// Python data <-> tensors: ember.tensor(data) (nested sequences, numbers, tensors, NumPy arrays)
// with PyTorch's dtype inference and messages, t.tolist(), and the NumPy bridge (t.numpy() and
// ember.from_numpy share memory; NumPy's __array_interface__ describes the arrays, so ember needs
// no NumPy headers).
#include <Python.h>
#include <structmember.h>  // PyMemberDef; needs Python.h first

#include <cstring>
#include <sstream>
#include <unordered_map>

#include "common.h"

namespace ember::python {

namespace {

// NumPy's type strings ("<f4", "|b1", ...) for ember's dtypes, and back.
const char* numpy_typestr(ScalarType t) {
  switch (t) {
    case kBool:
      return "|b1";
    case kByte:
      return "|u1";
    case kChar:
      return "|i1";
    case kShort:
      return "<i2";
    case kInt:
      return "<i4";
    case kLong:
      return "<i8";
    case kHalf:
      return "<f2";
    case kFloat:
      return "<f4";
    case kDouble:
      return "<f8";
    default:
      return nullptr;
  }
}

[[noreturn]] void unsupported_numpy_type(const std::string& name) {
  type_error("can't convert np.ndarray of type ", name,
             ". The only supported types are: float64, float32, float16, complex64, complex128, "
             "int64, int32, int16, int8, uint8, and bool.");
}

// The dtype of a NumPy array or scalar from its dtype object.
ScalarType numpy_dtype(PyObject* np_dtype) {
  py::object kind_obj = steal(PyObject_GetAttrString(np_dtype, "kind"));
  py::object size_obj = steal(PyObject_GetAttrString(np_dtype, "itemsize"));
  const std::string kind = py::cast<std::string>(kind_obj);
  const int64_t size = py::cast<int64_t>(size_obj);
  if (kind == "b") return kBool;
  if (kind == "u" && size == 1) return kByte;
  if (kind == "i") {
    if (size == 1) return kChar;
    if (size == 2) return kShort;
    if (size == 4) return kInt;
    if (size == 8) return kLong;
  }
  if (kind == "f") {
    if (size == 2) return kHalf;
    if (size == 4) return kFloat;
    if (size == 8) return kDouble;
  }
  py::object type = steal(PyObject_GetAttrString(np_dtype, "type"));
  py::object module = type.attr("__module__");
  py::object name = type.attr("__name__");
  unsupported_numpy_type(py::cast<std::string>(module) + "." + py::cast<std::string>(name));
}

constexpr int kMaxDims = 128;

// Strings and bytes are not data (np.str_ and np.bytes_ included), at the top level or inside.
void check_not_string(PyObject* obj) {
  if (PyUnicode_Check(obj) || PyBytes_Check(obj)) {
    type_error("new(): invalid data type '", type_name(obj), "'");
  }
}

// depth: how many sequences obj lies in. Valid data is at most kMaxDims deep (compute_sizes
// refuses more); deeper elements (of ragged or self-containing lists) are not looked into: the
// store rejects them ("must be real number, not list"), and the recursion stays bounded.
ScalarType infer_scalar_type(PyObject* obj, int depth = 0) {
  if (depth > kMaxDims) return get_default_dtype();
  check_not_string(obj);
  // NumPy arrays and scalars keep their dtype (np.int8(1) is int8, np.float64(1.5) float64, not
  // int64 and the default dtype); unsupported ones raise PyTorch's message (np.uint16).
  if (is_numpy_array(obj) || is_numpy_generic(obj)) {
    py::object dt = steal(PyObject_GetAttrString(obj, "dtype"));
    return numpy_dtype(dt.ptr());
  }
  if (PyBool_Check(obj)) return kBool;
  if (is_int(obj)) return kLong;
  if (PyFloat_Check(obj)) return get_default_dtype();
  if (is_tensor(obj)) return unpack(obj).scalar_type();
  if (PyComplex_Check(obj)) runtime_error("ember does not support complex numbers");
  if (PySequence_Check(obj)) {
    const Py_ssize_t length = PySequence_Length(obj);
    if (length < 0) throw python_error();
    if (length == 0) return get_default_dtype();
    std::optional<ScalarType> result;
    for (Py_ssize_t i = 0; i < length; ++i) {
      py::object item = steal(PySequence_GetItem(obj, i));
      if (item.ptr() == obj) type_error("new(): self-referential lists are incompatible");
      const ScalarType t = infer_scalar_type(item.ptr(), depth + 1);
      result = result ? promote_types(*result, t) : t;
    }
    return *result;
  }
  runtime_error("Could not infer dtype of ", type_name(obj));
}

std::vector<int64_t> compute_sizes(PyObject* seq) {
  std::vector<int64_t> sizes;
  py::object handle;
  // Tensors inside the data are elements (0-d ones only), not sequences.
  while (!is_tensor(seq) && PySequence_Check(seq)) {
    const Py_ssize_t length = PySequence_Length(seq);
    if (length < 0) throw python_error();
    sizes.push_back(length);
    if (sizes.size() > kMaxDims) value_error("too many dimensions '", type_name(seq), "'");
    if (length == 0) break;
    PyObject* item = PySequence_GetItem(seq, 0);
    if (!item) {
      PyErr_Clear();
      value_error("could not determine the shape of object type '", type_name(seq), "'");
    }
    handle = py::reinterpret_steal<py::object>(item);
    seq = handle.ptr();
  }
  return sizes;
}

// Stores one Python number into an element of type T, as PyTorch's store_scalar.
template <class T>
void store_scalar(void* data, PyObject* obj, const char* int_name) {
  if constexpr (std::is_same_v<T, bool>) {
    if (PyFloat_Check(obj)) {
      *static_cast<bool*>(data) = PyFloat_AS_DOUBLE(obj) != 0;
      return;
    }
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (v == -1 && PyErr_Occurred()) throw python_error();
    *static_cast<bool*>(data) = overflow != 0 || v != 0;
  } else if constexpr (std::is_integral_v<T>) {
    // Python floats convert (truncating) as long as they fit, as PyTorch does.
    const Scalar s = PyFloat_Check(obj) ? Scalar(unpack_double(obj)) : Scalar(unpack_int(obj));
    if (overflows(s, scalar_type_of<T>)) {
      runtime_error("value cannot be converted to type ", int_name, " without overflow");
    }
    *static_cast<T*>(data) = s.to<T>();
  } else {
    *static_cast<T*>(data) = static_cast<T>(unpack_double(obj));
  }
}

void store(char* data, ScalarType t, PyObject* obj) {
  switch (t) {
    case kBool:
      return store_scalar<bool>(data, obj, "bool");
    case kByte:
      return store_scalar<uint8_t>(data, obj, "uint8");
    case kChar:
      return store_scalar<int8_t>(data, obj, "int8");
    case kShort:
      return store_scalar<int16_t>(data, obj, "int16");
    case kInt:
      return store_scalar<int32_t>(data, obj, "int32");
    case kLong:
      return store_scalar<int64_t>(data, obj, "int64");
    case kHalf:
      *reinterpret_cast<Half*>(data) = Half(static_cast<float>(unpack_double(obj)));
      return;
    case kBFloat16:
      *reinterpret_cast<BFloat16*>(data) = BFloat16(static_cast<float>(unpack_double(obj)));
      return;
    case kFloat:
      *reinterpret_cast<float*>(data) = static_cast<float>(unpack_double(obj));
      return;
    case kDouble:
      *reinterpret_cast<double*>(data) = unpack_double(obj);
      return;
    default:
      runtime_error("unsupported dtype");
  }
}

bool warned_numpy_list = false;

void recursive_store(char* data, const std::vector<int64_t>& sizes,
                     const std::vector<int64_t>& strides, size_t dim, ScalarType t, int64_t elsize,
                     PyObject* obj) {
  if (dim == sizes.size()) {
    store(data, t, obj);
    return;
  }
  const int64_t n = sizes[dim];
  py::object seq = steal(PySequence_Fast(obj, "not a sequence"));
  const Py_ssize_t seq_size = PySequence_Fast_GET_SIZE(seq.ptr());
  if (seq_size != n) {
    value_error("expected sequence of length ", n, " at dim ", dim, " (got ", seq_size, ")");
  }
  PyObject** items = PySequence_Fast_ITEMS(seq.ptr());
  for (int64_t i = 0; i < n; ++i) {
    if (!warned_numpy_list && is_numpy_array(items[i])) {
      warned_numpy_list = true;
      if (PyErr_WarnEx(PyExc_UserWarning,
                       "Creating a tensor from a list of numpy.ndarrays is extremely slow. Please "
                       "consider converting the list to a single numpy.ndarray with numpy.array() "
                       "before converting to a tensor.",
                       1) < 0) {
        throw python_error();
      }
    }
    recursive_store(data, sizes, strides, dim + 1, t, elsize, items[i]);
    data += strides[dim] * elsize;
  }
}

}  // namespace

Tensor tensor_from_data(PyObject* data, std::optional<ScalarType> dtype,
                        std::optional<Device> device, bool requires_grad, bool copy_variables,
                        bool type_inference, const char* function) {
  (void)function;
  Tensor result;
  if (is_tensor(data)) {
    const Tensor& var = unpack(data);
    if (copy_variables) {
      if (PyErr_WarnEx(PyExc_UserWarning,
                       "To copy construct from a tensor, it is recommended to use "
                       "sourceTensor.clone().detach() or "
                       "sourceTensor.clone().detach().requires_grad_(True), rather than "
                       "ember.tensor(sourceTensor).",
                       1) < 0) {
        throw python_error();
      }
    }
    const ScalarType t = (type_inference || !dtype) ? var.scalar_type() : *dtype;
    NoGradGuard no_grad;
    result =
        var.detach().to(device.value_or(var.device()), dtype.value_or(t), false, copy_variables);
  } else if (is_numpy_array(data)) {
    Tensor shared = tensor_from_numpy(data, false);
    const ScalarType t = dtype.value_or(shared.scalar_type());
    result = shared.to(device.value_or(Device(kCPU)), t, false, true);
  } else {
    check_not_string(data);
    // The shape first, as PyTorch ("too many dimensions 'str'" for a list of strings).
    const std::vector<int64_t> sizes = compute_sizes(data);
    const ScalarType t = dtype ? *dtype : infer_scalar_type(data);
    result = empty(sizes, TensorOptions().dtype(t));
    if (result.numel() > 0) {
      std::vector<int64_t> strides(result.strides().begin(), result.strides().end());
      recursive_store(static_cast<char*>(result.data_ptr()), sizes, strides, 0, t,
                      result.element_size(), data);
    }
    if (device && *device != result.device()) result = result.to(*device);
  }
  if (result.requires_grad()) result = result.detach();
  if (requires_grad) {
    EMBER_CHECK(result.is_floating_point(),
                "Only Tensors of floating point and complex dtype can require gradients");
    result.requires_grad_(true);
  }
  return result;
}

// ---- tolist
// --------------------------------------------------------------------------------------

namespace {
template <class T>
PyObject* to_python(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return PyBool_FromLong(v);
  } else if constexpr (std::is_integral_v<T>) {
    return PyLong_FromLongLong(static_cast<long long>(v));
  } else {
    return PyFloat_FromDouble(static_cast<double>(static_cast<float>(v)));
  }
}
template <>
PyObject* to_python<double>(const double& v) {
  return PyFloat_FromDouble(v);
}

template <class T>
PyObject* list_of(const char* data, IntArrayRef sizes, IntArrayRef strides, size_t dim) {
  if (dim == sizes.size()) return to_python(*reinterpret_cast<const T*>(data));
  const int64_t n = sizes[dim];
  PyObject* list = PyList_New(n);
  if (!list) throw python_error();
  for (int64_t i = 0; i < n; ++i) {
    PyObject* item = nullptr;
    try {
      item = list_of<T>(data + i * strides[dim] * static_cast<int64_t>(sizeof(T)), sizes, strides,
                        dim + 1);
    } catch (...) {
      Py_DECREF(list);
      throw;
    }
    if (!item) {
      Py_DECREF(list);
      throw python_error();
    }
    PyList_SET_ITEM(list, i, item);
  }
  return list;
}
}  // namespace

PyObject* tensor_to_list(const Tensor& t) {
  const Tensor c = t.cpu();
  return visit_dtype(c.scalar_type(), [&]<class T>() -> PyObject* {
    return list_of<T>(static_cast<const char*>(c.data_ptr()), c.sizes(), c.strides(), 0);
  });
}

// ---- NumPy
// ---------------------------------------------------------------------------------------

namespace {

// Owns a tensor and describes its memory to NumPy (np.asarray(holder) makes an array whose base
// is the holder, so the tensor lives as long as the array).
struct ArrayHolder {
  PyObject_HEAD Tensor tensor;
  PyObject* interface;
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
PyTypeObject ArrayHolderType = {PyVarObject_HEAD_INIT(nullptr, 0)};
#pragma GCC diagnostic pop

void holder_dealloc(PyObject* self) {
  auto* h = reinterpret_cast<ArrayHolder*>(self);
  Py_XDECREF(h->interface);
  h->tensor.~Tensor();
  Py_TYPE(self)->tp_free(self);
}
PyObject* holder_interface(PyObject* self, void*) {
  PyObject* i = reinterpret_cast<ArrayHolder*>(self)->interface;
  Py_INCREF(i);
  return i;
}
PyGetSetDef holder_getset[] = {{"__array_interface__", holder_interface, nullptr, nullptr, nullptr},
                               {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyObject* numpy_module() {
  PyObject* np = PyImport_ImportModule("numpy");
  if (!np) throw python_error();
  return np;
}

}  // namespace

PyObject* tensor_to_numpy(const Tensor& t_in, bool force) {
  Tensor t = t_in;
  if (force) {
    t = t.detach().cpu();
  } else {
    EMBER_CHECK(!t.requires_grad(),
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead.");
    EMBER_CHECK(t.is_cpu(), "can't convert ", t.device().str(),
                " device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host "
                "memory first.");
  }
  const char* typestr = numpy_typestr(t.scalar_type());
  if (!typestr) type_error("Got unsupported ScalarType ", to_string(t.scalar_type()));
  if (ArrayHolderType.tp_name == nullptr) {
    ArrayHolderType.tp_name = "ember._C._ArrayHolder";
    ArrayHolderType.tp_basicsize = sizeof(ArrayHolder);
    ArrayHolderType.tp_flags = Py_TPFLAGS_DEFAULT;
    ArrayHolderType.tp_dealloc = holder_dealloc;
    ArrayHolderType.tp_getset = holder_getset;
    if (PyType_Ready(&ArrayHolderType) < 0) throw python_error();
  }
  const int64_t elsize = t.element_size();
  py::tuple shape(t.dim());
  py::tuple strides(t.dim());
  // An empty tensor's array has zero strides, as PyTorch makes it.
  const int64_t stride_scale = t.numel() == 0 ? 0 : elsize;
  for (int64_t i = 0; i < t.dim(); ++i) {
    shape[i] = py::int_(t.sizes()[i]);
    strides[i] = py::int_(t.strides()[i] * stride_scale);
  }
  py::dict interface;
  interface["version"] = 3;
  interface["shape"] = shape;
  interface["typestr"] = typestr;
  interface["strides"] = strides;
  interface["data"] = py::make_tuple(py::int_(reinterpret_cast<uintptr_t>(t.data_ptr())), false);
  auto* holder = PyObject_New(ArrayHolder, &ArrayHolderType);
  if (!holder) throw python_error();
  new (&holder->tensor) Tensor(t);
  holder->interface = interface.release().ptr();
  py::object holder_obj = steal(reinterpret_cast<PyObject*>(holder));
  py::object np = steal(numpy_module());
  return PyObject_CallMethod(np.ptr(), "asarray", "O", holder_obj.ptr());
}

Tensor tensor_from_numpy(PyObject* array, bool warn_if_not_writeable) {
  if (!is_numpy_array(array)) type_error("expected np.ndarray (got ", type_name(array), ")");
  py::object dtype_obj = steal(PyObject_GetAttrString(array, "dtype"));
  py::object byteorder = dtype_obj.attr("byteorder");
  const ScalarType t = numpy_dtype(dtype_obj.ptr());
  if (py::cast<std::string>(byteorder) == ">") {
    value_error(
        "given numpy array has byte order different from the native byte order. "
        "Conversion between byte orders is currently not supported.");
  }
  py::object interface = steal(PyObject_GetAttrString(array, "__array_interface__"));
  py::tuple shape = interface["shape"];
  py::tuple data = interface["data"];
  py::object strides_obj = interface["strides"];
  const bool readonly = py::cast<bool>(data[1]);
  const int64_t elsize = element_size(t);
  std::vector<int64_t> sizes, strides;
  for (auto s : shape) sizes.push_back(py::cast<int64_t>(s));
  if (strides_obj.is_none()) {
    for (int64_t s : contiguous_strides(sizes)) strides.push_back(s);
  } else {
    for (auto s : py::tuple(strides_obj)) {
      const int64_t bytes = py::cast<int64_t>(s);
      if (bytes < 0) {
        value_error(
            "At least one stride in the given numpy array is negative, and tensors with "
            "negative strides are not currently supported. (You can probably work around "
            "this by making a copy of your array  with array.copy().) ");
      }
      if (bytes % elsize != 0) {
        value_error(
            "given numpy array strides not a multiple of the element byte size. Copy the "
            "numpy array to reallocate the memory.");
      }
      strides.push_back(bytes / elsize);
    }
  }
  if (readonly && warn_if_not_writeable) {
    static bool warned = false;
    if (!warned) {
      warned = true;
      if (PyErr_WarnEx(PyExc_UserWarning,
                       "The given NumPy array is not writable, and PyTorch does not support "
                       "non-writable tensors. This means writing to this tensor will result in "
                       "undefined behavior. You may want to copy the array to protect its data or "
                       "make it writable before converting it to a tensor. This type of warning "
                       "will be suppressed for the rest of this program.",
                       1) < 0) {
        throw python_error();
      }
    }
  }
  void* ptr = reinterpret_cast<void*>(py::cast<uintptr_t>(data[0]));
  Py_INCREF(array);
  // The array lives as long as the tensor's memory does.
  auto deleter = [array](void*) {
    py::gil_scoped_acquire gil;
    Py_DECREF(array);
  };
  try {
    return from_blob(ptr, sizes, strides, deleter, TensorOptions().dtype(t));
  } catch (...) {
    Py_DECREF(array);
    throw;
  }
}

// ---- ember.return_types
// --------------------------------------------------------------------------

namespace {

PyObject* structseq_repr(PyObject* self) {
  PyTypeObject* tp = Py_TYPE(self);
  std::ostringstream ss;
  ss << tp->tp_name << "(\n";
  const Py_ssize_t n = PyTuple_GET_SIZE(self);
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* r = PyObject_Repr(PyTuple_GET_ITEM(self, i));
    if (!r) return nullptr;
    ss << tp->tp_members[i].name << "=" << PyUnicode_AsUTF8(r);
    Py_DECREF(r);
    if (i < n - 1) ss << ",\n";
  }
  ss << ")";
  return PyUnicode_FromString(ss.str().c_str());
}

std::unordered_map<std::string, PyTypeObject*>& return_types() {
  static std::unordered_map<std::string, PyTypeObject*> types;
  return types;
}

PyTypeObject* return_type(const std::string& name) {
  auto& types = return_types();
  auto it = types.find(name);
  if (it != types.end()) return it->second;
  static PyStructSequence_Field fields[] = {{"values", ""}, {"indices", ""}, {nullptr, nullptr}};
  // The descriptor's strings must outlive the type.
  auto* full_name = new std::string("ember.return_types." + name);
  PyStructSequence_Desc desc = {full_name->c_str(), nullptr, fields, 2};
  PyTypeObject* type = PyStructSequence_NewType(&desc);
  if (!type) throw python_error();
  type->tp_repr = structseq_repr;
  type->tp_str = structseq_repr;
  types[name] = type;
  return type;
}

}  // namespace

PyObject* return_tuple(const char* name, const Tensor& a, const Tensor& b) {
  PyTypeObject* type = return_type(name);
  PyObject* r = PyStructSequence_New(type);
  if (!r) throw python_error();
  PyObject* va = wrap(a);
  PyObject* vb = wrap(b);
  PyStructSequence_SET_ITEM(r, 0, va);
  PyStructSequence_SET_ITEM(r, 1, vb);
  return r;
}

void init_convert(py::module_& m) {
  py::module_ rt = m.def_submodule("_return_types", "The (values, indices) result types.");
  for (const char* name : {"max", "min", "sort", "topk", "kthvalue", "mode", "median", "std_mean",
                           "var_mean", "aminmax", "cummax", "cummin"}) {
    PyTypeObject* t = return_type(name);
    rt.add_object(name, py::handle(reinterpret_cast<PyObject*>(t)).inc_ref());
  }
}

}  // namespace ember::python
