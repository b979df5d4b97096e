// The autograd graph seen from Python: t.grad_fn objects (one Python class per node name, as
// PyTorch's, so repr(t.grad_fn) is "<MulBackward0 object at 0x...>"), their name(),
// next_functions and AccumulateGrad.variable; and the engine's entry points backward and grad.
#include <unordered_map>

#include "arg_parser.h"
#include "common.h"

namespace ember::python {

namespace {

struct PyNode {
  PyObject_HEAD std::shared_ptr<autograd::Node> cdata;
  PyObject* dict;
};

// One Python object per live node, as PyTorch (t.grad_fn is t.grad_fn).
std::unordered_map<autograd::Node*, PyObject*>& live_nodes() {
  static auto* map = new std::unordered_map<autograd::Node*, PyObject*>();
  return *map;
}

std::unordered_map<std::string, PyTypeObject*>& node_types() {
  static auto* map = new std::unordered_map<std::string, PyTypeObject*>();
  return *map;
}

void node_dealloc(PyObject* self) {
  auto* n = reinterpret_cast<PyNode*>(self);
  PyTypeObject* type = Py_TYPE(self);
  auto& map = live_nodes();
  auto it = map.find(n->cdata.get());
  if (it != map.end() && it->second == self) map.erase(it);
  Py_CLEAR(n->dict);
  n->cdata.~shared_ptr();
  type->tp_free(self);
  Py_DECREF(type);
}

const std::shared_ptr<autograd::Node>& node_of(PyObject* self) {
  return reinterpret_cast<PyNode*>(self)->cdata;
}

PyObject* node_name(PyObject* self, PyObject*) {
  EMBER_PY_TRY
  // PyTorch's hand-written nodes report their C++ name ("torch::autograd::AccumulateGrad");
  // ember's are in ember::autograd.
  std::string name = node_of(self)->name();
  static const char* const qualified[] = {"AccumulateGrad", "CopyBackwards", "CopySlices",
                                          "GraphRoot",      "Error",         "DelayedError",
                                          "NotImplemented", "UndefinedGrad", "Identity"};
  for (const char* q : qualified) {
    if (name == q) {
      name = "ember::autograd::" + name;
      break;
    }
  }
  return PyUnicode_FromString(name.c_str());
  EMBER_PY_CATCH(nullptr)
}

PyObject* node_next_functions(PyObject* self, void*) {
  EMBER_PY_TRY
  const auto& edges = node_of(self)->next_edges();
  py::tuple result(edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    py::object fn = steal(node_object(edges[i].function));
    result[i] = py::make_tuple(fn, py::int_(edges[i].input_nr));
  }
  return result.release().ptr();
  EMBER_PY_CATCH(nullptr)
}

PyObject* node_metadata(PyObject* self, void*) {
  auto* n = reinterpret_cast<PyNode*>(self);
  if (!n->dict) {
    n->dict = PyDict_New();
    if (!n->dict) return nullptr;
  }
  Py_INCREF(n->dict);
  return n->dict;
}

PyObject* node_variable(PyObject* self, void*) {
  EMBER_PY_TRY
  auto* acc = dynamic_cast<autograd::AccumulateGrad*>(node_of(self).get());
  if (!acc) {
    PyErr_SetString(PyExc_AttributeError, "'Node' object has no attribute 'variable'");
    return nullptr;
  }
  return wrap(acc->variable());
  EMBER_PY_CATCH(nullptr)
}

// node(*grads): one gradient (or None) per forward output; returns one per next edge (a tuple
// unless there is exactly one).
PyObject* node_call(PyObject* self, PyObject* args, PyObject* kwargs) {
  EMBER_PY_TRY
  if (kwargs && PyDict_Size(kwargs) > 0) type_error("keyword arguments are not supported");
  autograd::Node& node = *node_of(self);
  autograd::tensor_list grads;
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); ++i) {
    PyObject* g = PyTuple_GET_ITEM(args, i);
    if (g == Py_None) {
      grads.push_back(Tensor());
    } else if (is_tensor(g)) {
      grads.push_back(unpack(g));
    } else {
      type_error("argument ", i, " is not a Variable");
    }
  }
  autograd::tensor_list out = node(std::move(grads));
  std::vector<Tensor> result(out.begin(), out.end());
  result.resize(node.num_outputs());  // nothing ran (no gradient given): None for each
  if (result.size() == 1) return wrap(result[0]);
  return wrap(result);
  EMBER_PY_CATCH(nullptr)
}

PyMethodDef node_methods[] = {
    {"name", node_name, METH_NOARGS, "name() -> str\n\nThe node's name (\"MulBackward0\", ...)."},
    {nullptr, nullptr, 0, nullptr}};

