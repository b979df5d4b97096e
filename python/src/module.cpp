// ember._C: the compiled part of the Python package `ember` (python/ember/__init__.py builds the
// public API on it).
#include "common.h"

PYBIND11_MODULE(_C, m) {
  m.doc() = "ember's C++ core (tensors, operations, autograd) for Python";
  m.attr("__version__") = EMBER_VERSION;
  namespace ep = ember::python;
  ep::init_objects(m);
  ep::init_tensor_type(m);
  ep::init_functions(m);
  ep::init_autograd(m);
  ep::init_convert(m);
}
