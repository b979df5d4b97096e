// ember._C._TensorBase: the Python tensor type. Its operators are filled in as type slots (one C
// function per operator, no overload resolution), so that `a + b` from Python costs little more
// than ember's own add; its properties (shape, dtype, grad, ...) are getters on the type.
// ember.Tensor (python/ember/_tensor.py) subclasses it with the parts PyTorch writes in Python.
#include <unordered_map>

#include "common.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace ember::python {

PyTypeObject TensorBaseType = {PyVarObject_HEAD_INIT(nullptr, 0)};
PyTypeObject* TensorClass = &TensorBaseType;

// ---- one Python object per TensorImpl
// ------------------------------------------------------------- As in PyTorch, the same tensor is
// the same Python object while that object lives (x.add_(1) is x, a.grad is a.grad, attributes set
// on a tensor stay).

namespace {
std::unordered_map<TensorImpl*, PyObject*>& live_objects() {
  static auto* map = new std::unordered_map<TensorImpl*, PyObject*>(1024);
  return *map;
}
}  // namespace

void forget_python_object(TensorImpl* impl, PyObject* obj) {
  auto& map = live_objects();
  auto it = map.find(impl);
  if (it != map.end() && it->second == obj) map.erase(it);
}

namespace {
PyObject* alloc_tensor(PyTypeObject* type, Tensor&& t) {
  PyObject* obj = type->tp_alloc(type, 0);
  if (!obj) throw python_error();
  TensorImpl* key = t.unsafeGetTensorImpl();
  new (&reinterpret_cast<PyTensor*>(obj)->cdata) Tensor(std::move(t));
  live_objects()[key] = obj;
  return obj;
}
}  // namespace

PyObject* wrap(Tensor t) {
  if (!t.defined()) Py_RETURN_NONE;
  // A tensor only this handle holds cannot have a Python object yet.
  if (t.use_count() > 1) {
    auto& map = live_objects();
    auto it = map.find(t.unsafeGetTensorImpl());
    if (it != map.end()) {
      Py_INCREF(it->second);
      return it->second;
    }
  }
  return alloc_tensor(TensorClass, std::move(t));
}

PyObject* wrap(const std::vector<Tensor>& ts) {
  py::object tuple = steal(PyTuple_New(static_cast<Py_ssize_t>(ts.size())));
  for (size_t i = 0; i < ts.size(); ++i) {
    PyTuple_SET_ITEM(tuple.ptr(), static_cast<Py_ssize_t>(i), wrap(ts[i]));
  }
  return tuple.release().ptr();
}

