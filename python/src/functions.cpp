// The module's functions (ember.tensor, ember.zeros, ember.add, ember.sum, ...): each parses its
// arguments with PyTorch's signatures for torch.<name> and calls ember's C++ function.
#include <ember/core/MemoryOverlap.h>
#include <ember/nn/functional.h>

#include "arg_parser.h"
#include "common.h"

namespace ember::python {

namespace {

#define EMBER_FUNCTION(name) PyObject* name(PyObject*, PyObject* args, PyObject* kwargs)

// What a function refuses when its out= tensor shares memory with itself or with the tensor
// arguments: PyTorch's checks, which differ by family.
enum class OutOverlap {
  None,      // nothing (reductions other than mean, bmm, mv, tril / triu / diag, zeros / full)
  Internal,  // an out whose elements alias each other (mm, softmax, mean, arange, random fills)
  Partial,   // that, and an argument overlapping part of out (element-wise ops, cumsum)
  Any,       // that, and an argument sharing any memory with out (cat, stack, gather, ...)
};

void check_out_overlap(const PythonArgs& r, int out, const Tensor& dst, OutOverlap overlap) {
  if (overlap == OutOverlap::None) return;
  assert_no_internal_overlap(dst);
  if (overlap == OutOverlap::Internal) return;
  auto check = [&](const Tensor& t) {
    if (overlap == OutOverlap::Partial) {
      assert_no_partial_overlap(dst, t);
    } else {
      assert_no_overlap(dst, t);
    }
  };
  for (int i = 0; i < static_cast<int>(r.signature.params.size()); ++i) {
    if (i == out || !r.has(i)) continue;
    const ParamType type = r.signature.params[i].type;
    if (type == ParamType::Tensor && is_tensor(r.args[i])) {
      check(unpack(r.args[i]));
    } else if (type == ParamType::TensorList) {
      for (const Tensor& t : r.tensorlist(i)) check(t);
    }
  }
}

// matmul writes out through mm (2-d @ 2-d, or a batch @ a matrix folded into one matrix), which
// checks it, or through dot, mv and bmm, which do not.
OutOverlap matmul_out_overlap(const PythonArgs& r) {
  const int64_t a = r.tensor(0).dim(), b = r.tensor(1).dim();
  return b == 2 && a >= 2 ? OutOverlap::Internal : OutOverlap::None;
}

// out=: the result is copied into `out` (PyTorch resizes it; ember requires the right shape).
PyObject* with_out(const PythonArgs& r, int out, Tensor result,
                   OutOverlap overlap = OutOverlap::Partial) {
  if (!r.has(out)) return wrap(std::move(result));
  Tensor dst = r.tensor(out);
  if (autograd::GradMode::is_enabled() && (result.requires_grad() || dst.requires_grad())) {
    runtime_error(r.signature.name,
                  "(): functions with out=... arguments don't support automatic differentiation, "
                  "but one of the arguments requires grad.");
  }
  EMBER_CHECK(dst.sizes() == result.sizes(), r.signature.name,
              "(): ember cannot resize out=: expected an out tensor of size ", result.sizes(),
              ", got ", dst.sizes());
  EMBER_CHECK(can_cast(result.scalar_type(), dst.scalar_type()), "result type ",
              to_string(result.scalar_type()), " can't be cast to the desired output type ",
              to_string(dst.scalar_type()));
  check_out_overlap(r, out, dst, overlap);
  // The checks are done: an out that PyTorch writes whatever its layout (OutOverlap::None) is
  // written as it is (an expanded out keeps the last value).
  detail::copy_raw(dst, result);
  dst.unsafeGetTensorImpl()->storage()->bump_version();
  return wrap(dst);
}

PyObject* with_out_pair(const PythonArgs& r, int out, const char* name,
                        std::tuple<Tensor, Tensor> result) {
  if (r.has(out)) runtime_error(r.signature.name, "(): out= is not supported by ember");
  return return_tuple(name, std::get<0>(result), std::get<1>(result));
}

// ---- creation
// ------------------------------------------------------------------------------------

EMBER_FUNCTION(f_tensor) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "tensor(PyObject* data, *, ScalarType dtype=None, Device? device=None, bool "
      "pin_memory=False, bool requires_grad=False, DimnameList? names=None)",
  });
  ParsedArgs<6> p;
  auto r = parser.parse(args, kwargs, p);
  r.check_pin_memory(3);
  r.check_unsupported(5);
  return wrap(tensor_from_data(r.pyobject(0), r.scalartypeOptional(1), r.deviceOptional(2),
                               r.toBool(4), true, !r.has(1), "tensor"));
  EMBER_PY_CATCH(nullptr)
}

