// t[index] and t[index] = value: Python's index objects (ints, slices, None, ..., bools, lists,
// tensors, tuples of these) become ember::indexing::TensorIndex items for Tensor::index and
// Tensor::index_put_, which implement PyTorch's indexing rules.
#include "common.h"

namespace ember::python {

namespace {

using indexing::Slice;
using indexing::TensorIndex;

// NumPy's rule, as PyTorch applies it: a non-tuple sequence counts as a tuple of indices when it
// holds a tensor, a sequence, a slice, an Ellipsis or None (and is shorter than 32); otherwise it
// is one index made into a tensor.
bool treat_sequence_as_tuple(PyObject* index) {
  if (PyTuple_Check(index)) return true;
  if (is_tensor(index)) return false;
  if (!PySequence_Check(index)) return false;
  const Py_ssize_t n = PySequence_Size(index);
  if (n < 0) {
    PyErr_Clear();
    return false;
  }
  if (n >= 32) return false;
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* obj = PySequence_GetItem(index, i);
    if (!obj) {
      PyErr_Clear();
      return false;
    }
    const bool tuple_like = is_tensor(obj) || PySequence_Check(obj) || PySlice_Check(obj) ||
                            obj == Py_Ellipsis || obj == Py_None;
    Py_DECREF(obj);
    if (tuple_like) return true;
  }
  return false;
}

// A list used as an index: bool (or uint8) data stays a mask, anything else becomes int64.
Tensor sequence_to_index(PyObject* seq) {
  Tensor t = tensor_from_data(seq, std::nullopt, std::nullopt, false, false, true, "new");
  if (t.scalar_type() == kBool || t.scalar_type() == kByte) return t;
  return t.to(kLong);
}

TensorIndex to_index(PyObject* obj) {
  if (obj == Py_None) return TensorIndex(indexing::None);
  if (obj == Py_Ellipsis) return TensorIndex(indexing::Ellipsis);
  if (PyBool_Check(obj)) return TensorIndex(obj == Py_True);
  if (is_int(obj)) return TensorIndex(unpack_int(obj));
  if (PySlice_Check(obj)) {
    Py_ssize_t start = 0, stop = 0, step = 0;
    if (PySlice_Unpack(obj, &start, &stop, &step) < 0) throw python_error();
    return TensorIndex(Slice(start, stop, step));
  }
  if (is_tensor(obj)) return TensorIndex(unpack(obj));
  if (PySequence_Check(obj)) return TensorIndex(sequence_to_index(obj));
  // Anything else with __index__ (a NumPy integer, ...) is an integer.
  PyObject* as_index = PyNumber_Index(obj);
  if (as_index) {
    Py_DECREF(as_index);
    return TensorIndex(unpack_int(obj));
  }
  PyErr_Clear();
  index_error(
      "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
      "indices (got ",
      type_name(obj), ")");
}

std::vector<TensorIndex> to_indices(PyObject* index) {
  std::vector<TensorIndex> items;
  if (treat_sequence_as_tuple(index)) {
    py::object tuple = steal(PySequence_Tuple(index));
    const Py_ssize_t n = PyTuple_GET_SIZE(tuple.ptr());
    items.reserve(n);
    for (Py_ssize_t i = 0; i < n; ++i) items.push_back(to_index(PyTuple_GET_ITEM(tuple.ptr(), i)));
  } else {
    items.push_back(to_index(index));
  }
  return items;
}

}  // namespace

PyObject* tensor_getitem(PyObject* self, PyObject* index) {
  EMBER_PY_TRY
  const Tensor& t = unpack(self);
  // The common single index without building a list.
  if (is_int(index) && !PyBool_Check(index)) {
    const TensorIndex one[] = {TensorIndex(unpack_int(index))};
    return wrap(t.index(ArrayRef<TensorIndex>(one, 1)));
  }
  const std::vector<TensorIndex> items = to_indices(index);
  // x[()]: a view of the whole tensor (PyTorch's alias).
  if (items.empty()) return wrap(t.view(t.sizes()));
  return wrap(t.index(ArrayRef<TensorIndex>(items)));
  EMBER_PY_CATCH(nullptr)
}

int tensor_setitem(PyObject* self, PyObject* index, PyObject* value) {
  EMBER_PY_TRY
  if (!value) type_error("Tensor does not support deleting items");
  Tensor& t = unpack_mutable(self);
  Tensor v;
  if (is_tensor(value)) {
    v = unpack(value);
  } else if (is_int(value) || PyBool_Check(value)) {
    v = full({}, Scalar(unpack_int(value)), TensorOptions().dtype(t.scalar_type()));
  } else if (PyFloat_Check(value)) {
    v = full({}, Scalar(unpack_double(value)), TensorOptions().dtype(t.scalar_type()));
  } else {
    type_error("can't assign a ", type_name(value), " to a ", legacy_name(t.scalar_type()));
  }
  const std::vector<TensorIndex> items = to_indices(index);
  if (items.empty()) {  // x[()] = v: v broadcast into the whole tensor
    t.copy_(v);
    return 0;
  }
  t.index_put_(ArrayRef<TensorIndex>(items), v);
  return 0;
  EMBER_PY_CATCH(-1)
}

}  // namespace ember::python