PyGetSetDef node_getset[] = {
    {"next_functions", node_next_functions, nullptr,
     "((node, input_nr), ...): where the gradient of each input flows (None: no gradient).",
     nullptr},
    {"metadata", node_metadata, nullptr, "A dict for the user's annotations.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyGetSetDef accumulate_getset[] = {
    {"next_functions", node_next_functions, nullptr, nullptr, nullptr},
    {"metadata", node_metadata, nullptr, nullptr, nullptr},
    {"variable", node_variable, nullptr, "The leaf tensor whose .grad this node accumulates.",
     nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyTypeObject* node_type(const std::string& name) {
  auto& types = node_types();
  auto it = types.find(name);
  if (it != types.end()) return it->second;
  // As PyTorch's, the class is "MulBackward0" in module builtins, so its default repr is
  // "<MulBackward0 object at 0x...>".
  auto* spec_name = new std::string("builtins." + name);
  auto* stored_name = new std::string(name);
  const bool accumulate = name == "AccumulateGrad";
  PyType_Slot slots[] = {{Py_tp_dealloc, reinterpret_cast<void*>(node_dealloc)},
                         {Py_tp_methods, node_methods},
                         {Py_tp_getset, accumulate ? accumulate_getset : node_getset},
                         {Py_tp_call, reinterpret_cast<void*>(node_call)},
                         {0, nullptr}};
  PyType_Spec spec = {spec_name->c_str(), static_cast<int>(sizeof(PyNode)), 0,
                      Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION, slots};
  PyObject* type = PyType_FromSpec(&spec);
  if (!type) throw python_error();
  reinterpret_cast<PyTypeObject*>(type)->tp_name = stored_name->c_str();
  types[name] = reinterpret_cast<PyTypeObject*>(type);
  return reinterpret_cast<PyTypeObject*>(type);
}

}  // namespace

PyObject* node_object(const std::shared_ptr<autograd::Node>& node) {
  if (!node) Py_RETURN_NONE;
  auto& map = live_nodes();
  auto it = map.find(node.get());
  if (it != map.end()) {
    Py_INCREF(it->second);
    return it->second;
  }
  PyTypeObject* type = node_type(node->name());
  PyObject* obj = PyType_GenericAlloc(type, 0);
  if (!obj) throw python_error();
  new (&reinterpret_cast<PyNode*>(obj)->cdata) std::shared_ptr<autograd::Node>(node);
  reinterpret_cast<PyNode*>(obj)->dict = nullptr;
  map[node.get()] = obj;
  return obj;
}

namespace {

std::vector<Tensor> tensor_sequence(PyObject* seq, const char* what) {
  std::vector<Tensor> result;
  if (seq == Py_None) return result;
  py::object fast = steal(PySequence_Fast(seq, what));
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(fast.ptr());
  PyObject** items = PySequence_Fast_ITEMS(fast.ptr());
  for (Py_ssize_t i = 0; i < n; ++i) {
    if (items[i] == Py_None) {
      result.emplace_back();
    } else if (is_tensor(items[i])) {
      result.push_back(unpack(items[i]));
    } else {
      type_error(what, ": expected a Tensor or None at position ", i, ", got ",
                 type_name(items[i]));
    }
  }
  return result;
}

// _C._run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs): the engine call of
// ember.autograd.backward (the Python side normalises the arguments as PyTorch does).
PyObject* run_backward(PyObject*, PyObject* args, PyObject* kwargs) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "_run_backward(PyObject* tensors, PyObject* grad_tensors, bool? retain_graph, bool "
      "create_graph, PyObject* inputs)",
  });
  ParsedArgs<5> p;
  auto r = parser.parse(args, kwargs, p);
  const std::vector<Tensor> tensors = tensor_sequence(r.pyobject(0), "tensors");
  const std::vector<Tensor> grads = tensor_sequence(r.pyobject(1), "grad_tensors");
  const std::vector<Tensor> inputs = tensor_sequence(r.pyobject(4), "inputs");
  const std::optional<bool> retain_graph = r.toBoolOptional(2);
  const bool create_graph = r.toBool(3);
  {
    py::gil_scoped_release no_gil;  // hooks written in Python take it back
    autograd::backward(tensors, grads, retain_graph, create_graph, inputs);
  }
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}

// _C._run_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused).
PyObject* run_grad(PyObject*, PyObject* args, PyObject* kwargs) {
  EMBER_PY_TRY
  static PythonArgParser parser({
      "_run_grad(PyObject* outputs, PyObject* inputs, PyObject* grad_outputs, bool? "
      "retain_graph, bool create_graph, bool allow_unused)",
  });
  ParsedArgs<6> p;
  auto r = parser.parse(args, kwargs, p);
  const std::vector<Tensor> outputs = tensor_sequence(r.pyobject(0), "outputs");
  const std::vector<Tensor> inputs = tensor_sequence(r.pyobject(1), "inputs");
  const std::vector<Tensor> grads = tensor_sequence(r.pyobject(2), "grad_outputs");
  const std::optional<bool> retain_graph = r.toBoolOptional(3);
  const bool create_graph = r.toBool(4), allow_unused = r.toBool(5);
  std::vector<Tensor> result;
  {
    py::gil_scoped_release no_gil;  // hooks written in Python take it back
    result = autograd::grad(outputs, inputs, grads, retain_graph, create_graph, allow_unused);
  }
  return wrap(result);
  EMBER_PY_CATCH(nullptr)
}