void translate_exception() {
  try {
    throw;
  } catch (const python_error&) {
    // the Python error is already set
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (const ember::TypeError& e) {
    PyErr_SetString(PyExc_TypeError, e.what());
  } catch (const ember::ValueError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const ember::IndexError& e) {
    PyErr_SetString(PyExc_IndexError, e.what());
  } catch (const ember::Error& e) {
    // PyTorch's Python raises AssertionError when CUDA is asked for and absent.
    const bool no_cuda =
        std::string_view(e.what()).find("not compiled with CUDA enabled") != std::string_view::npos;
    PyErr_SetString(no_cuda ? PyExc_AssertionError : PyExc_RuntimeError, e.what());
  } catch (const py::builtin_exception& e) {
    e.set_error();
  } catch (const std::bad_alloc&) {
    PyErr_NoMemory();
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  } catch (...) {
    PyErr_SetString(PyExc_RuntimeError, "unknown C++ exception");
  }
}

namespace {

// ---- lifetime, printing
// --------------------------------------------------------------------------

void tensor_dealloc(PyObject* self) {
  PyObject_GC_UnTrack(self);
  Tensor& t = unpack_mutable(self);
  if (t.defined()) forget_python_object(t.unsafeGetTensorImpl(), self);
  t.~Tensor();
  Py_TYPE(self)->tp_free(self);
}

// Garbage collection: a hook written in Python may refer back to its tensor (a closure over it),
// a cycle through C++ that Python's collector sees only if the tensor reports its hooks. As
// PyTorch's, a tensor reports them when they belong to it alone (autograd::hooks_owned_by), and
// clearing drops them.
int tensor_traverse(PyObject* self, visitproc visit, void* arg) {
  if (autograd::Node* node = autograd::hooks_owned_by(unpack(self))) {
    if (auto* hooks = node->pre_hooks()) {
      for (auto& h : *hooks) {
        if (const auto* py_hook = h.fn.target<PyHook>()) Py_VISIT(py_hook->fn());
      }
    }
  }
  return 0;
}

int tensor_clear(PyObject* self) {
  if (autograd::Node* node = autograd::hooks_owned_by(unpack(self))) {
    if (auto* hooks = node->pre_hooks()) {
      // Moved out first: dropping a callable may run Python code that touches the hooks.
      std::vector<autograd::Node::PreHook> dropped;
      for (auto it = hooks->begin(); it != hooks->end();) {
        if (it->fn.target<PyHook>()) {
          dropped.push_back(std::move(*it));
          it = hooks->erase(it);
        } else {
          ++it;
        }
      }
    }
  }
  return 0;
}

PyObject* tensor_repr(PyObject* self) {
  EMBER_PY_TRY
  return PyUnicode_FromString(unpack(self).repr().c_str());
  EMBER_PY_CATCH(nullptr)
}

Py_hash_t tensor_hash(PyObject* self) {
  // id(self), as PyTorch's Tensor.__hash__.
  return static_cast<Py_hash_t>(reinterpret_cast<intptr_t>(self));
}

// ember.Tensor(...): PyTorch's legacy constructor: Tensor() (empty), Tensor(*sizes) or
// Tensor(Size) (uninitialised), Tensor(sequence) (data), Tensor(tensor) (alias), all of the
// default dtype.
PyObject* tensor_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  EMBER_PY_TRY
  if (kwargs && PyDict_Size(kwargs) > 0) {
    PyObject* key = nullptr;
    PyObject* value = nullptr;
    Py_ssize_t pos = 0;
    PyDict_Next(kwargs, &pos, &key, &value);
    if (PyUnicode_Check(key) && std::string(PyUnicode_AsUTF8(key)) != "device") {
      type_error("new() got an unexpected keyword argument '", PyUnicode_AsUTF8(key), "'");
    }
  }
  const Py_ssize_t n = PyTuple_GET_SIZE(args);
  Tensor t;
  if (n == 0) {
    t = ember::empty({0});
  } else if (n == 1 && is_tensor(PyTuple_GET_ITEM(args, 0))) {
    t = unpack(PyTuple_GET_ITEM(args, 0)).detach();
  } else {
    PyObject* first = PyTuple_GET_ITEM(args, 0);
    bool all_ints = true;
    for (Py_ssize_t i = 0; i < n; ++i) all_ints = all_ints && is_int(PyTuple_GET_ITEM(args, i));
    if (all_ints) {
      std::vector<int64_t> sizes;
      for (Py_ssize_t i = 0; i < n; ++i) sizes.push_back(unpack_int(PyTuple_GET_ITEM(args, i)));
      t = ember::empty(sizes);
    } else if (n == 1 && PyObject_TypeCheck(first, &SizeType)) {
      std::vector<int64_t> sizes;
      for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(first); ++i) {
        sizes.push_back(unpack_int(PyTuple_GET_ITEM(first, i)));
      }
      t = ember::empty(sizes);
    } else if (n == 1 && PySequence_Check(first)) {
      t = tensor_from_data(first, get_default_dtype(), std::nullopt, false, false, false, "new");
    } else {
      type_error("new(): data must be a sequence (got ", type_name(first), ")");
    }
  }
  return alloc_tensor(type, std::move(t));
  EMBER_PY_CATCH(nullptr)
}

// ---- numbers
// -------------------------------------------------------------------------------------

