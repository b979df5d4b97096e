// The small objects of the module: ember.dtype, ember.device, ember.layout, ember.memory_format,
// ember.Size and ember.Generator, and the helpers that read Python numbers.
#include <random>
#include <sstream>

#include "common.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace ember::python {

// ---- numbers
// -------------------------------------------------------------------------------------

namespace {
// NumPy's scalar and array types, once NumPy has been imported by someone (ember does not import
// it: an object cannot be a NumPy scalar before NumPy is loaded).
struct NumpyTypes {
  PyObject* generic = nullptr;
  PyObject* number = nullptr;
  PyObject* integer = nullptr;
  PyObject* bool_ = nullptr;
  PyObject* ndarray = nullptr;
};
const NumpyTypes* numpy_types() {
  static NumpyTypes types;
  static bool loaded = false;
  if (!loaded) {
    PyObject* mod = PyDict_GetItemString(PyImport_GetModuleDict(), "numpy");  // borrowed
    if (!mod) return nullptr;
    types.generic = PyObject_GetAttrString(mod, "generic");
    types.number = PyObject_GetAttrString(mod, "number");
    types.integer = PyObject_GetAttrString(mod, "integer");
    types.bool_ = PyObject_GetAttrString(mod, "bool_");
    types.ndarray = PyObject_GetAttrString(mod, "ndarray");
    if (!types.generic || !types.number || !types.integer || !types.bool_ || !types.ndarray) {
      PyErr_Clear();
      return nullptr;
    }
    loaded = true;
  }
  return &types;
}
bool instance_of(PyObject* o, PyObject* type) {
  return PyObject_TypeCheck(o, reinterpret_cast<PyTypeObject*>(type));
}
}  // namespace

bool is_numpy_scalar(PyObject* o) {
  const NumpyTypes* t = numpy_types();
  return t && (instance_of(o, t->number) || instance_of(o, t->bool_));
}
bool is_numpy_generic(PyObject* o) {
  const NumpyTypes* t = numpy_types();
  return t && instance_of(o, t->generic);
}
bool is_numpy_int(PyObject* o) {
  const NumpyTypes* t = numpy_types();
  return t && instance_of(o, t->integer);
}
bool is_numpy_bool(PyObject* o) {
  const NumpyTypes* t = numpy_types();
  return t && instance_of(o, t->bool_);
}
bool is_numpy_array(PyObject* o) {
  const NumpyTypes* t = numpy_types();
  return t && instance_of(o, t->ndarray);
}

bool is_int(PyObject* o) {
  if (PyLong_CheckExact(o)) return true;
  if (PyBool_Check(o)) return false;
  return PyLong_Check(o) || is_numpy_int(o);
}
bool is_double(PyObject* o) { return PyFloat_Check(o) || PyLong_Check(o) || is_numpy_scalar(o); }
bool is_scalar(PyObject* o) {
  return PyFloat_Check(o) || PyLong_Check(o) || PyComplex_Check(o) || is_numpy_scalar(o);
}
bool is_index(PyObject* o) {
  if (PyBool_Check(o)) return false;
  if (is_int(o)) return true;
  PyObject* index = PyNumber_Index(o);
  if (!index) {
    PyErr_Clear();
    return false;
  }
  Py_DECREF(index);
  return true;
}

int64_t unpack_int(PyObject* o) {
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (v == -1 && PyErr_Occurred()) throw python_error();
  if (overflow != 0) runtime_error("Overflow when unpacking long");
  return v;
}

double unpack_double(PyObject* o) {
  if (PyFloat_Check(o)) return PyFloat_AS_DOUBLE(o);
  const double v = PyFloat_AsDouble(o);
  if (v == -1 && PyErr_Occurred()) throw python_error();
  return v;
}

Scalar number_to_scalar(PyObject* o) {
  if (PyBool_Check(o)) return Scalar(o == Py_True);
  if (is_int(o)) return Scalar(unpack_int(o));
  if (PyComplex_Check(o)) runtime_error("ember does not support complex numbers");
  return Scalar(unpack_double(o));
}

Scalar unpack_scalar(PyObject* o) {
  if (is_tensor(o)) return unpack(o).item();
  if (is_int(o)) return Scalar(unpack_int(o));
  if (PyBool_Check(o)) return Scalar(o == Py_True);
  if (PyComplex_Check(o)) runtime_error("ember does not support complex numbers");
  return Scalar(unpack_double(o));
}

