#include "ember/core/broadcast.h"

#include "ember/core/promote.h"

namespace ember {

DimVector infer_size(IntArrayRef a, IntArrayRef b) {
  const size_t na = a.size(), nb = b.size(), n = std::max(na, nb);
  DimVector out(n);
  // From the last dimension back, as PyTorch: the error names the first mismatch from the right.
  for (size_t i = n; i-- > 0;) {
    const int64_t da = i < n - na ? 1 : a[i - (n - na)];
    const int64_t db = i < n - nb ? 1 : b[i - (n - nb)];
    EMBER_CHECK(da == db || da == 1 || db == 1, "The size of tensor a (", da,
                ") must match the size of tensor b (", db, ") at non-singleton dimension ", i);
    out[i] = da == 1 ? db : da;
  }
  return out;
}

DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b) { return infer_size(a, b); }

DimVector broadcast_strides(IntArrayRef sizes, IntArrayRef strides, IntArrayRef target) {
  const size_t n = target.size(), k = sizes.size();
  DimVector out(n, 0);
  for (size_t i = 0; i < k; ++i) {
    const size_t d = n - k + i;
    if (sizes[i] == target[d]) out[d] = strides[i];
  }
  return out;
}

namespace {
ScalarType promote_skip_undefined(ScalarType a, ScalarType b) {
  if (a == ScalarType::Undefined) return b;
  if (b == ScalarType::Undefined) return a;
  return promote_types(a, b);
}

// `higher` wins unless `lower` is of a higher category.
ScalarType combine_categories(ScalarType higher, ScalarType lower) {
  if (is_floating_type(higher)) return higher;
  if (higher == kBool || is_floating_type(lower)) return promote_skip_undefined(higher, lower);
  return higher != ScalarType::Undefined ? higher : lower;
}
}  // namespace

void ResultTypeState::update(const Tensor& t) {
  // impl(): the element-wise ops ask for the result type first, so an undefined operand is
  // reported here (libtorch's message) rather than dereferenced.
  if (t.impl()->is_wrapped_number()) {
    const ScalarType w = is_floating_type(t.scalar_type()) ? get_default_dtype() : t.scalar_type();
    wrapped_ = promote_skip_undefined(wrapped_, w);
    return;
  }
  ScalarType& slot = t.dim() > 0 ? dim_ : zero_;
  slot = promote_skip_undefined(slot, t.scalar_type());
}

void ResultTypeState::update(const Scalar& s) {
  const ScalarType t = s.isFloatingPoint() ? get_default_dtype() : s.type();
  wrapped_ = promote_skip_undefined(wrapped_, t);
}

ScalarType ResultTypeState::result() const {
  return combine_categories(dim_, combine_categories(zero_, wrapped_));
}

template <class A, class B>
static ScalarType result_type2(const A& a, const B& b) {
  ResultTypeState s;
  s.update(a);
  s.update(b);
  return s.result();
}
ScalarType result_type(const Tensor& a, const Tensor& b) { return result_type2(a, b); }
ScalarType result_type(const Tensor& a, const Scalar& b) { return result_type2(a, b); }
ScalarType result_type(const Scalar& a, const Tensor& b) { return result_type2(a, b); }
ScalarType result_type(const Scalar& a, const Scalar& b) { return result_type2(a, b); }

bool can_cast(ScalarType from, ScalarType to) {
  if (is_floating_type(from) && is_integral_type(to, true)) return false;
  if (from != kBool && to == kBool) return false;
  return true;
}

}  // namespace ember