// _C._record_function(name, inputs, outputs, backward): the graph node of a custom
// ember.autograd.Function. It becomes the grad_fn of `outputs` (tensors made without history),
// with an edge to each of `inputs` (tensors or None); the backward pass calls
// backward(*grads_of_outputs), which returns one gradient (or None) per input.
PyObject* record_function(PyObject*, PyObject* args) {
  EMBER_PY_TRY
  PyObject *name = nullptr, *inputs = nullptr, *outputs = nullptr, *fn = nullptr;
  if (!PyArg_ParseTuple(args, "UOOO", &name, &inputs, &outputs, &fn)) return nullptr;
  const std::vector<Tensor> ins = tensor_sequence(inputs, "inputs");
  const std::vector<Tensor> outs = tensor_sequence(outputs, "outputs");
  const std::shared_ptr<PyObject> backward(fn, [](PyObject* o) {
    py::gil_scoped_acquire gil;
    Py_DECREF(o);
  });
  Py_INCREF(fn);
  autograd::record_custom(
      PyUnicode_AsUTF8(name), outs, ins,
      [backward, count = ins.size()](const autograd::variable_list& g) -> autograd::variable_list {
        py::gil_scoped_acquire gil;
        try {
          py::object grads = steal(PyTuple_New(static_cast<Py_ssize_t>(g.size())));
          for (size_t i = 0; i < g.size(); ++i) {
            PyTuple_SET_ITEM(grads.ptr(), static_cast<Py_ssize_t>(i), wrap(g[i]));
          }
          py::object result = steal(PyObject_CallObject(backward.get(), grads.ptr()));
          autograd::variable_list list = tensor_sequence(result.ptr(), "backward");
          if (list.size() != count) {
            runtime_error("function backward returned an incorrect number of gradients (expected ",
                          count, ", got ", list.size(), ")");
          }
          return list;
        } catch (const python_error&) {
          throw py::error_already_set();  // carries the Python exception out of the backward pass
        }
      });
  Py_RETURN_NONE;
  EMBER_PY_CATCH(nullptr)
}

PyObject* graph_to_dot(PyObject*, PyObject* arg) {
  EMBER_PY_TRY
  if (!is_tensor(arg)) type_error("to_dot() expects a Tensor, got ", type_name(arg));
  return PyUnicode_FromString(autograd::to_dot(unpack(arg)).c_str());
  EMBER_PY_CATCH(nullptr)
}

PyMethodDef autograd_functions[] = {
    {"_run_backward", fn_cast(run_backward), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_run_grad", fn_cast(run_grad), METH_VARARGS | METH_KEYWORDS, nullptr},
    {"_to_dot", graph_to_dot, METH_O, nullptr},
    {"_record_function", record_function, METH_VARARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

}  // namespace

// ---- Python hooks ------------------------------------------------------------------------------

PyHook::PyHook(PyObject* fn)
    : fn_(fn, [](PyObject* o) {
        py::gil_scoped_acquire gil;
        Py_DECREF(o);
      }) {
  Py_INCREF(fn);
}

namespace {
// PyTorch's name for a hook in messages: its __name__, else "<unknown>".
std::string hook_name(PyObject* fn) {
  py::handle h(fn);
  if (py::hasattr(h, "__name__")) {
    py::object name = h.attr("__name__");
    if (PyUnicode_Check(name.ptr())) return name.cast<std::string>();
  }
  return "<unknown>";
}
}  // namespace

Tensor PyHook::operator()(const Tensor& grad) const {
  py::gil_scoped_acquire gil;
  try {
    py::object g = steal(wrap(grad));
    py::object res = steal(PyObject_CallOneArg(fn_.get(), g.ptr()));
    if (res.is_none()) return Tensor();
    if (!is_tensor(res.ptr())) {
      type_error("expected Variable, but hook returned '", type_name(res.ptr()), "'");
    }
    const Tensor& result = unpack(res.ptr());
    if (result.scalar_type() != grad.scalar_type() || result.device() != grad.device()) {
      runtime_error("hook '", hook_name(fn_.get()), "' has changed the type of value (was ",
                    legacy_name(grad.scalar_type()), " got ", legacy_name(result.scalar_type()),
                    ")");
    }
    if (result.sizes() != grad.sizes()) {
      runtime_error("hook '", hook_name(fn_.get()), "' has changed the size of value");
    }
    return result;
  } catch (const python_error&) {
    throw py::error_already_set();  // carries the Python exception out of the backward pass
  }
}

void init_autograd(py::module_& m) {
  for (PyMethodDef* def = autograd_functions; def->ml_name; ++def) {
    m.add_object(def->ml_name, steal(PyCFunction_NewEx(def, nullptr, m.attr("__name__").ptr())));
  }
}

}  // namespace ember::python