Tensor wrap_number(PyObject* o) { return detail::wrapped_scalar_tensor(number_to_scalar(o)); }

PyObject* scalar_to_python(const Scalar& s) {
  switch (s.kind()) {
    case Scalar::Kind::Bool:
      return PyBool_FromLong(s.toBool());
    case Scalar::Kind::Int:
      return PyLong_FromLongLong(s.toLong());
    case Scalar::Kind::Double:
    default:
      return PyFloat_FromDouble(s.toDouble());
  }
}

// ---- ember.dtype
// ---------------------------------------------------------------------------------

PyTypeObject DtypeType = {PyVarObject_HEAD_INIT(nullptr, 0)};
namespace {
PyObject* dtype_objects[kNumScalarTypes] = {};

PyObject* dtype_repr(PyObject* self) {
  return PyUnicode_FromFormat("ember.%s", reinterpret_cast<PyDtype*>(self)->name);
}
PyObject* dtype_is_floating_point(PyObject* self, void*) {
  return PyBool_FromLong(is_floating_type(reinterpret_cast<PyDtype*>(self)->scalar_type));
}
PyObject* dtype_is_complex(PyObject*, void*) { Py_RETURN_FALSE; }
PyObject* dtype_is_signed(PyObject* self, void*) {
  const ScalarType t = reinterpret_cast<PyDtype*>(self)->scalar_type;
  return PyBool_FromLong(t != kBool && t != kByte);
}
PyObject* dtype_itemsize(PyObject* self, void*) {
  return PyLong_FromLongLong(element_size(reinterpret_cast<PyDtype*>(self)->scalar_type));
}
PyObject* dtype_reduce(PyObject* self, PyObject*) {
  return PyUnicode_FromString(reinterpret_cast<PyDtype*>(self)->name);
}
PyGetSetDef dtype_getset[] = {
    {"is_floating_point", dtype_is_floating_point, nullptr, nullptr, nullptr},
    {"is_complex", dtype_is_complex, nullptr, nullptr, nullptr},
    {"is_signed", dtype_is_signed, nullptr, nullptr, nullptr},
    {"itemsize", dtype_itemsize, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyMethodDef dtype_methods[] = {{"__reduce__", dtype_reduce, METH_NOARGS, nullptr},
                               {nullptr, nullptr, 0, nullptr}};
}  // namespace

PyObject* dtype_object(ScalarType t) { return dtype_objects[static_cast<int>(t)]; }
PyObject* wrap(ScalarType t) {
  PyObject* d = dtype_object(t);
  Py_INCREF(d);
  return d;
}

// ---- ember.layout, ember.memory_format
// -----------------------------------------------------------

struct PyNamed {
  PyObject_HEAD char name[32];
};
PyTypeObject LayoutType = {PyVarObject_HEAD_INIT(nullptr, 0)};
PyTypeObject MemoryFormatType = {PyVarObject_HEAD_INIT(nullptr, 0)};
namespace {
PyObject* strided_obj = nullptr;
PyObject* contiguous_obj = nullptr;
PyObject* preserve_obj = nullptr;
PyObject* channels_last_obj = nullptr;

PyObject* named_repr(PyObject* self) {
  return PyUnicode_FromFormat("ember.%s", reinterpret_cast<PyNamed*>(self)->name);
}
PyObject* named_reduce(PyObject* self, PyObject*) {
  return PyUnicode_FromString(reinterpret_cast<PyNamed*>(self)->name);
}
PyMethodDef named_methods[] = {{"__reduce__", named_reduce, METH_NOARGS, nullptr},
                               {nullptr, nullptr, 0, nullptr}};
PyObject* make_named(PyTypeObject* type, const char* name) {
  PyNamed* o = PyObject_New(PyNamed, type);
  if (!o) throw python_error();
  std::snprintf(o->name, sizeof(o->name), "%s", name);
  return reinterpret_cast<PyObject*>(o);
}
}  // namespace

PyObject* strided_layout() { return strided_obj; }
PyObject* contiguous_format() { return contiguous_obj; }
PyObject* preserve_format() { return preserve_obj; }

// ---- ember.device
// --------------------------------------------------------------------------------

PyTypeObject DeviceType = {PyVarObject_HEAD_INIT(nullptr, 0)};
namespace {

PyObject* device_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  EMBER_PY_TRY
  static char kw_type[] = "type";
  static char kw_index[] = "index";
  static char* kwlist[] = {kw_type, kw_index, nullptr};
  PyObject* spec = nullptr;
  PyObject* index = nullptr;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:device", kwlist, &spec, &index)) {
    return nullptr;
  }
  Device d(kCPU);
  if (is_device(spec)) {
    d = reinterpret_cast<PyDevice*>(spec)->device;
  } else if (is_int(spec)) {
    const int64_t i = unpack_int(spec);
    EMBER_CHECK(i >= 0, "Device index must not be negative");
    d = Device(kCUDA, static_cast<int8_t>(i));
  } else if (PyUnicode_Check(spec)) {
    const std::string s = PyUnicode_AsUTF8(spec);
    if (index && index != Py_None) {
      EMBER_CHECK(
          s.find(':') == std::string::npos,
          "type (string) must not include an index because index was passed explicitly: ", s);
      const int64_t i = unpack_int(index);
      EMBER_CHECK(i >= 0, "Device index must not be negative");
      d = Device(Device(s).type(), static_cast<int8_t>(i));
    } else {
      d = Device(s);
    }
  } else {
    type_error("device(): argument 'type' must be str, not ", type_name(spec));
  }
  PyObject* self = type->tp_alloc(type, 0);
  if (!self) return nullptr;
  new (&reinterpret_cast<PyDevice*>(self)->device) Device(d);
  return self;
  EMBER_PY_CATCH(nullptr)
}

PyObject* device_repr(PyObject* self) {
  const Device& d = reinterpret_cast<PyDevice*>(self)->device;
  const char* t = d.is_cpu() ? "cpu" : "cuda";
  if (d.has_index()) return PyUnicode_FromFormat("device(type='%s', index=%d)", t, int(d.index()));
  return PyUnicode_FromFormat("device(type='%s')", t);
}
PyObject* device_str(PyObject* self) {
  return PyUnicode_FromString(reinterpret_cast<PyDevice*>(self)->device.str().c_str());
}
PyObject* device_type(PyObject* self, void*) {
  return PyUnicode_FromString(reinterpret_cast<PyDevice*>(self)->device.is_cpu() ? "cpu" : "cuda");
}
PyObject* device_index(PyObject* self, void*) {
  const Device& d = reinterpret_cast<PyDevice*>(self)->device;
  if (!d.has_index()) Py_RETURN_NONE;
  return PyLong_FromLong(d.index());
}
Py_hash_t device_hash(PyObject* self) {
  const Device& d = reinterpret_cast<PyDevice*>(self)->device;
  return static_cast<Py_hash_t>(static_cast<int>(d.type()) * 1000 + d.index() + 7);
}
PyObject* device_richcompare(PyObject* a, PyObject* b, int op) {
  if (!is_device(a) || !is_device(b) || (op != Py_EQ && op != Py_NE)) {
    if (op == Py_EQ) Py_RETURN_FALSE;
    if (op == Py_NE) Py_RETURN_TRUE;
    Py_RETURN_NOTIMPLEMENTED;
  }
  const bool eq = reinterpret_cast<PyDevice*>(a)->device == reinterpret_cast<PyDevice*>(b)->device;
  return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}
PyObject* device_reduce(PyObject* self, PyObject*) {
  const Device& d = reinterpret_cast<PyDevice*>(self)->device;
  py::object args = d.has_index() ? py::make_tuple(d.is_cpu() ? "cpu" : "cuda", int(d.index()))
                                  : py::make_tuple(d.is_cpu() ? "cpu" : "cuda");
  return py::make_tuple(py::handle(reinterpret_cast<PyObject*>(&DeviceType)), args).release().ptr();
}
PyGetSetDef device_getset[] = {{"type", device_type, nullptr, nullptr, nullptr},
                               {"index", device_index, nullptr, nullptr, nullptr},
                               {nullptr, nullptr, nullptr, nullptr, nullptr}};
PyMethodDef device_methods[] = {{"__reduce__", device_reduce, METH_NOARGS, nullptr},
                                {nullptr, nullptr, 0, nullptr}};
}  // namespace

