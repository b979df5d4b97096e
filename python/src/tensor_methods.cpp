// The methods of ember._C._TensorBase: each parses its arguments with PyTorch's signatures
// (arg_parser.h) and calls the ember::Tensor method of the same name.
#include "arg_parser.h"
#include "common.h"

namespace ember::python {

namespace {

PyObject* return_self(PyObject* self) {
  Py_INCREF(self);
  return self;
}

#define EMBER_METHOD(name) PyObject* name(PyObject* self_, PyObject* args, PyObject* kwargs)
#define EMBER_METHOD_NOARGS(name) PyObject* name(PyObject* self_, PyObject*)

// ---- methods without arguments
// -------------------------------------------------------------------

#define EMBER_UNARY(name)              \
  EMBER_METHOD_NOARGS(m_##name) {      \
    EMBER_PY_TRY                       \
    return wrap(unpack(self_).name()); \
    EMBER_PY_CATCH(nullptr)            \
  }
#define EMBER_UNARY_INPLACE(name) \
  EMBER_METHOD_NOARGS(m_##name) { \
    EMBER_PY_TRY                  \
    unpack_mutable(self_).name(); \
    return return_self(self_);    \
    EMBER_PY_CATCH(nullptr)       \
  }

EMBER_UNARY(relu)
EMBER_UNARY_INPLACE(relu_)
EMBER_UNARY(square)
EMBER_UNARY(isnan)
EMBER_UNARY(isinf)
EMBER_UNARY(isfinite)
EMBER_UNARY(logical_not)
EMBER_UNARY(bitwise_not)
EMBER_UNARY(t)
EMBER_UNARY(detach)
EMBER_UNARY_INPLACE(detach_)
EMBER_UNARY_INPLACE(zero_)
EMBER_UNARY(cpu)
#undef EMBER_UNARY
#undef EMBER_UNARY_INPLACE

// The element-wise ops of src/ops/*.yaml (tools/opgen.py).
#include "methods.inc"

EMBER_METHOD_NOARGS(m_positive) {
  EMBER_PY_TRY
  unpack(self_).positive();  // its checks; the result is self
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD_NOARGS(m_dim) {
  EMBER_PY_TRY
  return PyLong_FromLongLong(unpack(self_).dim());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_numel) {
  EMBER_PY_TRY
  return PyLong_FromLongLong(unpack(self_).numel());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_element_size) {
  EMBER_PY_TRY
  return PyLong_FromLongLong(unpack(self_).element_size());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_storage_offset) {
  EMBER_PY_TRY
  return PyLong_FromLongLong(unpack(self_).storage_offset());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_data_ptr) {
  EMBER_PY_TRY
  return PyLong_FromVoidPtr(unpack(self_).data_ptr());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_is_floating_point) {
  EMBER_PY_TRY
  return PyBool_FromLong(unpack(self_).is_floating_point());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_is_complex) {
  (void)self_;
  Py_RETURN_FALSE;
}
EMBER_METHOD_NOARGS(m_is_signed) {
  EMBER_PY_TRY
  const ScalarType t = unpack(self_).scalar_type();
  return PyBool_FromLong(t != kBool && t != kByte);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_requires_grad_false) {
  (void)self_;
  Py_RETURN_FALSE;
}
EMBER_METHOD_NOARGS(m_item) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self_);
  if (t.numel() != 1) value_error("only one element tensors can be converted to Python scalars");
  return scalar_to_python(t.item());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_tolist) {
  EMBER_PY_TRY
  return tensor_to_list(unpack(self_));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_retain_grad) {
  EMBER_PY_TRY
  unpack(self_).retain_grad();
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD_NOARGS(m_cuda) {
  EMBER_PY_TRY
  return wrap(unpack(self_).to(Device(kCUDA)));
  EMBER_PY_CATCH(nullptr)
}

// ---- arithmetic
// ----------------------------------------------------------------------------------

EMBER_METHOD(m_add) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "add(Scalar alpha, Tensor other)|deprecated",
      "add(Tensor other, *, Scalar alpha=1)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.add(r.tensor(1), r.scalar(0)));
  return wrap(self.add(r.tensor(0), r.scalar(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_add_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "add_(Scalar alpha, Tensor other)|deprecated",
      "add_(Tensor other, *, Scalar alpha=1)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  Tensor& self = unpack_mutable(self_);
  if (r.idx == 0) {
    self.add_(r.tensor(1), r.scalar(0));
  } else {
    self.add_(r.tensor(0), r.scalar(1));
  }
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_sub) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "sub(Scalar alpha, Tensor other)|deprecated",
      "sub(Tensor other, *, Scalar alpha=1)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.sub(r.tensor(1), r.scalar(0)));
  return wrap(self.sub(r.tensor(0), r.scalar(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_sub_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "sub_(Scalar alpha, Tensor other)|deprecated",
      "sub_(Tensor other, *, Scalar alpha=1)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  Tensor& self = unpack_mutable(self_);
  if (r.idx == 0) {
    self.sub_(r.tensor(1), r.scalar(0));
  } else {
    self.sub_(r.tensor(0), r.scalar(1));
  }
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_mul) {
  EMBER_PY_TRY
  static PythonArgParser parser({"mul(Tensor other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).mul(r.tensor(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_multiply) {
  EMBER_PY_TRY
  static PythonArgParser parser({"multiply(Tensor other)", "multiply(Scalar other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).mul(r.tensor(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_mul_) {
  EMBER_PY_TRY
  static PythonArgParser parser({"mul_(Tensor other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  unpack_mutable(self_).mul_(r.tensor(0));
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}

std::optional<std::string_view> rounding(const PythonArgs& r, int i, std::string& storage) {
  auto s = r.stringOptional(i);
  if (!s) return std::nullopt;
  storage = *s;
  return std::string_view(storage);
}

EMBER_METHOD(m_div) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "div(Tensor other)",
      "div(Tensor other, *, c10::string_view? rounding_mode)",
      "div(Scalar other, *, c10::string_view? rounding_mode)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  std::string mode;
  if (r.idx == 0) return wrap(self.div(r.tensor(0)));
  if (r.idx == 1) return wrap(self.div(r.tensor(0), rounding(r, 1, mode)));
  return wrap(self.div(r.scalar(0), rounding(r, 1, mode)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_divide) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "divide(Tensor other)",
      "divide(Tensor other, *, c10::string_view? rounding_mode)",
      "divide(Scalar other)",
      "divide(Scalar other, *, c10::string_view? rounding_mode)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  std::string mode;
  if (r.idx == 0) return wrap(self.div(r.tensor(0)));
  if (r.idx == 1) return wrap(self.div(r.tensor(0), rounding(r, 1, mode)));
  if (r.idx == 2) return wrap(self.div(r.scalar(0)));
  return wrap(self.div(r.scalar(0), rounding(r, 1, mode)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_div_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "div_(Tensor other)",
      "div_(Tensor other, *, c10::string_view? rounding_mode)",
      "div_(Scalar other, *, c10::string_view? rounding_mode)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  Tensor& self = unpack_mutable(self_);
  std::string mode;
  if (r.idx == 0) {
    self.div_(r.tensor(0));
  } else if (r.idx == 1) {
    self.div_(r.tensor(0), rounding(r, 1, mode));
  } else {
    self.div_(r.scalar(0), rounding(r, 1, mode));
  }
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_true_divide) {
  EMBER_PY_TRY
  static PythonArgParser parser({"true_divide(Tensor other)", "true_divide(Scalar other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).div(r.tensor(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_floor_divide) {
  EMBER_PY_TRY
  static PythonArgParser parser({"floor_divide(Tensor other)", "floor_divide(Scalar other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(floor_divide(unpack(self_), r.tensor(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_floor_divide_) {
  EMBER_PY_TRY
  static PythonArgParser parser({"floor_divide_(Tensor other)", "floor_divide_(Scalar other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  unpack_mutable(self_).div_(r.tensor(0), "floor");
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}

// Methods with a Tensor and a Scalar overload of one argument.
#define EMBER_TENSOR_OR_SCALAR(fn, method, pname)                                        \
  EMBER_METHOD(m_##fn) {                                                                 \
    EMBER_PY_TRY                                                                         \
    static PythonArgParser parser({#fn "(Tensor " pname ")", #fn "(Scalar " pname ")"}); \
    ParsedArgs<1> p;                                                                     \
    auto r = parser.parse(self_, args, kwargs, p);                                       \
    const Tensor& self = unpack(self_);                                                  \
    if (r.idx == 0) return wrap(self.method(r.tensor(0)));                               \
    return wrap(self.method(r.scalar(0)));                                               \
    EMBER_PY_CATCH(nullptr)                                                              \
  }
EMBER_TENSOR_OR_SCALAR(remainder, remainder, "other")
EMBER_TENSOR_OR_SCALAR(fmod, fmod, "other")
EMBER_TENSOR_OR_SCALAR(pow, pow, "exponent")
EMBER_TENSOR_OR_SCALAR(eq, eq, "other")
EMBER_TENSOR_OR_SCALAR(ne, ne, "other")
EMBER_TENSOR_OR_SCALAR(lt, lt, "other")
EMBER_TENSOR_OR_SCALAR(le, le, "other")
EMBER_TENSOR_OR_SCALAR(gt, gt, "other")
EMBER_TENSOR_OR_SCALAR(ge, ge, "other")
EMBER_TENSOR_OR_SCALAR(bitwise_and, bitwise_and, "other")
EMBER_TENSOR_OR_SCALAR(bitwise_or, bitwise_or, "other")
EMBER_TENSOR_OR_SCALAR(bitwise_xor, bitwise_xor, "other")
#undef EMBER_TENSOR_OR_SCALAR

EMBER_METHOD(m_clamp_min) {
  EMBER_PY_TRY
  static PythonArgParser parser({"clamp_min(Tensor min)", "clamp_min(Scalar min)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.clamp(r.optionalTensor(0), std::nullopt));
  return wrap(self.clamp_min(r.scalar(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_clamp_max) {
  EMBER_PY_TRY
  static PythonArgParser parser({"clamp_max(Tensor max)", "clamp_max(Scalar max)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.clamp(std::optional<Tensor>(), r.optionalTensor(0)));
  return wrap(self.clamp_max(r.scalar(0)));
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_TENSOR_OR_SCALAR_INPLACE(fn, pname)                                        \
  EMBER_METHOD(m_##fn) {                                                                 \
    EMBER_PY_TRY                                                                         \
    static PythonArgParser parser({#fn "(Tensor " pname ")", #fn "(Scalar " pname ")"}); \
    ParsedArgs<1> p;                                                                     \
    auto r = parser.parse(self_, args, kwargs, p);                                       \
    Tensor& self = unpack_mutable(self_);                                                \
    if (r.idx == 0) {                                                                    \
      self.fn(r.tensor(0));                                                              \
    } else {                                                                             \
      self.fn(r.scalar(0));                                                              \
    }                                                                                    \
    return return_self(self_);                                                           \
    EMBER_PY_CATCH(nullptr)                                                              \
  }
EMBER_TENSOR_OR_SCALAR_INPLACE(pow_, "exponent")
EMBER_TENSOR_OR_SCALAR_INPLACE(bitwise_and_, "other")
EMBER_TENSOR_OR_SCALAR_INPLACE(bitwise_or_, "other")
EMBER_TENSOR_OR_SCALAR_INPLACE(bitwise_xor_, "other")
#undef EMBER_TENSOR_OR_SCALAR_INPLACE

// Methods taking one tensor.
#define EMBER_TENSOR_ARG(fn, method, pname)                    \
  EMBER_METHOD(m_##fn) {                                       \
    EMBER_PY_TRY                                               \
    static PythonArgParser parser({#fn "(Tensor " pname ")"}); \
    ParsedArgs<1> p;                                           \
    auto r = parser.parse(self_, args, kwargs, p);             \
    return wrap(unpack(self_).method(r.tensor(0)));            \
    EMBER_PY_CATCH(nullptr)                                    \
  }
EMBER_TENSOR_ARG(maximum, maximum, "other")
EMBER_TENSOR_ARG(minimum, minimum, "other")
EMBER_TENSOR_ARG(atan2, atan2, "other")
EMBER_TENSOR_ARG(logical_and, logical_and, "other")
EMBER_TENSOR_ARG(logical_or, logical_or, "other")
EMBER_TENSOR_ARG(logical_xor, logical_xor, "other")
EMBER_TENSOR_ARG(matmul, matmul, "other")
EMBER_TENSOR_ARG(mm, mm, "mat2")
EMBER_TENSOR_ARG(bmm, bmm, "mat2")
EMBER_TENSOR_ARG(mv, mv, "vec")
EMBER_TENSOR_ARG(dot, dot, "tensor")
EMBER_TENSOR_ARG(outer, outer, "vec2")
EMBER_TENSOR_ARG(expand_as, expand_as, "other")
EMBER_TENSOR_ARG(masked_select, masked_select, "mask")
#undef EMBER_TENSOR_ARG

EMBER_METHOD(m_type_as) {
  EMBER_PY_TRY
  static PythonArgParser parser({"type_as(Tensor other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).to(r.tensor(0).scalar_type()));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_view_as) {
  EMBER_PY_TRY
  static PythonArgParser parser({"view_as(Tensor other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).view(r.tensor(0).sizes()));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_reshape_as) {
  EMBER_PY_TRY
  static PythonArgParser parser({"reshape_as(Tensor other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).reshape(r.tensor(0).sizes()));
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_clamp) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "clamp(Tensor? min=None, Tensor? max=None)",
      "clamp(Scalar? min=None, Scalar? max=None)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.clamp(r.optionalTensor(0), r.optionalTensor(1)));
  return wrap(self.clamp(r.scalarOptional(0), r.scalarOptional(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_clip) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "clip(Tensor? min=None, Tensor? max=None)",
      "clip(Scalar? min=None, Scalar? max=None)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.clamp(r.optionalTensor(0), r.optionalTensor(1)));
  return wrap(self.clamp(r.scalarOptional(0), r.scalarOptional(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_clamp_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "clamp_(Tensor? min=None, Tensor? max=None)",
      "clamp_(Scalar? min=None, Scalar? max=None)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  Tensor& self = unpack_mutable(self_);
  if (r.idx == 0) {
    // ember's in-place clamp takes numbers: 0-d tensors are read as numbers.
    auto as_scalar = [](const std::optional<Tensor>& t) -> std::optional<Scalar> {
      if (!t) return std::nullopt;
      return t->item();
    };
    self.clamp_(as_scalar(r.optionalTensor(0)), as_scalar(r.optionalTensor(1)));
  } else {
    self.clamp_(r.scalarOptional(0), r.scalarOptional(1));
  }
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_lerp) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "lerp(Tensor end, Tensor weight)",
      "lerp(Tensor end, Scalar weight)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.lerp(r.tensor(0), r.tensor(1)));
  return wrap(self.lerp(r.tensor(0), r.scalar(1)));
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_softmax) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "softmax(int64_t dim, ScalarType? dtype=None)",
      "softmax(Dimname dim, *, ScalarType? dtype=None)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).softmax(r.toInt64(0), r.scalartypeOptional(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_log_softmax) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "log_softmax(int64_t dim, ScalarType? dtype=None)",
      "log_softmax(Dimname dim, *, ScalarType? dtype=None)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).log_softmax(r.toInt64(0), r.scalartypeOptional(1)));
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_addmm) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "addmm(Scalar beta, Scalar alpha, Tensor mat1, Tensor mat2)|deprecated",
      "addmm(Scalar beta, Tensor mat1, Tensor mat2)|deprecated",
      "addmm(Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)",
  });
  ParsedArgs<4> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.addmm(r.tensor(2), r.tensor(3), r.scalar(0), r.scalar(1)));
  if (r.idx == 1) return wrap(self.addmm(r.tensor(1), r.tensor(2), r.scalar(0)));
  return wrap(self.addmm(r.tensor(0), r.tensor(1), r.scalar(2), r.scalar(3)));
  EMBER_PY_CATCH(nullptr)
}

// ---- reductions
// ----------------------------------------------------------------------------------

EMBER_METHOD(m_sum) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "sum(*, ScalarType? dtype=None)",
      "sum(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)",
      "sum(DimnameList[1] dim, bool keepdim=False, *, ScalarType? dtype=None)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.sum(r.scalartypeOptional(0)));
  if (r.idx == 2) r.check_unsupported(0);
  if (r.isNone(0)) return wrap(self.sum(IntArrayRef{}, r.toBool(1), r.scalartypeOptional(2)));
  return wrap(self.sum(r.intlist(0), r.toBool(1), r.scalartypeOptional(2)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_mean) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "mean(*, ScalarType? dtype=None)",
      "mean(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)",
      "mean(DimnameList[1] dim, bool keepdim=False, *, ScalarType? dtype=None)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.mean(r.scalartypeOptional(0)));
  if (r.idx == 2) r.check_unsupported(0);
  if (r.isNone(0)) return wrap(self.mean(IntArrayRef{}, r.toBool(1), r.scalartypeOptional(2)));
  return wrap(self.mean(r.intlist(0), r.toBool(1), r.scalartypeOptional(2)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_prod) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "prod(*, ScalarType? dtype=None)",
      "prod(int64_t dim, bool keepdim=False, *, ScalarType? dtype=None)",
      "prod(Dimname dim, bool keepdim=False, *, ScalarType? dtype=None)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.prod(r.scalartypeOptional(0)));
  if (r.idx == 2) r.check_unsupported(0);
  return wrap(self.prod(r.toInt64(0), r.toBool(1), r.scalartypeOptional(2)));
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_MINMAX(fn, pairwise)                               \
  EMBER_METHOD(m_##fn) {                                         \
    EMBER_PY_TRY                                                 \
    static PythonArgParser parser({                              \
        #fn "()",                                                \
        #fn "(Tensor other)",                                    \
        #fn "(int64_t dim, bool keepdim=False)",                 \
        #fn "(Dimname dim, bool keepdim=False)",                 \
    });                                                          \
    ParsedArgs<2> p;                                             \
    auto r = parser.parse(self_, args, kwargs, p);               \
    const Tensor& self = unpack(self_);                          \
    if (r.idx == 0) return wrap(self.fn());                      \
    if (r.idx == 1) return wrap(self.pairwise(r.tensor(0)));     \
    if (r.idx == 3) r.check_unsupported(0);                      \
    auto [values, indices] = self.fn(r.toInt64(0), r.toBool(1)); \
    return return_tuple(#fn, values, indices);                   \
    EMBER_PY_CATCH(nullptr)                                      \
  }
EMBER_MINMAX(max, maximum)
EMBER_MINMAX(min, minimum)
#undef EMBER_MINMAX

#define EMBER_AMINMAX(fn)                                                                 \
  EMBER_METHOD(m_##fn) {                                                                  \
    EMBER_PY_TRY                                                                          \
    static PythonArgParser parser({#fn "(IntArrayRef[1] dim=None, bool keepdim=False)"}); \
    ParsedArgs<2> p;                                                                      \
    auto r = parser.parse(self_, args, kwargs, p);                                        \
    return wrap(unpack(self_).fn(r.intlist(0), r.toBool(1)));                             \
    EMBER_PY_CATCH(nullptr)                                                               \
  }
EMBER_AMINMAX(amax)
EMBER_AMINMAX(amin)
#undef EMBER_AMINMAX

#define EMBER_ARGMINMAX(fn)                                                         \
  EMBER_METHOD(m_##fn) {                                                            \
    EMBER_PY_TRY                                                                    \
    static PythonArgParser parser({#fn "(int64_t? dim=None, bool keepdim=False)"}); \
    ParsedArgs<2> p;                                                                \
    auto r = parser.parse(self_, args, kwargs, p);                                  \
    return wrap(unpack(self_).fn(r.toInt64Optional(0), r.toBool(1)));               \
    EMBER_PY_CATCH(nullptr)                                                         \
  }
EMBER_ARGMINMAX(argmax)
EMBER_ARGMINMAX(argmin)
#undef EMBER_ARGMINMAX

#define EMBER_STDVAR(fn)                                                                  \
  EMBER_METHOD(m_##fn) {                                                                  \
    EMBER_PY_TRY                                                                          \
    static PythonArgParser parser({                                                       \
        #fn "(IntArrayRef[1]? dim, *, int64_t? correction, bool keepdim=False)",          \
        #fn "(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)",              \
        #fn "(bool unbiased=True)",                                                       \
        #fn "(DimnameList[1] dim, *, int64_t? correction, bool keepdim=False)",           \
        #fn "(DimnameList[1] dim, bool unbiased=True, bool keepdim=False)",               \
    });                                                                                   \
    ParsedArgs<3> p;                                                                      \
    auto r = parser.parse(self_, args, kwargs, p);                                        \
    const Tensor& self = unpack(self_);                                                   \
    switch (r.idx) {                                                                      \
      case 0: {                                                                           \
        auto dims = r.intlistOptional(0);                                                 \
        std::optional<IntArrayRef> d;                                                     \
        if (dims) d = IntArrayRef(*dims);                                                 \
        return wrap(self.fn(d, r.toInt64Optional(1), r.toBool(2)));                       \
      }                                                                                   \
      case 1: {                                                                           \
        if (r.isNone(0)) {                                                                \
          return wrap(self.fn(std::optional<IntArrayRef>(),                               \
                              std::optional<int64_t>(r.toBool(1) ? 1 : 0), r.toBool(2))); \
        }                                                                                 \
        return wrap(self.fn(r.intlist(0), r.toBool(1), r.toBool(2)));                     \
      }                                                                                   \
      case 2:                                                                             \
        return wrap(self.fn(r.toBool(0)));                                                \
      default:                                                                            \
        r.check_unsupported(0);                                                           \
        Py_RETURN_NONE;                                                                   \
    }                                                                                     \
    EMBER_PY_CATCH(nullptr)                                                               \
  }
EMBER_STDVAR(std)
EMBER_STDVAR(var)
#undef EMBER_STDVAR

EMBER_METHOD(m_norm) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "norm(Scalar p=2)",
      "norm(Scalar? p, *, ScalarType dtype)",
      "norm(Scalar? p, IntArrayRef[1] dim, bool keepdim, *, ScalarType dtype)",
      "norm(Scalar? p, IntArrayRef[1] dim, bool keepdim=False)",
      "norm(Scalar? p, DimnameList[1] dim, bool keepdim, *, ScalarType dtype)",
      "norm(Scalar? p, DimnameList[1] dim, bool keepdim=False)",
  });
  ParsedArgs<4> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  switch (r.idx) {
    case 0:
      return wrap(self.norm(r.scalar(0)));
    case 1:
      return wrap(self.to(r.scalartype(1)).norm(r.scalarOptional(0).value_or(Scalar(2))));
    case 2:
      return wrap(self.to(r.scalartype(3)).norm(r.scalarOptional(0), r.intlist(1), r.toBool(2)));
    case 3:
      return wrap(self.norm(r.scalarOptional(0), r.intlist(1), r.toBool(2)));
    default:
      r.check_unsupported(1);
      Py_RETURN_NONE;
  }
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_logsumexp) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "logsumexp(IntArrayRef[1] dim, bool keepdim=False)",
      "logsumexp(DimnameList[1] dim, bool keepdim=False)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).logsumexp(r.intlist(0), r.toBool(1)));
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_SCAN(fn)                                                    \
  EMBER_METHOD(m_##fn) {                                                  \
    EMBER_PY_TRY                                                          \
    static PythonArgParser parser({                                       \
        #fn "(int64_t dim, *, ScalarType? dtype=None)",                   \
        #fn "(Dimname dim, *, ScalarType? dtype=None)",                   \
    });                                                                   \
    ParsedArgs<2> p;                                                      \
    auto r = parser.parse(self_, args, kwargs, p);                        \
    if (r.idx == 1) r.check_unsupported(0);                               \
    return wrap(unpack(self_).fn(r.toInt64(0), r.scalartypeOptional(1))); \
    EMBER_PY_CATCH(nullptr)                                               \
  }
EMBER_SCAN(cumsum)
EMBER_SCAN(cumprod)
#undef EMBER_SCAN

#define EMBER_ALLANY(fn)                             \
  EMBER_METHOD(m_##fn) {                             \
    EMBER_PY_TRY                                     \
    static PythonArgParser parser({                  \
        #fn "()",                                    \
        #fn "(int64_t dim, bool keepdim=False)",     \
        #fn "(Dimname dim, bool keepdim=False)",     \
    });                                              \
    ParsedArgs<2> p;                                 \
    auto r = parser.parse(self_, args, kwargs, p);   \
    const Tensor& self = unpack(self_);              \
    if (r.idx == 0) return wrap(self.fn());          \
    if (r.idx == 2) r.check_unsupported(0);          \
    return wrap(self.fn(r.toInt64(0), r.toBool(1))); \
    EMBER_PY_CATCH(nullptr)                          \
  }
EMBER_ALLANY(all)
EMBER_ALLANY(any)
#undef EMBER_ALLANY

EMBER_METHOD(m_sort) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "sort(*, bool? stable, int64_t dim=-1, bool descending=False)",
      "sort(int64_t dim=-1, bool descending=False)",
      "sort(*, bool? stable, Dimname dim, bool descending=False)",
      "sort(Dimname dim, bool descending=False)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) {
    auto [v, i] = sort(self, r.toBoolOptional(0), r.toInt64(1), r.toBool(2));
    return return_tuple("sort", v, i);
  }
  if (r.idx == 1) {
    auto [v, i] = self.sort(r.toInt64(0), r.toBool(1));
    return return_tuple("sort", v, i);
  }
  r.check_unsupported(r.idx == 2 ? 1 : 0);
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_topk) {
  EMBER_PY_TRY
  static PythonArgParser parser(
      {"topk(int64_t k, int64_t dim=-1, bool largest=True, bool sorted=True)"});
  ParsedArgs<4> p;
  auto r = parser.parse(self_, args, kwargs, p);
  auto [v, i] = unpack(self_).topk(r.toInt64(0), r.toInt64(1), r.toBool(2), r.toBool(3));
  return return_tuple("topk", v, i);
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_allclose) {
  EMBER_PY_TRY
  static PythonArgParser parser(
      {"allclose(Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)"});
  ParsedArgs<4> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return PyBool_FromLong(
      unpack(self_).allclose(r.tensor(0), r.toDouble(1), r.toDouble(2), r.toBool(3)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_equal) {
  EMBER_PY_TRY
  static PythonArgParser parser({"equal(Tensor other)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return PyBool_FromLong(unpack(self_).equal(r.tensor(0)));
  EMBER_PY_CATCH(nullptr)
}

// ---- shapes and views
// ----------------------------------------------------------------------------

EMBER_METHOD(m_view) {
  EMBER_PY_TRY
  static PythonArgParser parser({"view(ScalarType dtype)", "view(SymIntArrayRef size)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 0) {
    const Tensor& self = unpack(self_);
    EMBER_CHECK(r.scalartype(0) == self.scalar_type(),
                "ember does not support view(dtype) to a different dtype");
    return wrap(self.view(self.sizes()));
  }
  return wrap(unpack(self_).view(r.intlist(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_reshape) {
  EMBER_PY_TRY
  static PythonArgParser parser({"reshape(SymIntArrayRef shape)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).reshape(r.intlist(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_flatten) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "flatten(int64_t start_dim, int64_t end_dim, Dimname out_dim)",
      "flatten(int64_t start_dim=0, int64_t end_dim=-1)",
      "flatten(Dimname start_dim, Dimname end_dim, Dimname out_dim)",
      "flatten(DimnameList dims, Dimname out_dim)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx != 1) r.check_unsupported(r.idx == 3 ? 0 : 2);
  return wrap(unpack(self_).flatten(r.toInt64(0), r.toInt64(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_unflatten) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "unflatten(Dimname dim, IntArrayRef sizes, DimnameList names)",
      "unflatten(int64_t dim, IntArrayRef sizes)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 0) r.check_unsupported(0);
  return wrap(unpack(self_).unflatten(r.toInt64(0), r.intlist(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_squeeze) {
  EMBER_PY_TRY
  static PythonArgParser parser({"squeeze()", "squeeze(int64_t dim)", "squeeze(Dimname dim)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.squeeze());
  if (r.idx == 2) r.check_unsupported(0);
  return wrap(self.squeeze(r.toInt64(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_unsqueeze) {
  EMBER_PY_TRY
  static PythonArgParser parser({"unsqueeze(int64_t dim)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).unsqueeze(r.toInt64(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_permute) {
  EMBER_PY_TRY
  static PythonArgParser parser({"permute(IntArrayRef dims)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).permute(r.intlist(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_expand) {
  EMBER_PY_TRY
  static PythonArgParser parser({"expand(SymIntArrayRef size, *, bool implicit=False)"});
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).expand(r.intlist(0), r.toBool(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_repeat) {
  EMBER_PY_TRY
  static PythonArgParser parser({"repeat(SymIntArrayRef repeats)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).repeat(r.intlist(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_flip) {
  EMBER_PY_TRY
  static PythonArgParser parser({"flip(IntArrayRef dims)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).flip(r.intlist(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_roll) {
  EMBER_PY_TRY
  static PythonArgParser parser({"roll(IntArrayRef[1] shifts, IntArrayRef[1] dims=None)"});
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).roll(r.intlist(0), r.intlist(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_transpose) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "transpose(int64_t dim0, int64_t dim1)",
      "transpose(Dimname dim0, Dimname dim1)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).transpose(r.toInt64(0), r.toInt64(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_swapaxes) {
  EMBER_PY_TRY
  static PythonArgParser parser({"swapaxes(int64_t axis0, int64_t axis1)"});
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).transpose(r.toInt64(0), r.toInt64(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_select) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "select(int64_t dim, int64_t index)",
      "select(Dimname dim, int64_t index)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).select(r.toInt64(0), r.toInt64(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_narrow) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "narrow(int64_t dim, Tensor start, int64_t length)",
      "narrow(int64_t dim, int64_t start, int64_t length)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const int64_t start = r.idx == 0 ? r.tensor(1).item<int64_t>() : r.toInt64(1);
  return wrap(unpack(self_).narrow(r.toInt64(0), start, r.toInt64(2)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_unbind) {
  EMBER_PY_TRY
  static PythonArgParser parser({"unbind(int64_t dim=0)", "unbind(Dimname dim)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).unbind(r.toInt64(0)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_chunk) {
  EMBER_PY_TRY
  static PythonArgParser parser({"chunk(int64_t chunks, int64_t dim=0)"});
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).chunk(r.toInt64(0), r.toInt64(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_split) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "split(int64_t split_size, int64_t dim=0)",
      "split(IntArrayRef split_size, int64_t dim=0)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.split(r.toInt64(0), r.toInt64(1)));
  return wrap(self.split(IntArrayRef(r.intlist(0)), r.toInt64(1)));
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_DIAGONAL_ARG(fn)                                   \
  EMBER_METHOD(m_##fn) {                                         \
    EMBER_PY_TRY                                                 \
    static PythonArgParser parser({#fn "(int64_t diagonal=0)"}); \
    ParsedArgs<1> p;                                             \
    auto r = parser.parse(self_, args, kwargs, p);               \
    return wrap(unpack(self_).fn(r.toInt64(0)));                 \
    EMBER_PY_CATCH(nullptr)                                      \
  }
EMBER_DIAGONAL_ARG(tril)
EMBER_DIAGONAL_ARG(triu)
EMBER_DIAGONAL_ARG(diag)
#undef EMBER_DIAGONAL_ARG

EMBER_METHOD(m_as_strided) {
  EMBER_PY_TRY
  static PythonArgParser parser(
      {"as_strided(SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)"});
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).as_strided(r.intlist(0), r.intlist(1), r.toInt64Optional(2)));
  EMBER_PY_CATCH(nullptr)
}

// ---- indexing functions
// --------------------------------------------------------------------------

EMBER_METHOD(m_gather) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "gather(int64_t dim, Tensor index, *, bool sparse_grad=False)",
      "gather(Dimname dim, Tensor index, *, bool sparse_grad=False)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).gather(r.toInt64(0), r.tensor(1)));
  EMBER_PY_CATCH(nullptr)
}

// scatter / scatter_: reduce= is not implemented by ember.
#define EMBER_SCATTER_SIGNATURES(fn)                                               \
#fn "(int64_t dim, Tensor index, Tensor src)",                                   \
      #fn "(int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce)",   \
      #fn "(Dimname dim, Tensor index, Tensor src)",                               \
      #fn "(int64_t dim, Tensor index, Scalar value)",                             \
      #fn "(int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce)", \
      #fn "(Dimname dim, Tensor index, Scalar value)"
EMBER_METHOD(m_scatter) {
  EMBER_PY_TRY
  static PythonArgParser parser({EMBER_SCATTER_SIGNATURES(scatter)});
  ParsedArgs<4> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 1 || r.idx == 4) r.check_unsupported(3);
  if (r.idx == 2 || r.idx == 5) r.check_unsupported(0);
  if (r.idx <= 2) return wrap(self.scatter(r.toInt64(0), r.tensor(1), r.tensor(2)));
  return wrap(self.scatter(r.toInt64(0), r.tensor(1), r.scalar(2)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_scatter_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "scatter_(int64_t dim, Tensor index, Tensor src)",
      "scatter_(int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce)",
      "scatter_(int64_t dim, Tensor index, Scalar value)",
      "scatter_(int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce)",
  });
  ParsedArgs<4> p;
  auto r = parser.parse(self_, args, kwargs, p);
  Tensor& self = unpack_mutable(self_);
  if (r.idx == 1 || r.idx == 3) r.check_unsupported(3);
  if (r.idx <= 1) {
    self.scatter_(r.toInt64(0), r.tensor(1), r.tensor(2));
  } else {
    self.scatter_(r.toInt64(0), r.tensor(1), r.scalar(2));
  }
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
#undef EMBER_SCATTER_SIGNATURES

EMBER_METHOD(m_index_select) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "index_select(int64_t dim, Tensor index)",
      "index_select(Dimname dim, Tensor index)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  if (r.idx == 1) r.check_unsupported(0);
  return wrap(unpack(self_).index_select(r.toInt64(0), r.tensor(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_masked_fill) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "masked_fill(Tensor mask, Tensor value)",
      "masked_fill(Tensor mask, Scalar value)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return wrap(self.masked_fill(r.tensor(0), r.tensor(1)));
  return wrap(self.masked_fill(r.tensor(0), r.scalar(1)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_masked_fill_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "masked_fill_(Tensor mask, Tensor value)",
      "masked_fill_(Tensor mask, Scalar value)",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  Tensor& self = unpack_mutable(self_);
  if (r.idx == 0) {
    self.masked_fill_(r.tensor(0), r.tensor(1));
  } else {
    self.masked_fill_(r.tensor(0), r.scalar(1));
  }
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_nonzero) {
  EMBER_PY_TRY
  static PythonArgParser parser({"nonzero()", "nonzero(*, bool as_tuple)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  Tensor nz = self.nonzero();
  if (r.idx == 1 && r.toBool(0)) {
    // as_tuple: one index tensor per dimension (a 0-d tensor counts as 1-d).
    if (self.dim() == 0) return wrap(std::vector<Tensor>{nz.select(1, 0)});
    return wrap(nz.unbind(1));
  }
  return wrap(nz);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_index_put_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "index_put_(c10::List<c10::optional<Tensor>> indices, Tensor values, bool accumulate=False)",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  EMBER_CHECK(!r.toBool(2), "index_put_: accumulate=True is not supported by ember");
  std::vector<indexing::TensorIndex> idx;
  for (const Tensor& t : r.tensorlist(0)) idx.emplace_back(t);
  unpack_mutable(self_).index_put_(ArrayRef<indexing::TensorIndex>(idx), r.tensor(1));
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}

// ---- copies, conversions
// -------------------------------------------------------------------------

EMBER_METHOD(m_to) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "to(Device device=None, ScalarType dtype=None, bool non_blocking=False, bool copy=False, *, "
      "MemoryFormat? memory_format=None)",
      "to(ScalarType dtype, bool non_blocking=False, bool copy=False, *, MemoryFormat? "
      "memory_format=None)",
      "to(Tensor tensor, bool non_blocking=False, bool copy=False, *, MemoryFormat? "
      "memory_format=None)",
  });
  ParsedArgs<5> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  Tensor result;
  if (r.idx == 0) {
    r.check_memory_format(4);
    TensorOptions o;
    if (r.has(0)) o = o.device(r.device(0));
    if (r.has(1)) o = o.dtype(r.scalartype(1));
    result = self.to(o, r.toBool(2), r.toBool(3));
  } else if (r.idx == 1) {
    r.check_memory_format(3);
    result = self.to(r.scalartype(0), r.toBool(1), r.toBool(2));
  } else {
    r.check_memory_format(3);
    result = self.to(r.tensor(0), r.toBool(1), r.toBool(2));
  }
  return wrap(std::move(result));
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_CAST(fn, dtype)                                                     \
  EMBER_METHOD(m_##fn) {                                                          \
    EMBER_PY_TRY                                                                  \
    static PythonArgParser parser({#fn "(*, MemoryFormat? memory_format=None)"}); \
    ParsedArgs<1> p;                                                              \
    auto r = parser.parse(self_, args, kwargs, p);                                \
    r.check_memory_format(0);                                                     \
    return wrap(unpack(self_).to(dtype));                                         \
    EMBER_PY_CATCH(nullptr)                                                       \
  }
EMBER_CAST(float, kFloat)
EMBER_CAST(double, kDouble)
EMBER_CAST(half, kHalf)
EMBER_CAST(bfloat16, kBFloat16)
EMBER_CAST(long, kLong)
EMBER_CAST(int, kInt)
EMBER_CAST(short, kShort)
EMBER_CAST(char, kChar)
EMBER_CAST(byte, kByte)
EMBER_CAST(bool, kBool)
#undef EMBER_CAST

EMBER_METHOD(m_clone) {
  EMBER_PY_TRY
  static PythonArgParser parser({"clone(*, MemoryFormat? memory_format=None)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  r.check_memory_format(0);
  return wrap(unpack(self_).clone());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_contiguous) {
  EMBER_PY_TRY
  static PythonArgParser parser({"contiguous(*, MemoryFormat memory_format=contiguous_format)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  r.check_memory_format(0);
  return wrap(unpack(self_).contiguous());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_is_contiguous) {
  EMBER_PY_TRY
  static PythonArgParser parser({"is_contiguous(*, MemoryFormat memory_format=contiguous_format)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  r.check_memory_format(0);
  return PyBool_FromLong(unpack(self_).is_contiguous());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_fill_) {
  EMBER_PY_TRY
  static PythonArgParser parser({"fill_(Tensor value)", "fill_(Scalar value)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  Tensor& self = unpack_mutable(self_);
  if (r.idx == 0) {
    const Tensor v = r.tensor(0);
    EMBER_CHECK(v.dim() == 0, "fill_ only supports 0-dimension value tensor but got tensor with ",
                v.dim(), " dimensions.");
    self.fill_(v.item());
  } else {
    self.fill_(r.scalar(0));
  }
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_copy_) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "copy_(Tensor other, bool non_blocking=False)",
      "copy_(Tensor other, bool async=False)|deprecated",
  });
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  unpack_mutable(self_).copy_(r.tensor(0), r.toBool(1));
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_requires_grad_) {
  EMBER_PY_TRY
  static PythonArgParser parser({"requires_grad_(bool requires_grad=True)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  unpack_mutable(self_).requires_grad_(r.toBool(0));
  return return_self(self_);
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_nan_to_num) {
  EMBER_PY_TRY
  static PythonArgParser parser(
      {"nan_to_num(double? nan=None, double? posinf=None, double? neginf=None)"});
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(unpack(self_).nan_to_num(r.toDoubleOptional(0), r.toDoubleOptional(1),
                                       r.toDoubleOptional(2)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_round) {
  EMBER_PY_TRY
  static PythonArgParser parser({"round()", "round(*, int64_t decimals)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  EMBER_CHECK(r.idx == 0 || r.toInt64(0) == 0, "round(decimals=...) is not supported by ember");
  return wrap(unpack(self_).round());
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_where) {
  EMBER_PY_TRY
  static PythonArgParser parser({"where(Tensor condition, Tensor other)"});
  ParsedArgs<2> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(where(r.tensor(0), unpack(self_), r.tensor(1)));
  EMBER_PY_CATCH(nullptr)
}

// new_*: the dtype and device default to self's.
TensorOptions new_options(const Tensor& self, const PythonArgs& r, int dtype) {
  TensorOptions o = TensorOptions().dtype(self.scalar_type()).device(self.device());
  if (r.has(dtype)) o = o.dtype(r.scalartype(dtype));
  if (r.has(dtype + 2)) o = o.device(r.device(dtype + 2));
  r.check_layout(dtype + 1);
  r.check_pin_memory(dtype + 3);
  return o.requires_grad(r.toBool(dtype + 4));
}

#define EMBER_NEW_SHAPED(fn, factory)                                                         \
  EMBER_METHOD(m_##fn) {                                                                      \
    EMBER_PY_TRY                                                                              \
    static PythonArgParser parser(                                                            \
        {#fn "(SymIntArrayRef size, *, ScalarType? dtype=None, Layout? layout=None, Device? " \
             "device=None, bool? pin_memory=False, bool? requires_grad=False)"});             \
    ParsedArgs<6> p;                                                                          \
    auto r = parser.parse(self_, args, kwargs, p);                                            \
    return wrap(factory(r.intlist(0), new_options(unpack(self_), r, 1)));                     \
    EMBER_PY_CATCH(nullptr)                                                                   \
  }
EMBER_NEW_SHAPED(new_zeros, zeros)
EMBER_NEW_SHAPED(new_ones, ones)
EMBER_NEW_SHAPED(new_empty, empty)
#undef EMBER_NEW_SHAPED

EMBER_METHOD(m_new_full) {
  EMBER_PY_TRY
  static PythonArgParser parser(
      {"new_full(SymIntArrayRef size, Scalar fill_value, *, ScalarType? dtype=None, Layout? "
       "layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)"});
  ParsedArgs<7> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return wrap(full(r.intlist(0), r.scalar(1), new_options(unpack(self_), r, 2)));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_new_tensor) {
  EMBER_PY_TRY
  static PythonArgParser parser(
      {"new_tensor(PyObject* data, *, ScalarType dtype=None, Device? "
       "device=None, bool requires_grad=False)"});
  ParsedArgs<4> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  const ScalarType dt = r.has(1) ? r.scalartype(1) : self.scalar_type();
  return wrap(tensor_from_data(r.pyobject(0), dt, r.deviceOptional(2), r.toBool(3), true, false,
                               "new_tensor"));
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_size) {
  EMBER_PY_TRY
  static PythonArgParser parser({"size(int64_t dim)", "size()", "size(Dimname dim)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return PyLong_FromLongLong(self.size(r.toInt64(0)));
  if (r.idx == 1) return make_size(self.sizes());
  r.check_unsupported(0);
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_stride) {
  EMBER_PY_TRY
  static PythonArgParser parser({"stride(int64_t dim)", "stride()", "stride(Dimname dim)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (r.idx == 0) return PyLong_FromLongLong(self.stride(r.toInt64(0)));
  if (r.idx == 1) {
    py::tuple strides(self.dim());
    for (int64_t i = 0; i < self.dim(); ++i) strides[i] = py::int_(self.strides()[i]);
    return strides.release().ptr();
  }
  r.check_unsupported(0);
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}

// t.type(): "ember.FloatTensor"; t.type(dtype or type name): a conversion.
EMBER_METHOD(m_type) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "type(PyObject* dtype=None, bool non_blocking=False, *, MemoryFormat? memory_format=None)",
      "type(PyObject* dtype=None, bool async=False, *, MemoryFormat? "
      "memory_format=None)|deprecated",
  });
  ParsedArgs<3> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  if (!r.has(0)) {
    return PyUnicode_FromString(legacy_name(self.scalar_type()).c_str());
  }
  PyObject* obj = r.args[0];
  if (is_dtype(obj)) return wrap(self.to(reinterpret_cast<PyDtype*>(obj)->scalar_type));
  std::string name;
  if (PyUnicode_Check(obj)) {
    name = PyUnicode_AsUTF8(obj);
  } else if (PyType_Check(obj)) {
    name = reinterpret_cast<PyTypeObject*>(obj)->tp_name;
  } else {
    type_error("dtype must be a type, str, or dtype object");
  }
  for (ScalarType t :
       {kBool, kByte, kChar, kShort, kInt, kLong, kHalf, kBFloat16, kFloat, kDouble}) {
    std::string legacy = legacy_type_name(t);
    std::string suffix = legacy.substr(legacy.find('.') + 1);
    if (name == legacy || name == "ember." + suffix || name == suffix) return wrap(self.to(t));
  }
  value_error("invalid type: '", name, "'");
  EMBER_PY_CATCH(nullptr)
}

EMBER_METHOD(m_numpy) {
  EMBER_PY_TRY
  static PythonArgParser parser({"numpy(*, bool force=False)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  return tensor_to_numpy(unpack(self_), r.toBool(0));
  EMBER_PY_CATCH(nullptr)
}

// Hooks: the Python side (Tensor.register_hook) keeps the handle; the C++ hook (PyHook, common.h)
// calls fn(grad).
EMBER_METHOD(m_register_hook) {
  EMBER_PY_TRY
  static PythonArgParser parser({"_register_hook(PyObject* hook)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  const Tensor& self = unpack(self_);
  EMBER_CHECK(self.requires_grad(),
              "cannot register a hook on a tensor that doesn't require gradient");
  return PyLong_FromUnsignedLong(self.register_hook(PyHook(r.args[0])));
  EMBER_PY_CATCH(nullptr)
}
EMBER_METHOD(m_remove_hook) {
  EMBER_PY_TRY
  static PythonArgParser parser({"_remove_hook(int64_t id)"});
  ParsedArgs<1> p;
  auto r = parser.parse(self_, args, kwargs, p);
  unpack(self_).remove_hook(static_cast<unsigned>(r.toInt64(0)));
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}

#define EMBER_KW(name, doc) \
  { #name, fn_cast(m_##name), METH_VARARGS | METH_KEYWORDS, doc }
#define EMBER_NOARGS(name, doc) \
  { #name, m_##name, METH_NOARGS, doc }

PyMethodDef methods[] = {
#include "method_defs.inc"
    // element-wise, unary
    EMBER_NOARGS(positive, "positive() -> Tensor\n\nReturns self (bool tensors are refused)."),
    EMBER_NOARGS(relu, "relu() -> Tensor\n\nmax(x, 0) for each element."),
    EMBER_NOARGS(relu_, "relu_() -> Tensor\n\nIn-place relu()."),
    EMBER_NOARGS(square, "square() -> Tensor\n\nx * x for each element."),
    EMBER_NOARGS(isnan, "isnan() -> Tensor\n\nWhich elements are NaN (a bool tensor)."),
    EMBER_NOARGS(isinf, "isinf() -> Tensor\n\nWhich elements are infinite."),
    EMBER_NOARGS(isfinite, "isfinite() -> Tensor\n\nWhich elements are finite."),
    EMBER_NOARGS(logical_not, "logical_not() -> Tensor\n\nElement-wise logical NOT."),
    EMBER_NOARGS(bitwise_not, "bitwise_not() -> Tensor\n\nElement-wise bitwise NOT."),
    // element-wise, binary
    EMBER_KW(add, "add(other, *, alpha=1) -> Tensor\n\nself + alpha * other (broadcasting)."),
    EMBER_KW(add_, "add_(other, *, alpha=1) -> Tensor\n\nIn-place add()."),
    EMBER_KW(sub, "sub(other, *, alpha=1) -> Tensor\n\nself - alpha * other (broadcasting)."),
    EMBER_KW(sub_, "sub_(other, *, alpha=1) -> Tensor\n\nIn-place sub()."),
    EMBER_KW(mul, "mul(other) -> Tensor\n\nElement-wise product (broadcasting)."),
    EMBER_KW(multiply, "Alias of mul()."),
    EMBER_KW(mul_, "mul_(other) -> Tensor\n\nIn-place mul()."),
    EMBER_KW(div,
             "div(other, *, rounding_mode=None) -> Tensor\n\nElement-wise division; "
             "rounding_mode 'trunc' or 'floor' rounds the quotient."),
    EMBER_KW(divide, "Alias of div()."),
    EMBER_KW(div_, "div_(other, *, rounding_mode=None) -> Tensor\n\nIn-place div()."),
    EMBER_KW(true_divide, "true_divide(other) -> Tensor\n\nDivision without rounding."),
    EMBER_KW(floor_divide, "floor_divide(other) -> Tensor\n\nDivision rounded down."),
    EMBER_KW(floor_divide_, "In-place floor_divide()."),
    EMBER_KW(remainder,
             "remainder(other) -> Tensor\n\nPython's modulus (the sign of the divisor)."),
    EMBER_KW(fmod, "fmod(other) -> Tensor\n\nC's fmod (the sign of the dividend)."),
    EMBER_KW(pow, "pow(exponent) -> Tensor\n\nself to the power exponent, element-wise."),
    EMBER_KW(pow_, "In-place pow()."),
    EMBER_KW(maximum, "maximum(other) -> Tensor\n\nElement-wise maximum."),
    EMBER_KW(minimum, "minimum(other) -> Tensor\n\nElement-wise minimum."),
    EMBER_KW(atan2, "atan2(other) -> Tensor\n\nElement-wise atan2(self, other)."),
    EMBER_KW(eq, "eq(other) -> Tensor\n\nElement-wise ==."),
    EMBER_KW(ne, "ne(other) -> Tensor\n\nElement-wise !=."),
    EMBER_KW(lt, "lt(other) -> Tensor\n\nElement-wise <."),
    EMBER_KW(le, "le(other) -> Tensor\n\nElement-wise <=."),
    EMBER_KW(gt, "gt(other) -> Tensor\n\nElement-wise >."),
    EMBER_KW(ge, "ge(other) -> Tensor\n\nElement-wise >=."),
    EMBER_KW(logical_and, "logical_and(other) -> Tensor\n\nElement-wise logical AND."),
    EMBER_KW(logical_or, "logical_or(other) -> Tensor\n\nElement-wise logical OR."),
    EMBER_KW(logical_xor, "logical_xor(other) -> Tensor\n\nElement-wise logical XOR."),
    EMBER_KW(bitwise_and, "bitwise_and(other) -> Tensor\n\nElement-wise bitwise AND."),
    EMBER_KW(bitwise_and_, "In-place bitwise_and()."),
    EMBER_KW(bitwise_or, "bitwise_or(other) -> Tensor\n\nElement-wise bitwise OR."),
    EMBER_KW(bitwise_or_, "In-place bitwise_or()."),
    EMBER_KW(bitwise_xor, "bitwise_xor(other) -> Tensor\n\nElement-wise bitwise XOR."),
    EMBER_KW(bitwise_xor_, "In-place bitwise_xor()."),
    EMBER_KW(clamp, "clamp(min=None, max=None) -> Tensor\n\nEach element limited to [min, max]."),
    EMBER_KW(clip, "Alias of clamp()."),
    EMBER_KW(clamp_, "In-place clamp()."),
    EMBER_KW(clamp_min, "clamp_min(min) -> Tensor"),
    EMBER_KW(clamp_max, "clamp_max(max) -> Tensor"),
    EMBER_KW(lerp, "lerp(end, weight) -> Tensor\n\nself + weight * (end - self)."),
    EMBER_KW(softmax, "softmax(dim, dtype=None) -> Tensor"),
    EMBER_KW(log_softmax, "log_softmax(dim, dtype=None) -> Tensor"),
    EMBER_KW(nan_to_num, "nan_to_num(nan=0.0, posinf=None, neginf=None) -> Tensor"),
    EMBER_KW(round,
             "round() -> Tensor\n\nEach element rounded to the nearest integer (half to even)."),
    EMBER_KW(where,
             "where(condition, other) -> Tensor\n\nself where condition is True, else other."),
    // matrix products
    EMBER_KW(matmul,
             "matmul(other) -> Tensor\n\nMatrix product with PyTorch's rules (the @ operator)."),
    EMBER_KW(mm, "mm(mat2) -> Tensor\n\nProduct of two matrices."),
    EMBER_KW(bmm, "bmm(mat2) -> Tensor\n\nBatched matrix product of 3-D tensors."),
    EMBER_KW(mv, "mv(vec) -> Tensor\n\nMatrix-vector product."),
    EMBER_KW(dot, "dot(tensor) -> Tensor\n\nDot product of two 1-D tensors."),
    EMBER_KW(outer, "outer(vec2) -> Tensor\n\nOuter product of two 1-D tensors."),
    EMBER_KW(
        addmm,
        "addmm(mat1, mat2, *, beta=1, alpha=1) -> Tensor\n\nbeta * self + alpha * (mat1 @ mat2)."),
    // reductions
    EMBER_KW(sum,
             "sum(dim=None, keepdim=False, *, dtype=None) -> Tensor\n\nThe sum of the elements "
             "(over dim)."),
    EMBER_KW(mean,
             "mean(dim=None, keepdim=False, *, dtype=None) -> Tensor\n\nThe mean of the elements "
             "(over dim)."),
    EMBER_KW(prod,
             "prod(dim, keepdim=False, *, dtype=None) -> Tensor\n\nThe product of the elements."),
    EMBER_KW(max,
             "max() / max(dim, keepdim=False) / max(other)\n\nThe maximum; with dim, "
             "(values, indices)."),
    EMBER_KW(min,
             "min() / min(dim, keepdim=False) / min(other)\n\nThe minimum; with dim, "
             "(values, indices)."),
    EMBER_KW(amax, "amax(dim=(), keepdim=False) -> Tensor"),
    EMBER_KW(amin, "amin(dim=(), keepdim=False) -> Tensor"),
    EMBER_KW(argmax, "argmax(dim=None, keepdim=False) -> Tensor"),
    EMBER_KW(argmin, "argmin(dim=None, keepdim=False) -> Tensor"),
    EMBER_KW(std, "std(dim=None, unbiased=True, keepdim=False) -> Tensor"),
    EMBER_KW(var, "var(dim=None, unbiased=True, keepdim=False) -> Tensor"),
    EMBER_KW(norm, "norm(p=2, dim=None, keepdim=False) -> Tensor"),
    EMBER_KW(logsumexp, "logsumexp(dim, keepdim=False) -> Tensor"),
    EMBER_KW(cumsum, "cumsum(dim, *, dtype=None) -> Tensor"),
    EMBER_KW(cumprod, "cumprod(dim, *, dtype=None) -> Tensor"),
    EMBER_KW(all, "all(dim=None, keepdim=False) -> Tensor"),
    EMBER_KW(any, "any(dim=None, keepdim=False) -> Tensor"),
    EMBER_KW(sort, "sort(dim=-1, descending=False) -> (values, indices)"),
    EMBER_KW(topk, "topk(k, dim=-1, largest=True, sorted=True) -> (values, indices)"),
    EMBER_KW(allclose, "allclose(other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool"),
    EMBER_KW(equal, "equal(other) -> bool\n\nTrue if both have the same size and elements."),
    // shapes and views
    EMBER_KW(view, "view(*shape) -> Tensor\n\nThe same data with another shape (no copy)."),
    EMBER_KW(view_as, "view_as(other) -> Tensor"),
    EMBER_KW(reshape,
             "reshape(*shape) -> Tensor\n\nThe data with another shape (a view when possible)."),
    EMBER_KW(reshape_as, "reshape_as(other) -> Tensor"),
    EMBER_KW(flatten, "flatten(start_dim=0, end_dim=-1) -> Tensor"),
    EMBER_KW(unflatten, "unflatten(dim, sizes) -> Tensor"),
    EMBER_KW(squeeze, "squeeze(dim=None) -> Tensor\n\nRemoves dimensions of size 1."),
    EMBER_KW(unsqueeze, "unsqueeze(dim) -> Tensor\n\nInserts a dimension of size 1."),
    EMBER_KW(permute, "permute(*dims) -> Tensor\n\nThe dimensions reordered (a view)."),
    EMBER_KW(expand, "expand(*sizes) -> Tensor\n\nA broadcast view with the given sizes."),
    EMBER_KW(expand_as, "expand_as(other) -> Tensor"),
    EMBER_KW(repeat, "repeat(*repeats) -> Tensor\n\nThe tensor tiled along each dimension."),
    EMBER_KW(flip, "flip(dims) -> Tensor"),
    EMBER_KW(roll, "roll(shifts, dims=None) -> Tensor"),
    EMBER_KW(transpose, "transpose(dim0, dim1) -> Tensor"),
    EMBER_KW(swapaxes, "Alias of transpose()."),
    EMBER_NOARGS(t, "t() -> Tensor\n\nThe transpose of a tensor of at most 2 dimensions."),
    EMBER_KW(select, "select(dim, index) -> Tensor"),
    EMBER_KW(narrow, "narrow(dim, start, length) -> Tensor"),
    EMBER_KW(unbind, "unbind(dim=0) -> tuple of Tensors"),
    EMBER_KW(chunk, "chunk(chunks, dim=0) -> tuple of Tensors"),
    EMBER_KW(split, "split(split_size, dim=0) -> tuple of Tensors"),
    EMBER_KW(tril, "tril(diagonal=0) -> Tensor"),
    EMBER_KW(triu, "triu(diagonal=0) -> Tensor"),
    EMBER_KW(diag, "diag(diagonal=0) -> Tensor"),
    EMBER_KW(as_strided, "as_strided(size, stride, storage_offset=None) -> Tensor"),
    // indexing
    EMBER_KW(gather, "gather(dim, index) -> Tensor"),
    EMBER_KW(scatter, "scatter(dim, index, src) -> Tensor"),
    EMBER_KW(scatter_, "In-place scatter()."),
    EMBER_KW(index_select, "index_select(dim, index) -> Tensor"),
    EMBER_KW(masked_fill, "masked_fill(mask, value) -> Tensor"),
    EMBER_KW(masked_fill_, "In-place masked_fill()."),
    EMBER_KW(masked_select, "masked_select(mask) -> Tensor"),
    EMBER_KW(nonzero, "nonzero(*, as_tuple=False) -> Tensor"),
    EMBER_KW(index_put_, "index_put_(indices, values, accumulate=False) -> Tensor"),
    // copies and conversions
    EMBER_KW(to,
             "to(device=None, dtype=None, non_blocking=False, copy=False) -> Tensor\n\n"
             "The tensor converted to another dtype and/or device (self when nothing changes)."),
    EMBER_KW(float, "float() -> Tensor\n\nself.to(ember.float32)."),
    EMBER_KW(double, "double() -> Tensor\n\nself.to(ember.float64)."),
    EMBER_KW(half, "half() -> Tensor\n\nself.to(ember.float16)."),
    EMBER_KW(bfloat16, "bfloat16() -> Tensor\n\nself.to(ember.bfloat16)."),
    EMBER_KW(long, "long() -> Tensor\n\nself.to(ember.int64)."),
    EMBER_KW(int, "int() -> Tensor\n\nself.to(ember.int32)."),
    EMBER_KW(short, "short() -> Tensor\n\nself.to(ember.int16)."),
    EMBER_KW(char, "char() -> Tensor\n\nself.to(ember.int8)."),
    EMBER_KW(byte, "byte() -> Tensor\n\nself.to(ember.uint8)."),
    EMBER_KW(bool, "bool() -> Tensor\n\nself.to(ember.bool)."),
    EMBER_KW(type, "type(dtype=None) -> str or Tensor\n\nThe type name, or a conversion to dtype."),
    EMBER_KW(type_as, "type_as(other) -> Tensor\n\nself converted to other's dtype."),
    EMBER_NOARGS(cpu, "cpu() -> Tensor\n\nThe tensor on the CPU (self when already there)."),
    EMBER_NOARGS(cuda, "cuda() -> Tensor\n\nThe tensor on the GPU (not available in this build)."),
    EMBER_KW(clone, "clone() -> Tensor\n\nA copy with its own memory (recorded by autograd)."),
    EMBER_KW(contiguous, "contiguous() -> Tensor\n\nself if contiguous, else a contiguous copy."),
    EMBER_KW(is_contiguous, "is_contiguous() -> bool"),
    EMBER_KW(fill_, "fill_(value) -> Tensor\n\nFills self with value."),
    EMBER_NOARGS(zero_, "zero_() -> Tensor\n\nFills self with zeros."),
    EMBER_KW(copy_,
             "copy_(src, non_blocking=False) -> Tensor\n\nCopies src (broadcast) into self."),
    EMBER_KW(new_zeros,
             "new_zeros(size, *, dtype=None, device=None, requires_grad=False) -> Tensor"),
    EMBER_KW(new_ones, "new_ones(size, *, dtype=None, device=None, requires_grad=False) -> Tensor"),
    EMBER_KW(new_empty,
             "new_empty(size, *, dtype=None, device=None, requires_grad=False) -> Tensor"),
    EMBER_KW(
        new_full,
        "new_full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor"),
    EMBER_KW(new_tensor,
             "new_tensor(data, *, dtype=None, device=None, requires_grad=False) -> Tensor"),
    // attributes
    EMBER_NOARGS(dim, "dim() -> int\n\nThe number of dimensions."),
    {"ndimension", m_dim, METH_NOARGS, "Alias of dim()."},
    EMBER_NOARGS(numel, "numel() -> int\n\nThe number of elements."),
    {"nelement", m_numel, METH_NOARGS, "Alias of numel()."},
    EMBER_KW(size, "size(dim=None) -> ember.Size or int"),
    EMBER_KW(stride, "stride(dim=None) -> tuple or int"),
    EMBER_NOARGS(element_size, "element_size() -> int\n\nThe size of one element in bytes."),
    EMBER_NOARGS(storage_offset, "storage_offset() -> int"),
    EMBER_NOARGS(data_ptr, "data_ptr() -> int\n\nThe address of the first element."),
    EMBER_NOARGS(is_floating_point, "is_floating_point() -> bool"),
    EMBER_NOARGS(is_complex, "is_complex() -> bool (always False: ember has no complex dtypes)"),
    EMBER_NOARGS(is_signed, "is_signed() -> bool"),
    {"is_pinned", m_requires_grad_false, METH_NOARGS, "is_pinned() -> bool (always False)"},
    EMBER_NOARGS(item, "item() -> number\n\nThe value of a one-element tensor as a Python number."),
    EMBER_NOARGS(tolist, "tolist() -> list or number\n\nThe elements as (nested) Python lists."),
    EMBER_KW(numpy,
             "numpy(*, force=False) -> numpy.ndarray\n\nAn array sharing this tensor's memory."),
    // autograd
    EMBER_KW(requires_grad_, "requires_grad_(requires_grad=True) -> Tensor"),
    EMBER_NOARGS(detach, "detach() -> Tensor\n\nThe same data without autograd history."),
    EMBER_NOARGS(detach_, "detach_() -> Tensor\n\nDetaches self from the graph in place."),
    EMBER_NOARGS(retain_grad,
                 "retain_grad() -> None\n\nMakes backward fill .grad of this non-leaf tensor."),
    {"_register_hook", fn_cast(m_register_hook), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_remove_hook", fn_cast(m_remove_hook), METH_VARARGS | METH_KEYWORDS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

PyMethodDef* tensor_methods() { return methods; }

}  // namespace ember::python
