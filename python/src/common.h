#pragma once
// What every binding source shares: the Python tensor object (ember._C._TensorBase instances and
// those of its Python subclass ember.Tensor), wrapping and unwrapping, and the translation of C++
// exceptions into the Python exceptions PyTorch raises.
//
// The bindings only translate: each Python call is mapped onto ember's C++ API (ember/ember.h).
#include <ember/ember.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

namespace ember::python {

namespace py = pybind11;

// The instance layout of ember._C._TensorBase.
struct PyTensor {
  PyObject_HEAD Tensor cdata;
};

// ember._C._TensorBase, and the class tensors are created as (ember.Tensor once the Python package
// registered it with _C._set_tensor_class).
extern PyTypeObject TensorBaseType;
extern PyTypeObject* TensorClass;

inline bool is_tensor(PyObject* o) {
  return Py_TYPE(o) == TensorClass || PyObject_TypeCheck(o, &TensorBaseType);
}
inline const Tensor& unpack(PyObject* o) { return reinterpret_cast<PyTensor*>(o)->cdata; }
inline Tensor& unpack_mutable(PyObject* o) { return reinterpret_cast<PyTensor*>(o)->cdata; }

// A new reference to the Python object of t (the same object for as long as one exists for its
// TensorImpl, as in PyTorch); None for an undefined tensor.
PyObject* wrap(Tensor t);
// A tuple of tensors.
PyObject* wrap(const std::vector<Tensor>& ts);
inline PyObject* wrap(const std::tuple<Tensor, Tensor>& ts) {
  return wrap(std::vector<Tensor>{std::get<0>(ts), std::get<1>(ts)});
}
inline PyObject* wrap(bool b) { return PyBool_FromLong(b); }
inline PyObject* wrap(int64_t i) { return PyLong_FromLongLong(i); }
PyObject* wrap(ScalarType t);  // its ember.dtype
// o, with dtype `fallback` when none was given (randint's and randperm's int64).
inline TensorOptions dtype_or(TensorOptions o, ScalarType fallback) {
  return o.has_dtype() ? o : o.dtype(fallback);
}
// Called by the tensor's deallocator.
void forget_python_object(TensorImpl* impl, PyObject* obj);

// Thrown when a Python exception is already set.
struct python_error : std::exception {
  const char* what() const noexcept override { return "python_error"; }
};

// Sets the Python exception for the C++ exception being handled (call inside catch (...)).
void translate_exception();

// Every entry point called by Python is wrapped in these: C++ exceptions become Python ones.
#define EMBER_PY_TRY try {
#define EMBER_PY_CATCH(retval)              \
  }                                         \
  catch (...) {                             \
    ::ember::python::translate_exception(); \
    return retval;                          \
  }

// Raises TypeError / ValueError / IndexError / RuntimeError with a message (printf-style pieces
// are joined with str_cat).
template <class... Args>
[[noreturn]] void type_error(const Args&... args) {
  throw ember::TypeError(detail::str_cat(args...));
}
template <class... Args>
[[noreturn]] void value_error(const Args&... args) {
  throw ember::ValueError(detail::str_cat(args...));
}
template <class... Args>
[[noreturn]] void index_error(const Args&... args) {
  throw ember::IndexError(detail::str_cat(args...));
}
template <class... Args>
[[noreturn]] void runtime_error(const Args&... args) {
  throw ember::Error(detail::str_cat(args...));
}

// Steals a new reference, throwing python_error for nullptr.
inline py::object steal(PyObject* o) {
  if (!o) throw python_error();
  return py::reinterpret_steal<py::object>(o);
}

// Python's type name of o, as messages print it ("int", "Tensor", ...).
inline const char* type_name(PyObject* o) { return Py_TYPE(o)->tp_name; }

// A function taking (self, args, kwargs) as the PyCFunction a METH_KEYWORDS table entry holds.
template <class F>
PyCFunction fn_cast(F f) {
  return reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(f));
}

// A dtype's legacy tensor type name as the module spells it: "ember.FloatTensor".
inline std::string legacy_name(ScalarType t) {
  std::string name = legacy_type_name(t);
  if (name.rfind("torch.", 0) == 0) name = "ember." + name.substr(6);
  return name;
}

// ---- numbers
// ------------------------------------------------------------------------------------- Python ints
// (not bools) and NumPy integer scalars.
bool is_int(PyObject* o);
// Python floats and ints (bools included, as PyTorch's THPUtils_checkDouble) and NumPy scalars.
bool is_double(PyObject* o);
// Numbers that may be a Scalar: bool, int, float, complex, NumPy scalars.
bool is_scalar(PyObject* o);
// NumPy scalars (np.float32(1), np.int64(2), np.bool_(True)), without importing NumPy.
bool is_numpy_scalar(PyObject* o);
// Any NumPy scalar (np.generic): numbers, bools, strings, dates.
bool is_numpy_generic(PyObject* o);
bool is_numpy_int(PyObject* o);
bool is_numpy_bool(PyObject* o);
bool is_numpy_array(PyObject* o);
// An index (PyNumber_Index) that is not a bool.
bool is_index(PyObject* o);