EMBER_FUNCTION(f_as_tensor) {
  EMBER_PY_TRY
  static PythonArgParser parser(
      {"as_tensor(PyObject* data, *, ScalarType dtype=None, Device? device=None)"});
  ParsedArgs<3> p;
  auto r = parser.parse(args, kwargs, p);
  PyObject* data = r.pyobject(0);
  // A tensor (or NumPy array) of the requested dtype and device is used as is.
  if (is_tensor(data)) {
    const Tensor& t = unpack(data);
    TensorOptions o;
    if (r.has(1)) o = o.dtype(r.scalartype(1));
    if (r.has(2)) o = o.device(r.device(2));
    return wrap(t.to(o));
  }
  if (is_numpy_array(data)) {
    Tensor t = tensor_from_numpy(data, true);
    TensorOptions o;
    if (r.has(1)) o = o.dtype(r.scalartype(1));
    if (r.has(2)) o = o.device(r.device(2));
    return wrap(t.to(o));
  }
  return wrap(tensor_from_data(data, r.scalartypeOptional(1), r.deviceOptional(2), false, false,
                               !r.has(1), "as_tensor"));
  EMBER_PY_CATCH(nullptr)
}

EMBER_FUNCTION(f_from_numpy) {
  EMBER_PY_TRY
  if (PyTuple_GET_SIZE(args) != 1 || (kwargs && PyDict_Size(kwargs) > 0)) {
    type_error("from_numpy() takes exactly one positional argument");
  }
  return wrap(tensor_from_numpy(PyTuple_GET_ITEM(args, 0), true));
  EMBER_PY_CATCH(nullptr)
}

// ---- element-wise
// --------------------------------------------------------------------------------

// The element-wise ops of src/ops/*.yaml (tools/opgen.py).
#include "functions.inc"

EMBER_FUNCTION(f_addmm) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "addmm(Scalar beta, Tensor input, Scalar alpha, Tensor mat1, Tensor mat2, *, Tensor "
      "out=None)|deprecated",
      "addmm(Scalar beta, Tensor input, Tensor mat1, Tensor mat2, *, Tensor out=None)|deprecated",
      "addmm(Tensor input, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1, Tensor "
      "out=None)",
  });
  ParsedArgs<6> p;
  auto r = parser.parse(args, kwargs, p);
  // PyTorch copies input into out, then multiplies in place: out may not overlap part of input
  // (the matrices are not checked).
  auto addmm_out = [&](int out, const Tensor& input, Tensor result) {
    if (r.has(out)) {
      const Tensor dst = r.tensor(out);
      assert_no_internal_overlap(dst);
      assert_no_partial_overlap(dst, input);
    }
    return with_out(r, out, std::move(result), OutOverlap::Internal);
  };
  if (r.idx == 0) {
    return addmm_out(5, r.tensor(1),
                     r.tensor(1).addmm(r.tensor(3), r.tensor(4), r.scalar(0), r.scalar(2)));
  }
  if (r.idx == 1) {
    return addmm_out(4, r.tensor(1), r.tensor(1).addmm(r.tensor(2), r.tensor(3), r.scalar(0)));
  }
  return addmm_out(5, r.tensor(0),
                   r.tensor(0).addmm(r.tensor(1), r.tensor(2), r.scalar(3), r.scalar(4)));
  EMBER_PY_CATCH(nullptr)
}

// ---- reductions
// ----------------------------------------------------------------------------------

// ---- shapes
// --------------------------------------------------------------------------------------

// ---- indexing functions
// --------------------------------------------------------------------------

