// ember._C: the compiled part of the Python package `ember` (python/ember/__init__.py builds the
// public API on it).
#include "common.h"

namespace {

// ember lets go of the GIL around every kernel and before it blocks on a lock of its own
// (ember/core/host_lock.h), so other Python threads run meanwhile; threads without the GIL (ember's
// workers, a backward pass, which runs without it) have nothing to let go.
void* release_gil() {
  if (_Py_IsFinalizing() || !PyGILState_Check()) return nullptr;
  return PyEval_SaveThread();
}
void restore_gil(void* state) { PyEval_RestoreThread(static_cast<PyThreadState*>(state)); }
const ember::HostLockHooks gil_hooks{release_gil, restore_gil};

// ember's warnings (ember/core/Warning.h) as Python's UserWarning, from whichever thread.
void python_warning(const std::string& message) {
  if (_Py_IsFinalizing()) return;
  const PyGILState_STATE state = PyGILState_Ensure();
  if (PyErr_WarnEx(PyExc_UserWarning, message.c_str(), 1) < 0) PyErr_WriteUnraisable(nullptr);
  PyGILState_Release(state);
}

}  // namespace

PYBIND11_MODULE(_C, m) {
  m.doc() = "ember's C++ core (tensors, operations, autograd) for Python";
  m.attr("__version__") = EMBER_VERSION;
  namespace ep = ember::python;
  ep::init_objects(m);
  ep::init_tensor_type(m);
  ep::init_functions(m);
  ep::init_autograd(m);
  ep::init_dlpack(m);
  ep::init_convert(m);
  ember::set_host_lock_hooks(&gil_hooks);
  ember::set_warning_handler(python_warning);
  Py_AtExit([] {
    ember::set_host_lock_hooks(nullptr);
    ember::set_warning_handler(nullptr);
  });
}