PyObject* device_object(const Device& d) {
  PyObject* self = DeviceType.tp_alloc(&DeviceType, 0);
  if (!self) throw python_error();
  new (&reinterpret_cast<PyDevice*>(self)->device) Device(d);
  return self;
}

// ---- ember.Size
// ----------------------------------------------------------------------------------

PyTypeObject SizeType = {PyVarObject_HEAD_INIT(nullptr, 0)};
namespace {

PyObject* size_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  EMBER_PY_TRY
  py::object tuple = steal(PyTuple_Type.tp_new(type, args, kwargs));
  // Every item must be an int (or something with __index__, such as a one-element int tensor).
  const Py_ssize_t n = PyTuple_GET_SIZE(tuple.ptr());
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyTuple_GET_ITEM(tuple.ptr(), i);
    if (is_int(item)) continue;
    if (is_tensor(item) && unpack(item).numel() == 1 && unpack(item).dim() == 0 &&
        is_integral_type(unpack(item).scalar_type(), false)) {
      PyObject* v = PyLong_FromLongLong(unpack(item).item<int64_t>());
      if (!v) return nullptr;
      PyTuple_SET_ITEM(tuple.ptr(), i, v);
      Py_DECREF(item);
      continue;
    }
    type_error("ember.Size() takes an iterable of 'int' (item ", i, " is '", type_name(item), "')");
  }
  return tuple.release().ptr();
  EMBER_PY_CATCH(nullptr)
}