int64_t unpack_int(PyObject* o);    // __index__, with PyTorch's overflow message
double unpack_double(PyObject* o);  // __float__
Scalar unpack_scalar(PyObject* o);  // a number or a one-element tensor (.item())
Scalar number_to_scalar(PyObject* o);
// A number as a 0-d "wrapped number" tensor: Python's `a * 2` passes 2 this way.
Tensor wrap_number(PyObject* o);
// The Python number of a Scalar.
PyObject* scalar_to_python(const Scalar& s);

// ---- the objects of the module (src/objects.cpp) ---------------------------------------------
// ember.dtype, ember.device, ember.layout, ember.memory_format, ember.Size, ember.Generator.
struct PyDtype {
  PyObject_HEAD ScalarType scalar_type;
  char name[24];
};
struct PyDevice {
  PyObject_HEAD Device device;
};
struct PyGenerator {
  PyObject_HEAD Generator cdata;
};
extern PyTypeObject DtypeType;
extern PyTypeObject DeviceType;
extern PyTypeObject LayoutType;
extern PyTypeObject MemoryFormatType;
extern PyTypeObject SizeType;
extern PyTypeObject GeneratorType;

inline bool is_dtype(PyObject* o) { return Py_TYPE(o) == &DtypeType; }
inline bool is_device(PyObject* o) { return Py_TYPE(o) == &DeviceType; }
inline bool is_layout(PyObject* o) { return Py_TYPE(o) == &LayoutType; }
inline bool is_memory_format(PyObject* o) { return Py_TYPE(o) == &MemoryFormatType; }
inline bool is_generator(PyObject* o) { return PyObject_TypeCheck(o, &GeneratorType); }
// Borrowed references to the dtype objects (ember.float32, ...).
PyObject* dtype_object(ScalarType t);
PyObject* device_object(const Device& d);        // new reference
PyObject* make_size(IntArrayRef sizes);          // new reference to an ember.Size
PyObject* generator_object(const Generator& g);  // new reference
// ember.strided / ember.contiguous_format (borrowed).
PyObject* strided_layout();
PyObject* contiguous_format();
PyObject* preserve_format();

// ---- module parts: each source registers its functions on the module -----------------------
void init_objects(py::module_& m);
void init_tensor_type(py::module_& m);
void init_functions(py::module_& m);
void init_autograd(py::module_& m);
void init_dlpack(py::module_& m);
void init_convert(py::module_& m);
// The method table of _TensorBase (tensor_methods.cpp) and its properties (tensor_type.cpp).
extern PyMethodDef* tensor_methods();
PyObject* tensor_getitem(PyObject* self, PyObject* index);
int tensor_setitem(PyObject* self, PyObject* index, PyObject* value);

// ---- conversions (src/convert.cpp) -----------------------------------------------------------
// ember.tensor(data, dtype=, device=, requires_grad=): nested sequences, numbers, tensors and
// NumPy arrays, with PyTorch's dtype inference.
Tensor tensor_from_data(PyObject* data, std::optional<ScalarType> dtype,
                        std::optional<Device> device, bool requires_grad, bool copy_variables,
                        bool type_inference, const char* function);
// Nested Python lists of the elements (t.tolist()).
PyObject* tensor_to_list(const Tensor& t);
// t.numpy(): an ndarray sharing t's memory.
PyObject* tensor_to_numpy(const Tensor& t, bool force);
// ember.from_numpy(a): a tensor sharing the array's memory.
Tensor tensor_from_numpy(PyObject* array, bool warn_if_not_writeable);

// ---- autograd (src/autograd.cpp) --------------------------------------------------------------
// A Python callable as a tensor hook (t.register_hook(fn)): called with the GIL taken, its result
// checked as PyTorch's Python hooks are (type, size; messages name the function). Python's garbage
// collector sees the callable through the tensor that owns the hook (tensor_type.cpp).
class PyHook {
 public:
  explicit PyHook(PyObject* fn);
  Tensor operator()(const Tensor& grad) const;
  PyObject* fn() const { return fn_.get(); }

 private:
  std::shared_ptr<PyObject> fn_;  // released with the GIL taken, whichever thread drops it
};

// The Python object of a graph node (<MulBackward0 object at 0x...>), None for nullptr.
PyObject* node_object(const std::shared_ptr<autograd::Node>& node);

// Structured results (ember.return_types.max(values=..., indices=...)).
PyObject* return_tuple(const char* name, const Tensor& a, const Tensor& b);
// nonzero(t, as_tuple=True): one index tensor per dimension (one for a 0-d t).
inline std::vector<Tensor> nonzero_tuple(const Tensor& t) {
  const Tensor nz = t.nonzero();
  if (t.dim() == 0) return {nz.select(1, 0)};
  return nz.unbind(1);
}
inline PyObject* return_tuple(const char* name, const std::tuple<Tensor, Tensor>& t) {
  return return_tuple(name, std::get<0>(t), std::get<1>(t));
}

}  // namespace ember::python