// Python numbers become 0-d wrapped-number tensors, as PyTorch's Python does for these operators
// (so `a * 2` records MulBackward0 with no edge for the 2, and promotes 2 as a number).
inline bool operand(PyObject* o, Tensor& out) {
  if (is_tensor(o)) {
    out = unpack(o);
    return true;
  }
  if (is_scalar(o)) {
    out = wrap_number(o);
    return true;
  }
  return false;
}

PyObject* nb_add(PyObject* a, PyObject* b) {
  EMBER_PY_TRY
  Tensor other;
  if (is_tensor(a)) {
    if (is_tensor(b)) return wrap(unpack(a).add(unpack(b)));
    if (operand(b, other)) return wrap(unpack(a).add(other));
  } else if (operand(a, other)) {  // number + tensor: __radd__
    return wrap(unpack(b).add(other));
  }
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_subtract(PyObject* a, PyObject* b) {
  EMBER_PY_TRY
  Tensor other;
  if (is_tensor(a)) {
    if (is_tensor(b)) return wrap(unpack(a).sub(unpack(b)));
    if (operand(b, other)) return wrap(unpack(a).sub(other));
  } else if (is_scalar(a)) {  // number - tensor: __rsub__, torch.rsub(t, number): RsubBackward1
    return wrap(rsub(unpack(b), number_to_scalar(a)));
  }
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_multiply(PyObject* a, PyObject* b) {
  EMBER_PY_TRY
  Tensor other;
  if (is_tensor(a)) {
    if (is_tensor(b)) return wrap(unpack(a).mul(unpack(b)));
    if (operand(b, other)) return wrap(unpack(a).mul(other));
  } else if (operand(a, other)) {
    return wrap(unpack(b).mul(other));
  }
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_true_divide(PyObject* a, PyObject* b) {
  EMBER_PY_TRY
  Tensor other;
  if (is_tensor(a)) {
    if (is_tensor(b)) return wrap(unpack(a).div(unpack(b)));
    if (operand(b, other)) return wrap(unpack(a).div(other));
  } else if (operand(a, other)) {  // number / tensor: __rdiv__ is reciprocal() * number
    return wrap(unpack(b).reciprocal().mul(other));
  }
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_floor_divide(PyObject* a, PyObject* b) {
  EMBER_PY_TRY
  Tensor other;
  if (is_tensor(a)) {
    if (operand(b, other)) return wrap(floor_divide(unpack(a), other));
  } else if (operand(a, other)) {  // number // tensor: torch.floor_divide(number, tensor)
    return wrap(floor_divide(other, unpack(b)));
  }
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_remainder(PyObject* a, PyObject* b) {
  EMBER_PY_TRY
  if (is_tensor(a)) {
    if (is_tensor(b)) return wrap(unpack(a).remainder(unpack(b)));
    if (is_scalar(b)) return wrap(unpack(a).remainder(number_to_scalar(b)));
  } else if (is_scalar(a)) {  // number % tensor: torch.remainder(number, tensor)
    return wrap(remainder(number_to_scalar(a), unpack(b)));
  }
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_power(PyObject* a, PyObject* b, PyObject* mod) {
  EMBER_PY_TRY
  if (mod != Py_None) Py_RETURN_NOTIMPLEMENTED;
  if (is_tensor(a)) {
    if (is_tensor(b)) return wrap(unpack(a).pow(unpack(b)));
    if (is_scalar(b)) return wrap(unpack(a).pow(number_to_scalar(b)));
  } else if (is_scalar(a)) {
    // number ** tensor: PyTorch's __rpow__ makes the number a tensor of the result dtype.
    const Tensor& self = unpack(b);
    const Scalar s = number_to_scalar(a);
    Tensor base = full({}, s, TensorOptions().dtype(result_type(s, self)).device(self.device()));
    return wrap(base.pow(self));
  }
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_matrix_multiply(PyObject* a, PyObject* b) {
  EMBER_PY_TRY
  if (is_tensor(a) && is_tensor(b)) return wrap(unpack(a).matmul(unpack(b)));
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_BITWISE_SLOT(slot, method)                                    \
  PyObject* slot(PyObject* a, PyObject* b) {                                \
    EMBER_PY_TRY                                                            \
    if (is_tensor(a)) {                                                     \
      if (is_tensor(b)) return wrap(unpack(a).method(unpack(b)));           \
      if (is_scalar(b)) return wrap(unpack(a).method(number_to_scalar(b))); \
    } else if (is_scalar(a)) {                                              \
      return wrap(unpack(b).method(number_to_scalar(a)));                   \
    }                                                                       \
    Py_RETURN_NOTIMPLEMENTED;                                               \
    EMBER_PY_CATCH(nullptr)                                                 \
  }
EMBER_BITWISE_SLOT(nb_and, bitwise_and)
EMBER_BITWISE_SLOT(nb_or, bitwise_or)
EMBER_BITWISE_SLOT(nb_xor, bitwise_xor)
#undef EMBER_BITWISE_SLOT

// In-place operators: write into self and return self.
PyObject* return_self(PyObject* self) {
  Py_INCREF(self);
  return self;
}

// self op= other with numbers as wrapped-number tensors (+=, -=, *=, /=, //=).
template <class F>
PyObject* inplace_with_operand(PyObject* a, PyObject* b, F op) {
  EMBER_PY_TRY
  Tensor other;
  if (!is_tensor(a) || !operand(b, other)) Py_RETURN_NOTIMPLEMENTED;
  op(unpack_mutable(a), other);
  return return_self(a);
  EMBER_PY_CATCH(nullptr)
}

// self op= other with numbers as Scalars (&=, |=, ^=, **=).
template <class F>
PyObject* inplace_with_scalar(PyObject* a, PyObject* b, F op) {
  EMBER_PY_TRY
  if (!is_tensor(a)) Py_RETURN_NOTIMPLEMENTED;
  if (is_tensor(b)) {
    op(unpack_mutable(a), unpack(b));
  } else if (is_scalar(b)) {
    op(unpack_mutable(a), number_to_scalar(b));
  } else {
    Py_RETURN_NOTIMPLEMENTED;
  }
  return return_self(a);
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_inplace_add(PyObject* a, PyObject* b) {
  return inplace_with_operand(a, b, [](Tensor& s, const Tensor& o) { s.add_(o); });
}
PyObject* nb_inplace_subtract(PyObject* a, PyObject* b) {
  return inplace_with_operand(a, b, [](Tensor& s, const Tensor& o) { s.sub_(o); });
}
PyObject* nb_inplace_multiply(PyObject* a, PyObject* b) {
  return inplace_with_operand(a, b, [](Tensor& s, const Tensor& o) { s.mul_(o); });
}
PyObject* nb_inplace_true_divide(PyObject* a, PyObject* b) {
  return inplace_with_operand(a, b, [](Tensor& s, const Tensor& o) { s.div_(o); });
}
PyObject* nb_inplace_floor_divide(PyObject* a, PyObject* b) {
  return inplace_with_operand(a, b, [](Tensor& s, const Tensor& o) { s.div_(o, "floor"); });
}
PyObject* nb_inplace_and(PyObject* a, PyObject* b) {
  return inplace_with_scalar(a, b, [](Tensor& s, const auto& o) { s.bitwise_and_(o); });
}
PyObject* nb_inplace_or(PyObject* a, PyObject* b) {
  return inplace_with_scalar(a, b, [](Tensor& s, const auto& o) { s.bitwise_or_(o); });
}
PyObject* nb_inplace_xor(PyObject* a, PyObject* b) {
  return inplace_with_scalar(a, b, [](Tensor& s, const auto& o) { s.bitwise_xor_(o); });
}

PyObject* nb_inplace_remainder(PyObject* a, PyObject* b) {
  return inplace_with_scalar(a, b, [](Tensor& s, const auto& o) { s.remainder_(o); });
}

PyObject* nb_inplace_power(PyObject* a, PyObject* b, PyObject* mod) {
  if (mod != Py_None) Py_RETURN_NOTIMPLEMENTED;
  return inplace_with_scalar(a, b, [](Tensor& s, const auto& o) { s.pow_(o); });
}

PyObject* nb_negative(PyObject* self) {
  EMBER_PY_TRY
  return wrap(unpack(self).neg());
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_positive(PyObject* self) {
  EMBER_PY_TRY
  return wrap(unpack(self).positive());
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_absolute(PyObject* self) {
  EMBER_PY_TRY
  return wrap(unpack(self).abs());
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_invert(PyObject* self) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  if (!is_integral_type(t.scalar_type(), true)) {
    type_error("~ (operator.invert) is only implemented on integer and Boolean-type tensors");
  }
  return wrap(t.bitwise_not());
  EMBER_PY_CATCH(nullptr)
}

int nb_bool(PyObject* self) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  const int64_t n = t.numel();
  EMBER_CHECK(n != 0, "Boolean value of Tensor with no values is ambiguous");
  EMBER_CHECK(n == 1, "Boolean value of Tensor with more than one value is ambiguous");
  return t.item().toBool() ? 1 : 0;
  EMBER_PY_CATCH(-1)
}

void check_one_element(const Tensor& t) {
  if (t.numel() != 1) value_error("only one element tensors can be converted to Python scalars");
}

PyObject* nb_int(PyObject* self) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  check_one_element(t);
  if (t.is_floating_point()) return PyLong_FromDouble(t.item<double>());
  return PyLong_FromLongLong(t.item<int64_t>());
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_float(PyObject* self) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  check_one_element(t);
  return PyFloat_FromDouble(t.item<double>());
  EMBER_PY_CATCH(nullptr)
}

PyObject* nb_index(PyObject* self) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  if (!is_integral_type(t.scalar_type(), true) || t.numel() != 1) {
    type_error("only integer tensors of a single element can be converted to an index");
  }
  return PyLong_FromLongLong(t.item<int64_t>());
  EMBER_PY_CATCH(nullptr)
}

PyNumberMethods tensor_as_number = {};

// ---- comparisons
// ---------------------------------------------------------------------------------

PyObject* tensor_richcompare(PyObject* self, PyObject* other, int op) {
  EMBER_PY_TRY
  if (!is_tensor(self)) Py_RETURN_NOTIMPLEMENTED;
  const Tensor& a = unpack(self);
  // a <op> b, for a tensor or a number b.
  auto compare = [&](const auto& b) -> PyObject* {
    switch (op) {
      case Py_EQ:
        return wrap(a.eq(b));
      case Py_NE:
        return wrap(a.ne(b));
      case Py_LT:
        return wrap(a.lt(b));
      case Py_LE:
        return wrap(a.le(b));
      case Py_GT:
        return wrap(a.gt(b));
      default:
        return wrap(a.ge(b));
    }
  };
  if (is_tensor(other)) return compare(unpack(other));
  if (is_scalar(other)) return compare(number_to_scalar(other));
  Py_RETURN_NOTIMPLEMENTED;
  EMBER_PY_CATCH(nullptr)
}

// ---- sequence-like behaviour
// ---------------------------------------------------------------------

Py_ssize_t tensor_length(PyObject* self) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  if (t.dim() == 0) type_error("len() of a 0-d tensor");
  return static_cast<Py_ssize_t>(t.sizes()[0]);
  EMBER_PY_CATCH(-1)
}

PyObject* tensor_iter(PyObject* self) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  if (t.dim() == 0) type_error("iteration over a 0-d tensor");
  py::object parts = steal(wrap(t.unbind(0)));
  return PyObject_GetIter(parts.ptr());
  EMBER_PY_CATCH(nullptr)
}

PyMappingMethods tensor_as_mapping = {};

// ---- properties
// ----------------------------------------------------------------------------------

#define EMBER_GETTER(name, ...)           \
  PyObject* name(PyObject* self, void*) { \
    EMBER_PY_TRY                          \
    const Tensor& t = unpack(self);       \
    __VA_ARGS__                           \
    EMBER_PY_CATCH(nullptr)               \
  }

EMBER_GETTER(get_shape, return make_size(t.sizes());)
EMBER_GETTER(get_dtype, PyObject* d = dtype_object(t.scalar_type()); Py_INCREF(d); return d;)
EMBER_GETTER(get_device, return device_object(t.device());)
EMBER_GETTER(get_ndim, return PyLong_FromLongLong(t.dim());)
EMBER_GETTER(get_is_leaf, return PyBool_FromLong(t.is_leaf());)
EMBER_GETTER(get_requires_grad, return PyBool_FromLong(t.requires_grad());)
EMBER_GETTER(get_grad_fn, return node_object(t.grad_fn());)
EMBER_GETTER(get_is_cuda, return PyBool_FromLong(t.is_cuda());)
EMBER_GETTER(get_is_cpu, return PyBool_FromLong(t.is_cpu());)
EMBER_GETTER(get_false, (void)t; Py_RETURN_FALSE;)
EMBER_GETTER(get_layout, (void)t; PyObject* l = strided_layout(); Py_INCREF(l); return l;)
EMBER_GETTER(get_output_nr, return PyLong_FromLong(t.output_nr());)
EMBER_GETTER(get_version, return PyLong_FromLong(t._version());)
EMBER_GETTER(get_base, return wrap(t._base());)
EMBER_GETTER(get_data, return wrap(t.data());)
EMBER_GETTER(get_retains_grad, return PyBool_FromLong(t.retains_grad());)
EMBER_GETTER(get_mT, return wrap(t.mT());)
EMBER_GETTER(
    get_names, py::tuple names(t.dim());
    for (int64_t i = 0; i < t.dim(); ++i) { names[i] = py::none(); } return names.release().ptr();)

PyObject* get_T(PyObject* self, void*) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  const int64_t n = t.dim();
  static bool warned = false;
  if (n != 2 && n != 0 && !warned) {
    warned = true;
    if (PyErr_WarnEx(
            PyExc_UserWarning,
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape "
            "is deprecated and it will throw an error in a future release. Consider `x.mT` "
            "to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, "
            "-1))` to reverse the dimensions of a tensor.",
            1) < 0) {
      throw python_error();
    }
  }
  std::vector<int64_t> dims;
  for (int64_t i = n - 1; i >= 0; --i) dims.push_back(i);
  return wrap(t.permute(dims));
  EMBER_PY_CATCH(nullptr)
}

PyObject* get_grad(PyObject* self, void*) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  if (!t.is_leaf() && !t.retains_grad()) {
    if (PyErr_WarnEx(PyExc_UserWarning,
                     "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. "
                     "Its .grad attribute won't be populated during autograd.backward(). If you "
                     "indeed want the .grad field to be populated for a non-leaf Tensor, use "
                     ".retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by "
                     "mistake, make sure you access the leaf Tensor instead. See "
                     "github.com/pytorch/pytorch/pull/30531 for more informations.",
                     1) < 0) {
      throw python_error();
    }
  }
  return wrap(t.grad());
  EMBER_PY_CATCH(nullptr)
}

int set_grad(PyObject* self, PyObject* value, void*) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  if (!value || value == Py_None) {
    t.mutable_grad() = Tensor();
    return 0;
  }
  if (!is_tensor(value)) {
    type_error("assigned grad expected to be a Tensor or None but got grad of type",
               type_name(value));
  }
  const Tensor& g = unpack(value);
  EMBER_CHECK(!g.is_same(t), "can't assign Variable as its own grad");
  EMBER_CHECK(g.dtype() == t.dtype(), "assigned grad has data of a different type");
  EMBER_CHECK(g.device() == t.device(), "assigned grad has data located on a different device");
  EMBER_CHECK(g.sizes() == t.sizes(), "assigned grad has data of a different size");
  t.mutable_grad() = g;
  return 0;
  EMBER_PY_CATCH(-1)
}

int set_requires_grad(PyObject* self, PyObject* value, void*) {
  EMBER_PY_TRY
  if (!value || !PyBool_Check(value)) runtime_error("requires_grad must be a bool");
  Tensor& t = unpack_mutable(self);
  const bool r = value == Py_True;
  if (!t.is_leaf()) {
    runtime_error(r ? "you can only change requires_grad flags of leaf variables."
                    : "you can only change requires_grad flags of leaf variables. If you want to "
                      "use a computed variable in a subgraph that doesn't require differentiation "
                      "use var_no_grad = var.detach().");
  }
  EMBER_CHECK(!r || t.is_floating_point(),
              "only Tensors of floating point and complex dtype can require gradients");
  t.requires_grad_(r);
  return 0;
  EMBER_PY_CATCH(-1)
}

int set_data(PyObject* self, PyObject* value, void*) {
  EMBER_PY_TRY
  if (!value || !is_tensor(value)) {
    type_error("Variable data has to be a tensor, but got ", value ? type_name(value) : "NoneType");
  }
  unpack_mutable(self).set_data(unpack(value));
  return 0;
  EMBER_PY_CATCH(-1)
}

PyGetSetDef tensor_getset[] = {
    {"shape", get_shape, nullptr, "The sizes of the dimensions (an ember.Size).", nullptr},
    {"dtype", get_dtype, nullptr, "The data type of the elements.", nullptr},
    {"device", get_device, nullptr, "The device the tensor lives on.", nullptr},
    {"ndim", get_ndim, nullptr, "The number of dimensions (same as dim()).", nullptr},
    {"T", get_T, nullptr, "The tensor with its dimensions reversed.", nullptr},
    {"mT", get_mT, nullptr, "The tensor with its last two dimensions transposed.", nullptr},
    {"is_leaf", get_is_leaf, nullptr,
     "Whether the tensor was created by the user rather than computed by a recorded operation.",
     nullptr},
    {"grad", get_grad, set_grad,
     "The gradient computed by backward() for this tensor (None until then).", nullptr},
    {"grad_fn", get_grad_fn, nullptr, "The graph node that computed this tensor (None for leaves).",
     nullptr},
    {"requires_grad", get_requires_grad, set_requires_grad,
     "Whether gradients are computed for this tensor.", nullptr},
    {"data", get_data, set_data, "The tensor's data, without its autograd history.", nullptr},
    {"is_cuda", get_is_cuda, nullptr, "Whether the tensor is on a CUDA device.", nullptr},
    {"is_cpu", get_is_cpu, nullptr, "Whether the tensor is on the CPU.", nullptr},
    {"is_sparse", get_false, nullptr, nullptr, nullptr},
    {"is_quantized", get_false, nullptr, nullptr, nullptr},
    {"is_meta", get_false, nullptr, nullptr, nullptr},
    {"is_mkldnn", get_false, nullptr, nullptr, nullptr},
    {"is_nested", get_false, nullptr, nullptr, nullptr},
    {"is_mps", get_false, nullptr, nullptr, nullptr},
    {"layout", get_layout, nullptr, "The memory layout (always ember.strided).", nullptr},
    {"output_nr", get_output_nr, nullptr, nullptr, nullptr},
    {"_version", get_version, nullptr, nullptr, nullptr},
    {"_base", get_base, nullptr, nullptr, nullptr},
    {"retains_grad", get_retains_grad, nullptr, nullptr, nullptr},
    {"names", get_names, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

#undef EMBER_GETTER

// _C._set_tensor_class(cls): the class the C++ side creates tensors as (ember.Tensor).
PyObject* set_tensor_class(PyObject*, PyObject* cls) {
  if (!PyType_Check(cls) ||
      !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(cls), &TensorBaseType)) {
    PyErr_SetString(PyExc_TypeError, "_set_tensor_class expects a subclass of _TensorBase");
    return nullptr;
  }
  Py_INCREF(cls);
  TensorClass = reinterpret_cast<PyTypeObject*>(cls);
  Py_RETURN_NONE;
}

PyMethodDef module_methods[] = {{"_set_tensor_class", set_tensor_class, METH_O, nullptr},
                                {nullptr, nullptr, 0, nullptr}};

}  // namespace

void init_tensor_type(py::module_& m) {
  tensor_as_number.nb_add = nb_add;
  tensor_as_number.nb_subtract = nb_subtract;
  tensor_as_number.nb_multiply = nb_multiply;
  tensor_as_number.nb_true_divide = nb_true_divide;
  tensor_as_number.nb_floor_divide = nb_floor_divide;
  tensor_as_number.nb_remainder = nb_remainder;
  tensor_as_number.nb_power = nb_power;
  tensor_as_number.nb_matrix_multiply = nb_matrix_multiply;
  tensor_as_number.nb_and = nb_and;
  tensor_as_number.nb_or = nb_or;
  tensor_as_number.nb_xor = nb_xor;
  tensor_as_number.nb_inplace_add = nb_inplace_add;
  tensor_as_number.nb_inplace_subtract = nb_inplace_subtract;
  tensor_as_number.nb_inplace_multiply = nb_inplace_multiply;
  tensor_as_number.nb_inplace_true_divide = nb_inplace_true_divide;
  tensor_as_number.nb_inplace_floor_divide = nb_inplace_floor_divide;
  tensor_as_number.nb_inplace_remainder = nb_inplace_remainder;
  tensor_as_number.nb_inplace_power = nb_inplace_power;
  tensor_as_number.nb_inplace_and = nb_inplace_and;
  tensor_as_number.nb_inplace_or = nb_inplace_or;
  tensor_as_number.nb_inplace_xor = nb_inplace_xor;
  tensor_as_number.nb_negative = nb_negative;
  tensor_as_number.nb_positive = nb_positive;
  tensor_as_number.nb_absolute = nb_absolute;
  tensor_as_number.nb_invert = nb_invert;
  tensor_as_number.nb_bool = nb_bool;
  tensor_as_number.nb_int = nb_int;
  tensor_as_number.nb_float = nb_float;
  tensor_as_number.nb_index = nb_index;

  tensor_as_mapping.mp_length = tensor_length;
  tensor_as_mapping.mp_subscript = tensor_getitem;
  tensor_as_mapping.mp_ass_subscript = tensor_setitem;

  TensorBaseType.tp_name = "ember._C._TensorBase";
  TensorBaseType.tp_basicsize = sizeof(PyTensor);
  TensorBaseType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
  TensorBaseType.tp_dealloc = tensor_dealloc;
  TensorBaseType.tp_traverse = tensor_traverse;
  TensorBaseType.tp_clear = tensor_clear;
  TensorBaseType.tp_free = PyObject_GC_Del;
  TensorBaseType.tp_repr = tensor_repr;
  TensorBaseType.tp_str = tensor_repr;
  TensorBaseType.tp_hash = tensor_hash;
  TensorBaseType.tp_as_number = &tensor_as_number;
  TensorBaseType.tp_as_mapping = &tensor_as_mapping;
  TensorBaseType.tp_richcompare = tensor_richcompare;
  TensorBaseType.tp_iter = tensor_iter;
  TensorBaseType.tp_getset = tensor_getset;
  TensorBaseType.tp_methods = tensor_methods();
  TensorBaseType.tp_new = tensor_new;
  TensorBaseType.tp_doc = "The C++ part of ember.Tensor.";
  if (PyType_Ready(&TensorBaseType) < 0) throw py::error_already_set();
  m.add_object("_TensorBase", reinterpret_cast<PyObject*>(&TensorBaseType));
  for (PyMethodDef* def = module_methods; def->ml_name; ++def) {
    m.add_object(def->ml_name, steal(PyCFunction_NewEx(def, nullptr, m.attr("__name__").ptr())));
  }
}

}  // namespace ember::python