PyObject* size_repr(PyObject* self) {
  std::ostringstream os;
  os << "ember.Size([";
  const Py_ssize_t n = PyTuple_GET_SIZE(self);
  for (Py_ssize_t i = 0; i < n; ++i) {
    if (i) os << ", ";
    PyObject* s = PyObject_Repr(PyTuple_GET_ITEM(self, i));
    if (!s) return nullptr;
    os << PyUnicode_AsUTF8(s);
    Py_DECREF(s);
  }
  os << "])";
  return PyUnicode_FromString(os.str().c_str());
}

// Results that are tuples become Sizes again (slicing, +, *).
PyObject* as_size(PyObject* result) {
  if (!result || !PyTuple_CheckExact(result)) return result;
  const Py_ssize_t n = PyTuple_GET_SIZE(result);
  PyObject* size = SizeType.tp_alloc(&SizeType, n);
  if (!size) {
    Py_DECREF(result);
    return nullptr;
  }
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyTuple_GET_ITEM(result, i);
    Py_INCREF(item);
    PyTuple_SET_ITEM(size, i, item);
  }
  Py_DECREF(result);
  return size;
}
PyObject* size_subscript(PyObject* self, PyObject* item) {
  PyObject* r = PyTuple_Type.tp_as_mapping->mp_subscript(self, item);
  return PySlice_Check(item) ? as_size(r) : r;
}
PyObject* size_concat(PyObject* a, PyObject* b) {
  return as_size(PyTuple_Type.tp_as_sequence->sq_concat(a, b));
}
PyObject* size_repeat(PyObject* a, Py_ssize_t n) {
  return as_size(PyTuple_Type.tp_as_sequence->sq_repeat(a, n));
}
PyObject* size_numel(PyObject* self, PyObject*) {
  EMBER_PY_TRY
  uint64_t n = 1;  // wraps as PyTorch's int64 product (torch.Size([2**62, 4]).numel() is 0)
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(self); ++i) {
    n *= static_cast<uint64_t>(unpack_int(PyTuple_GET_ITEM(self, i)));
  }
  return PyLong_FromLongLong(static_cast<int64_t>(n));
  EMBER_PY_CATCH(nullptr)
}
PyObject* size_reduce(PyObject* self, PyObject*) {
  py::object items = steal(PySequence_Tuple(self));
  return py::make_tuple(py::handle(reinterpret_cast<PyObject*>(&SizeType)), py::make_tuple(items))
      .release()
      .ptr();
}
PyMethodDef size_methods[] = {
    {"numel", size_numel, METH_NOARGS, "The number of elements a tensor of this size holds."},
    {"__reduce__", size_reduce, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};
PySequenceMethods size_as_sequence;
PyMappingMethods size_as_mapping;
}  // namespace