EMBER_FUNCTION(f_scatter) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "scatter(Tensor input, int64_t dim, Tensor index, Tensor src, *, Tensor out=None)",
      "scatter(Tensor input, int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce, "
      "Tensor out=None)",
      "scatter(Tensor input, Dimname dim, Tensor index, Tensor src)",
      "scatter(Tensor input, int64_t dim, Tensor index, Scalar value, *, Tensor out=None)",
      "scatter(Tensor input, int64_t dim, Tensor index, Scalar value, *, c10::string_view "
      "reduce, Tensor out=None)",
      "scatter(Tensor input, Dimname dim, Tensor index, Scalar value)",
  });
  ParsedArgs<6> p;
  auto r = parser.parse(args, kwargs, p);
  if (r.idx == 1 || r.idx == 4) r.check_unsupported(4);
  if (r.idx == 2 || r.idx == 5) r.check_unsupported(1);
  const int out = (r.idx == 1 || r.idx == 4) ? 5 : 4;
  // PyTorch copies input into out, then scatters into it: out may not overlap part of input nor
  // any of index and src.
  if (r.has(out)) {
    const Tensor dst = r.tensor(out);
    assert_no_internal_overlap(dst);
    assert_no_overlap(dst, r.tensor(2));
    if (r.idx <= 2) assert_no_overlap(dst, r.tensor(3));
  }
  if (r.idx <= 2) {
    return with_out(r, out, r.tensor(0).scatter(r.toInt64(1), r.tensor(2), r.tensor(3)));
  }
  return with_out(r, out, r.tensor(0).scatter(r.toInt64(1), r.tensor(2), r.scalar(3)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_FUNCTION(f_nonzero) {
  EMBER_PY_TRY
  static PythonArgParser parser({"nonzero(Tensor input, *, bool as_tuple=False, Tensor out=None)"});
  ParsedArgs<3> p;
  auto r = parser.parse(args, kwargs, p);
  if (r.toBool(1)) return wrap(nonzero_tuple(r.tensor(0)));
  return with_out(r, 2, r.tensor(0).nonzero(), OutOverlap::Any);
  EMBER_PY_CATCH(nullptr)
}

// ---- other
// -----------------------------------------------------------------------------------------

EMBER_FUNCTION(f_is_nonzero) {
  EMBER_PY_TRY
  static PythonArgParser parser({"is_nonzero(Tensor input)"});
  ParsedArgs<1> p;
  auto r = parser.parse(args, kwargs, p);
  const Tensor self = r.tensor(0);
  EMBER_CHECK(self.numel() != 0, "Boolean value of Tensor with no values is ambiguous");
  EMBER_CHECK(self.numel() == 1, "Boolean value of Tensor with more than one value is ambiguous");
  return PyBool_FromLong(self.item().toBool());
  EMBER_PY_CATCH(nullptr)
}

// ---- state
// -----------------------------------------------------------------------------------------

EMBER_FUNCTION(f_get_default_dtype) {
  EMBER_PY_TRY(void) args;
  (void)kwargs;
  PyObject* d = dtype_object(get_default_dtype());
  Py_INCREF(d);
  return d;
  EMBER_PY_CATCH(nullptr)
}
EMBER_FUNCTION(f_set_default_dtype) {
  EMBER_PY_TRY
  static PythonArgParser parser({"set_default_dtype(PyObject* d)"});
  ParsedArgs<1> p;
  auto r = parser.parse(args, kwargs, p);
  PyObject* d = r.pyobject(0);
  if (!is_dtype(d)) {
    type_error("invalid dtype object: only floating-point types are supported as the default type");
  }
  const ScalarType t = reinterpret_cast<PyDtype*>(d)->scalar_type;
  if (!is_floating_type(t))
    type_error("only floating-point types are supported as the default type");
  set_default_dtype(t);
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}
EMBER_FUNCTION(f_is_grad_enabled) {
  (void)args;
  (void)kwargs;
  return PyBool_FromLong(autograd::GradMode::is_enabled());
}
EMBER_FUNCTION(f_set_grad_enabled) {
  EMBER_PY_TRY(void) kwargs;
  if (PyTuple_GET_SIZE(args) != 1 || !PyBool_Check(PyTuple_GET_ITEM(args, 0))) {
    type_error("enabled must be a bool (got ",
               PyTuple_GET_SIZE(args) ? type_name(PyTuple_GET_ITEM(args, 0)) : "nothing", ")");
  }
  autograd::GradMode::set_enabled(PyTuple_GET_ITEM(args, 0) == Py_True);
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}
EMBER_FUNCTION(f_get_num_threads) {
  (void)args;
  (void)kwargs;
  return PyLong_FromLong(get_num_threads());
}
EMBER_FUNCTION(f_set_num_threads) {
  EMBER_PY_TRY(void) kwargs;
  if (PyTuple_GET_SIZE(args) != 1) type_error("set_num_threads() takes 1 positional argument");
  set_num_threads(static_cast<int>(unpack_int(PyTuple_GET_ITEM(args, 0))));
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}
EMBER_FUNCTION(f_cuda_is_available) {
  (void)args;
  (void)kwargs;
  return PyBool_FromLong(cuda::is_available());
}
EMBER_FUNCTION(f_cuda_device_count) {
  (void)args;
  (void)kwargs;
  return PyLong_FromLongLong(cuda::device_count());
}
EMBER_FUNCTION(f_cuda_is_built) {
  (void)args;
  (void)kwargs;
  return PyBool_FromLong(cuda::is_built());
}
EMBER_FUNCTION(f_cuda_synchronize) {
  EMBER_PY_TRY(void) kwargs;
  long long index = -1;
  if (!PyArg_ParseTuple(args, "|L", &index)) return nullptr;
  cuda::synchronize(index);
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}
EMBER_FUNCTION(f_cuda_allow_tf32) {
  (void)kwargs;
  int set = -1;
  if (!PyArg_ParseTuple(args, "|p", &set)) return nullptr;
  if (set != -1) cuda::set_allow_tf32(set != 0);
  return PyBool_FromLong(cuda::allow_tf32());
}
EMBER_FUNCTION(f_set_printoptions) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "_set_printoptions(int64_t? precision=None, int64_t? threshold=None, int64_t? "
      "edgeitems=None, int64_t? linewidth=None, std::string? profile=None, bool? sci_mode=None)",
  });
  ParsedArgs<6> p;
  auto r = parser.parse(args, kwargs, p);
  if (r.has(4)) set_printoptions_profile(r.string(4));
  PrintOptions o = get_printoptions();
  if (r.has(0)) o.precision = static_cast<int>(r.toInt64(0));
  if (r.has(1)) o.threshold = r.toInt64(1);
  if (r.has(2)) o.edgeitems = r.toInt64(2);
  if (r.has(3)) o.linewidth = r.toInt64(3);
  o.sci_mode = r.toBoolOptional(5);
  set_printoptions(o);
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_DEF(name, doc) \
  { #name, fn_cast(f_##name), METH_VARARGS | METH_KEYWORDS, doc }

PyMethodDef functions[] = {
#include "function_defs.inc"
    // creation
    EMBER_DEF(tensor,
              "tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor\n\n"
              "A tensor holding a copy of data (nested lists/tuples of numbers, a number, "
              "a NumPy array or a tensor). Without dtype it is inferred as PyTorch does: "
              "bools -> ember.bool, ints -> ember.int64, floats -> the default dtype."),
    EMBER_DEF(as_tensor,
              "as_tensor(data, dtype=None, device=None) -> Tensor\n\nLike tensor(), but "
              "shares the data of a tensor or NumPy array when no conversion is needed."),
    EMBER_DEF(from_numpy, "from_numpy(ndarray) -> Tensor\n\nA tensor sharing the array's memory."),
    // element-wise
    // matrix products
    EMBER_DEF(addmm, "addmm(input, mat1, mat2, *, beta=1, alpha=1) -> Tensor"),
    // reductions
    // shapes
    // indexing
    EMBER_DEF(scatter, "scatter(input, dim, index, src) -> Tensor"),
    EMBER_DEF(nonzero, "nonzero(input, *, as_tuple=False) -> Tensor"),
    // other
    EMBER_DEF(is_nonzero, "is_nonzero(input) -> bool"),
    EMBER_DEF(get_default_dtype,
              "get_default_dtype() -> dtype\n\nThe dtype of Python floats "
              "(ember.float32 unless changed)."),
    EMBER_DEF(set_default_dtype, "set_default_dtype(d)\n\nSets the default floating point dtype."),
    EMBER_DEF(is_grad_enabled, "is_grad_enabled() -> bool"),
    {"_set_grad_enabled", fn_cast(f_set_grad_enabled), METH_VARARGS | METH_KEYWORDS, nullptr},
    EMBER_DEF(get_num_threads, "get_num_threads() -> int"),
    EMBER_DEF(set_num_threads, "set_num_threads(n)"),
    {"_cuda_is_available", fn_cast(f_cuda_is_available), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_cuda_device_count", fn_cast(f_cuda_device_count), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_cuda_is_built", fn_cast(f_cuda_is_built), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_cuda_synchronize", fn_cast(f_cuda_synchronize), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_cuda_allow_tf32", fn_cast(f_cuda_allow_tf32), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_set_printoptions", fn_cast(f_set_printoptions), METH_VARARGS | METH_KEYWORDS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

#undef EMBER_DEF

// The functions torch.nn.functional calls (PyTorch's torch._C._nn).
PyMethodDef nn_functions[] = {
#include "nn_function_defs.inc"
    {nullptr, nullptr, 0, nullptr}};

void add_functions(py::module_ module, PyMethodDef* defs) {
  for (PyMethodDef* def = defs; def->ml_name; ++def) {
    module.add_object(def->ml_name,
                      steal(PyCFunction_NewEx(def, nullptr, module.attr("__name__").ptr())));
  }
}

}  // namespace

void init_functions(py::module_& m) {
  // The functions live in _C._VariableFunctions (as PyTorch's), and the package exports them.
  add_functions(m.def_submodule("_VariableFunctions", "ember's functions"), functions);
  add_functions(m.def_submodule("_nn", "the functions behind ember.nn.functional"), nn_functions);
}

}  // namespace ember::python