PyObject* make_size(IntArrayRef sizes) {
  const Py_ssize_t n = static_cast<Py_ssize_t>(sizes.size());
  PyObject* self = SizeType.tp_alloc(&SizeType, n);
  if (!self) throw python_error();
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* v = PyLong_FromLongLong(sizes[i]);
    if (!v) {
      Py_DECREF(self);
      throw python_error();
    }
    PyTuple_SET_ITEM(self, i, v);
  }
  return self;
}

// ---- ember.Generator
// -----------------------------------------------------------------------------

PyTypeObject GeneratorType = {PyVarObject_HEAD_INIT(nullptr, 0)};
namespace {

PyObject* generator_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  EMBER_PY_TRY
  static char kw_device[] = "device";
  static char* kwlist[] = {kw_device, nullptr};
  PyObject* device = nullptr;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:Generator", kwlist, &device)) return nullptr;
  if (device && device != Py_None) {
    Device d = is_device(device) ? reinterpret_cast<PyDevice*>(device)->device
                                 : Device(std::string(py::str(device)));
    EMBER_CHECK(d.is_cpu(), "Device type ", d.str(),
                " is not supported for torch.Generator() api.");
  }
  PyObject* self = type->tp_alloc(type, 0);
  if (!self) return nullptr;
  new (&reinterpret_cast<PyGenerator*>(self)->cdata) Generator();
  return self;
  EMBER_PY_CATCH(nullptr)
}
void generator_dealloc(PyObject* self) {
  reinterpret_cast<PyGenerator*>(self)->cdata.~Generator();
  Py_TYPE(self)->tp_free(self);
}

uint64_t unpack_seed(PyObject* arg) {
  if (!PyLong_Check(arg) && !is_numpy_int(arg) && !is_index(arg)) {
    type_error("manual_seed expected a long, but got ", type_name(arg));
  }
  py::object index = steal(PyNumber_Index(arg));
  const unsigned long long u = PyLong_AsUnsignedLongLong(index.ptr());
  if (u == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
    if (!PyErr_ExceptionMatches(PyExc_OverflowError)) throw python_error();
    PyErr_Clear();
    // A negative seed is taken as its two's complement, as PyTorch does.
    int overflow = 0;
    const long long s = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
    if (s == -1 && PyErr_Occurred()) throw python_error();
    if (overflow != 0) runtime_error("Overflow when unpacking long");
    return static_cast<uint64_t>(s);
  }
  return u;
}

PyObject* generator_manual_seed(PyObject* self, PyObject* seed) {
  EMBER_PY_TRY
  reinterpret_cast<PyGenerator*>(self)->cdata.set_current_seed(unpack_seed(seed));
  Py_INCREF(self);
  return self;
  EMBER_PY_CATCH(nullptr)
}
PyObject* generator_seed(PyObject* self, PyObject*) {
  EMBER_PY_TRY
  // A non-deterministic seed, as PyTorch's Generator.seed().
  std::random_device rd;
  const uint64_t s = (static_cast<uint64_t>(rd()) << 32) | rd();
  reinterpret_cast<PyGenerator*>(self)->cdata.set_current_seed(s);
  return PyLong_FromUnsignedLongLong(s);
  EMBER_PY_CATCH(nullptr)
}
PyObject* generator_initial_seed(PyObject* self, PyObject*) {
  return PyLong_FromUnsignedLongLong(reinterpret_cast<PyGenerator*>(self)->cdata.initial_seed());
}
// get_state() / set_state(state): PyTorch's bytes of the generator's state (a uint8 tensor).
PyObject* generator_get_state(PyObject* self, PyObject*) {
  EMBER_PY_TRY
  const Generator& g = reinterpret_cast<PyGenerator*>(self)->cdata;
  Tensor state = ember::empty({static_cast<int64_t>(CPUGeneratorImpl::kStateBytes)},
                              TensorOptions().dtype(kByte));
  {
    std::lock_guard<std::mutex> lock(g.mutex());
    g.impl()->get_state(static_cast<uint8_t*>(state.data_ptr()));
  }
  return wrap(std::move(state));
  EMBER_PY_CATCH(nullptr)
}
PyObject* generator_set_state(PyObject* self, PyObject* state) {
  EMBER_PY_TRY
  if (!is_tensor(state)) {
    type_error("expected a torch.ByteTensor, but got ", Py_TYPE(state)->tp_name);
  }
  const Tensor& t = unpack(state);
  if (!t.is_cpu() || t.scalar_type() != kByte) type_error("RNG state must be a torch.ByteTensor");
  const Tensor bytes = t.contiguous();
  const Generator& g = reinterpret_cast<PyGenerator*>(self)->cdata;
  {
    std::lock_guard<std::mutex> lock(g.mutex());
    g.impl()->set_state(static_cast<const uint8_t*>(bytes.data_ptr()),
                        static_cast<size_t>(bytes.numel()));
  }
  Py_INCREF(self);
  return self;
  EMBER_PY_CATCH(nullptr)
}
PyObject* generator_device(PyObject*, void*) {
  EMBER_PY_TRY
  return device_object(Device(kCPU));
  EMBER_PY_CATCH(nullptr)
}
PyMethodDef generator_methods[] = {
    {"manual_seed", generator_manual_seed, METH_O,
     "manual_seed(seed) -> Generator\n\nSets the seed for generating random numbers. Returns the "
     "generator."},
    {"seed", generator_seed, METH_NOARGS,
     "seed() -> int\n\nSeeds the generator with a non-deterministic random number and returns it."},
    {"initial_seed", generator_initial_seed, METH_NOARGS,
     "initial_seed() -> int\n\nReturns the initial seed for generating random numbers."},
    {"get_state", generator_get_state, METH_NOARGS,
     "get_state() -> Tensor\n\nThe generator's state, as a uint8 tensor (PyTorch's layout)."},
    {"set_state", generator_set_state, METH_O,
     "set_state(new_state) -> Generator\n\nRestores a state that get_state() returned."},
    {nullptr, nullptr, 0, nullptr}};
PyGetSetDef generator_getset[] = {{"device", generator_device, nullptr, nullptr, nullptr},
                                  {nullptr, nullptr, nullptr, nullptr, nullptr}};
}  // namespace

PyObject* generator_object(const Generator& g) {
  PyObject* self = GeneratorType.tp_alloc(&GeneratorType, 0);
  if (!self) throw python_error();
  new (&reinterpret_cast<PyGenerator*>(self)->cdata) Generator(g);
  return self;
}

// ---- registration
// --------------------------------------------------------------------------------

namespace {
void ready(PyTypeObject* type) {
  if (PyType_Ready(type) < 0) throw py::error_already_set();
}
}  // namespace

void init_objects(py::module_& m) {
  DtypeType.tp_name = "ember.dtype";
  DtypeType.tp_basicsize = sizeof(PyDtype);
  DtypeType.tp_flags = Py_TPFLAGS_DEFAULT;
  DtypeType.tp_repr = dtype_repr;
  DtypeType.tp_getset = dtype_getset;
  DtypeType.tp_methods = dtype_methods;
  DtypeType.tp_doc = "The data type of a tensor's elements (ember.float32, ember.int64, ...).";
  ready(&DtypeType);
  m.add_object("dtype", reinterpret_cast<PyObject*>(&DtypeType));

  // PyTorch's names, primary name first, then aliases.
  struct Names {
    ScalarType t;
    std::vector<const char*> names;
  };
  const Names all[] = {
      {kBool, {"bool"}},
      {kByte, {"uint8"}},
      {kChar, {"int8"}},
      {kShort, {"int16", "short"}},
      {kInt, {"int32", "int"}},
      {kLong, {"int64", "long"}},
      {kHalf, {"float16", "half"}},
      {kBFloat16, {"bfloat16"}},
      {kFloat, {"float32", "float"}},
      {kDouble, {"float64", "double"}},
  };
  for (const auto& n : all) {
    PyDtype* d = PyObject_New(PyDtype, &DtypeType);
    if (!d) throw py::error_already_set();
    d->scalar_type = n.t;
    std::snprintf(d->name, sizeof(d->name), "%s", n.names[0]);
    dtype_objects[static_cast<int>(n.t)] = reinterpret_cast<PyObject*>(d);
    for (const char* name : n.names) {
      m.add_object(name, py::handle(reinterpret_cast<PyObject*>(d)).inc_ref());
    }
  }

  LayoutType.tp_name = "ember.layout";
  LayoutType.tp_basicsize = sizeof(PyNamed);
  LayoutType.tp_flags = Py_TPFLAGS_DEFAULT;
  LayoutType.tp_repr = named_repr;
  LayoutType.tp_methods = named_methods;
  ready(&LayoutType);
  m.add_object("layout", reinterpret_cast<PyObject*>(&LayoutType));
  strided_obj = make_named(&LayoutType, "strided");
  m.add_object("strided", py::handle(strided_obj).inc_ref());

  MemoryFormatType.tp_name = "ember.memory_format";
  MemoryFormatType.tp_basicsize = sizeof(PyNamed);
  MemoryFormatType.tp_flags = Py_TPFLAGS_DEFAULT;
  MemoryFormatType.tp_repr = named_repr;
  MemoryFormatType.tp_methods = named_methods;
  ready(&MemoryFormatType);
  m.add_object("memory_format", reinterpret_cast<PyObject*>(&MemoryFormatType));
  contiguous_obj = make_named(&MemoryFormatType, "contiguous_format");
  preserve_obj = make_named(&MemoryFormatType, "preserve_format");
  channels_last_obj = make_named(&MemoryFormatType, "channels_last");
  m.add_object("contiguous_format", py::handle(contiguous_obj).inc_ref());
  m.add_object("preserve_format", py::handle(preserve_obj).inc_ref());
  m.add_object("channels_last", py::handle(channels_last_obj).inc_ref());

  DeviceType.tp_name = "ember.device";
  DeviceType.tp_basicsize = sizeof(PyDevice);
  DeviceType.tp_flags = Py_TPFLAGS_DEFAULT;
  DeviceType.tp_new = device_new;
  DeviceType.tp_repr = device_repr;
  DeviceType.tp_str = device_str;
  DeviceType.tp_hash = device_hash;
  DeviceType.tp_richcompare = device_richcompare;
  DeviceType.tp_getset = device_getset;
  DeviceType.tp_methods = device_methods;
  DeviceType.tp_doc =
      "device(type, index=None): where a tensor lives ('cpu', or 'cuda' with an index).";
  ready(&DeviceType);
  m.add_object("device", reinterpret_cast<PyObject*>(&DeviceType));

  size_as_sequence = *PyTuple_Type.tp_as_sequence;
  size_as_sequence.sq_concat = size_concat;
  size_as_sequence.sq_repeat = size_repeat;
  size_as_mapping = *PyTuple_Type.tp_as_mapping;
  size_as_mapping.mp_subscript = size_subscript;
  SizeType.tp_name = "ember.Size";
  SizeType.tp_base = &PyTuple_Type;
  SizeType.tp_basicsize = sizeof(PyTupleObject) - sizeof(PyObject*);
  SizeType.tp_itemsize = sizeof(PyObject*);
  SizeType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_TUPLE_SUBCLASS;
  SizeType.tp_new = size_new;
  SizeType.tp_repr = size_repr;
  SizeType.tp_as_sequence = &size_as_sequence;
  SizeType.tp_as_mapping = &size_as_mapping;
  SizeType.tp_methods = size_methods;
  SizeType.tp_doc = "ember.Size: the sizes of a tensor's dimensions (a tuple of ints).";
  ready(&SizeType);
  m.add_object("Size", reinterpret_cast<PyObject*>(&SizeType));

  GeneratorType.tp_name = "ember.Generator";
  GeneratorType.tp_basicsize = sizeof(PyGenerator);
  GeneratorType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE;
  GeneratorType.tp_new = generator_new;
  GeneratorType.tp_dealloc = generator_dealloc;
  GeneratorType.tp_methods = generator_methods;
  GeneratorType.tp_getset = generator_getset;
  GeneratorType.tp_doc =
      "Generator(device='cpu'): a random number generator (PyTorch's CPU stream, seed for seed).";
  ready(&GeneratorType);
  m.add_object("Generator", reinterpret_cast<PyObject*>(&GeneratorType));
  m.add_object("default_generator", generator_object(detail::getDefaultCPUGenerator()));
}

}  // namespace ember::python
