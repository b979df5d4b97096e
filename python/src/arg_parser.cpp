// PyTorch's argument-matching rules and messages (see arg_parser.h).
#include "arg_parser.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace ember::python {

namespace {

const std::unordered_map<std::string, ParamType>& type_map() {
  static const std::unordered_map<std::string, ParamType> map = {
      {"Tensor", ParamType::Tensor},
      {"Scalar", ParamType::Scalar},
      {"int64_t", ParamType::Int64},
      {"SymInt", ParamType::SymInt},
      {"double", ParamType::Double},
      {"complex", ParamType::Complex},
      {"TensorList", ParamType::TensorList},
      {"c10::List<c10::optional<Tensor>>", ParamType::TensorList},
      {"IntArrayRef", ParamType::IntList},
      {"SymIntArrayRef", ParamType::SymIntList},
      {"ArrayRef<double>", ParamType::FloatList},
      {"Generator", ParamType::Generator},
      {"bool", ParamType::Bool},
      {"Storage", ParamType::Storage},
      {"PyObject*", ParamType::PyObject},
      {"ScalarType", ParamType::ScalarType},
      {"Layout", ParamType::Layout},
      {"MemoryFormat", ParamType::MemoryFormat},
      {"QScheme", ParamType::QScheme},
      {"Device", ParamType::Device},
      {"Stream", ParamType::Stream},
      {"std::string", ParamType::String},
      {"c10::string_view", ParamType::String},
      {"Dimname", ParamType::Dimname},
      {"DimnameList", ParamType::DimnameList},
      {"ScalarList", ParamType::ScalarList},
  };
  return map;
}

// NumPy's argument names, accepted as aliases (torch.sum(a=t, axis=0)).
const std::unordered_map<std::string, std::vector<std::string>>& numpy_names() {
  static const std::unordered_map<std::string, std::vector<std::string>> map = {
      {"dim", {"axis"}},
      {"keepdim", {"keepdims"}},
      {"input", {"x", "a", "x1"}},
      {"other", {"x2"}},
  };
  return map;
}

// Binary ops whose Tensor parameters also take Python numbers (as wrapped-number tensors).
bool allow_numbers_as_tensors(const std::string& name) {
  static const std::unordered_set<std::string> allowed = {
      "add",      "add_",      "add_out",      "div",          "div_",          "div_out",
      "divide",   "divide_",   "divide_out",   "mul",          "mul_",          "mul_out",
      "multiply", "multiply_", "multiply_out", "sub",          "sub_",          "sub_out",
      "subtract", "subtract_", "subtract_out", "true_divide",  "true_divide_",  "true_divide_out",
      "to",       "_to_copy",  "copy_",        "floor_divide", "floor_divide_", "floor_divide_out"};
  return allowed.count(name) > 0;
}

PyObject* intern(const std::string& s) {
  PyObject* o = PyUnicode_InternFromString(s.c_str());
  if (!o) throw python_error();
  return o;  // kept for the life of the process, as the parsers are static
}

bool is_tensor_list(PyObject* obj, int argnum, bool throw_error) {
  const bool tuple = PyTuple_Check(obj);
  if (!(tuple || PyList_Check(obj))) return false;
  const Py_ssize_t size = tuple ? PyTuple_GET_SIZE(obj) : PyList_GET_SIZE(obj);
  for (Py_ssize_t i = 0; i < size; ++i) {
    PyObject* item = tuple ? PyTuple_GET_ITEM(obj, i) : PyList_GET_ITEM(obj, i);
    if (!is_tensor(item)) {
      if (throw_error) {
        type_error("expected Tensor as element ", i, " in argument ", argnum, ", but got ",
                   type_name(item));
      }
      return false;
    }
  }
  return true;
}

bool is_scalar_list(PyObject* obj) {
  const bool tuple = PyTuple_Check(obj);
  if (!(tuple || PyList_Check(obj))) return false;
  const Py_ssize_t size = tuple ? PyTuple_GET_SIZE(obj) : PyList_GET_SIZE(obj);
  for (Py_ssize_t i = 0; i < size; ++i) {
    if (!is_scalar(tuple ? PyTuple_GET_ITEM(obj, i) : PyList_GET_ITEM(obj, i))) return false;
  }
  return true;
}

bool is_float_list(PyObject* obj) {
  const bool tuple = PyTuple_Check(obj);
  if (!(tuple || PyList_Check(obj))) return false;
  const Py_ssize_t size = tuple ? PyTuple_GET_SIZE(obj) : PyList_GET_SIZE(obj);
  if (size > 0) {
    PyObject* item = tuple ? PyTuple_GET_ITEM(obj, 0) : PyList_GET_ITEM(obj, 0);
    if (!is_double(item) && !PyComplex_Check(item)) return false;
  }
  return true;
}

// PyTorch only looks at the first element (the others are checked when unpacked).
bool is_int_list(PyObject* obj, int broadcast_size, int64_t* failed_idx) {
  if (PyTuple_Check(obj) || PyList_Check(obj)) {
    if (PySequence_Size(obj) == 0) return true;
    PyObject* item = PyTuple_Check(obj) ? PyTuple_GET_ITEM(obj, 0) : PyList_GET_ITEM(obj, 0);
    if (is_index(item)) return true;
    if (failed_idx) *failed_idx = 0;
    return false;
  }
  return broadcast_size > 0 && is_int(obj);
}

bool is_symint_list(PyObject* obj, int broadcast_size, int64_t* failed_idx) {
  if (PyTuple_Check(obj) || PyList_Check(obj)) {
    if (PySequence_Size(obj) == 0) return true;
    PyObject* item = PyTuple_Check(obj) ? PyTuple_GET_ITEM(obj, 0) : PyList_GET_ITEM(obj, 0);
    if (is_index(item)) return true;
    if (failed_idx) *failed_idx = 0;
    return false;
  }
  return broadcast_size > 0 && is_index(obj);
}

bool is_dimname(PyObject* obj) { return obj == Py_None || PyUnicode_Check(obj); }
bool is_dimname_list(PyObject* obj) {
  const bool tuple = PyTuple_Check(obj);
  if (!(tuple || PyList_Check(obj))) return false;
  const Py_ssize_t size = tuple ? PyTuple_GET_SIZE(obj) : PyList_GET_SIZE(obj);
  if (size == 0) return true;
  return is_dimname(tuple ? PyTuple_GET_ITEM(obj, 0) : PyList_GET_ITEM(obj, 0));
}

}  // namespace

// ---- FunctionParameter
// ---------------------------------------------------------------------------

FunctionParameter::FunctionParameter(const std::string& fmt, bool keyword_only)
    : keyword_only(keyword_only) {
  const auto space = fmt.find(' ');
  if (space == std::string::npos) runtime_error("FunctionParameter(): missing type: ", fmt);
  std::string type_str = fmt.substr(0, space);
  const auto question = type_str.find('?');
  if (question != std::string::npos) {
    allow_none = true;
    type_str = type_str.substr(0, question);
  }
  const auto bracket = type_str.find('[');
  if (bracket != std::string::npos) {
    size = std::atoi(type_str.substr(bracket + 1, type_str.size() - bracket - 2).c_str());
    type_str = type_str.substr(0, bracket);
  }
  const auto it = type_map().find(type_str);
  if (it == type_map().end()) runtime_error("FunctionParameter(): invalid type string: ", type_str);
  type = it->second;

  std::string name_str = fmt.substr(space + 1);
  const auto eq = name_str.find('=');
  if (eq != std::string::npos) {
    name = name_str.substr(0, eq);
    optional = true;
    set_default(name_str.substr(eq + 1));
  } else {
    name = name_str;
  }
  python_name = intern(name);
  const auto np = numpy_names().find(name);
  if (np != numpy_names().end()) {
    for (const auto& s : np->second) numpy_python_names.push_back(intern(s));
  }
}

void FunctionParameter::set_default(const std::string& s) {
  if (s == "None") allow_none = true;
  switch (type) {
    case ParamType::Int64:
    case ParamType::SymInt:
      default_int = std::atol(s.c_str());
      break;
    case ParamType::Bool:
      default_bool = (s == "True" || s == "true");
      break;
    case ParamType::Double:
    case ParamType::Complex:
      default_double = std::atof(s.c_str());
      break;
    case ParamType::Scalar:
      if (s != "None") {
        char* end = nullptr;
        const long v = std::strtol(s.c_str(), &end, 0);
        default_scalar = (!s.empty() && *end == 0) ? Scalar(static_cast<int64_t>(v))
                                                   : Scalar(std::atof(s.c_str()));
      }
      break;
    case ParamType::IntList:
    case ParamType::SymIntList:
      if (s != "None") {
        if (!s.empty() && s[0] != '{' && s[0] != '[') {
          default_intlist.assign(size, std::stol(s));
        } else if (!s.empty()) {
          std::istringstream ss(s.substr(1, s.size() - 2));
          std::string tok;
          while (std::getline(ss, tok, ',')) default_intlist.push_back(std::stol(tok));
        }
      }
      break;
    case ParamType::ScalarType:
      if (s == "torch.int64") default_scalartype = kLong;
      break;
    case ParamType::String:
      if (s != "None" && s.size() >= 2) default_string = s.substr(1, s.size() - 2);
      break;
    default:
      break;
  }
}

bool FunctionParameter::check(PyObject* obj, int64_t* failed_idx) const {
  switch (type) {
    case ParamType::Tensor:
      if (is_tensor(obj)) return true;
      return allow_numbers_as_tensors && is_scalar(obj);
    case ParamType::Scalar:
      if (is_scalar(obj)) return true;
      [[fallthrough]];
    case ParamType::Complex:
      if (PyComplex_Check(obj)) return true;
      [[fallthrough]];
    case ParamType::Double:
      if (is_double(obj)) return true;
      if (is_tensor(obj)) {
        const Tensor& t = unpack(obj);
        return !t.requires_grad() && t.dim() == 0;
      }
      return false;
    case ParamType::Int64:
      if (is_int(obj)) return true;
      if (is_tensor(obj)) {
        const Tensor& t = unpack(obj);
        return is_integral_type(t.scalar_type(), false) && !t.requires_grad() && t.dim() == 0;
      }
      return false;
    case ParamType::SymInt:
      return is_index(obj);
    case ParamType::Dimname:
      return is_dimname(obj);
    case ParamType::DimnameList:
      return is_dimname_list(obj) || (size == 1 && is_dimname(obj));
    case ParamType::TensorList:
      return is_tensor_list(obj, 0, true);
    case ParamType::IntList:
      return is_int_list(obj, size, failed_idx);
    case ParamType::SymIntList:
      return is_symint_list(obj, size, failed_idx);
    case ParamType::FloatList:
      return is_float_list(obj);
    case ParamType::Generator:
      return is_generator(obj);
    case ParamType::Bool:
      return PyBool_Check(obj);
    case ParamType::Storage:
      return false;
    case ParamType::PyObject:
      return true;
    case ParamType::ScalarType:
      return is_dtype(obj) || obj == reinterpret_cast<PyObject*>(&PyFloat_Type) ||
             obj == reinterpret_cast<PyObject*>(&PyBool_Type) ||
             obj == reinterpret_cast<PyObject*>(&PyLong_Type) ||
             obj == reinterpret_cast<PyObject*>(&PyComplex_Type);
    case ParamType::Layout:
      return is_layout(obj);
    case ParamType::MemoryFormat:
      return is_memory_format(obj);
    case ParamType::QScheme:
      return false;
    case ParamType::Device:
      return is_int(obj) || PyUnicode_Check(obj) || is_device(obj);
    case ParamType::Stream:
      return false;
    case ParamType::String:
      return PyUnicode_Check(obj);
    case ParamType::ScalarList:
      return is_scalar_list(obj);
  }
  return false;
}

std::string FunctionParameter::type_name() const {
  switch (type) {
    case ParamType::Tensor:
      return "Tensor";
    case ParamType::Scalar:
      return "Number";
    case ParamType::Int64:
      return "int";
    case ParamType::SymInt:
      return "SymInt";
    case ParamType::Double:
      return "float";
    case ParamType::Complex:
      return "complex";
    case ParamType::TensorList:
      return "tuple of Tensors";
    case ParamType::IntList:
      return "tuple of ints";
    case ParamType::SymIntList:
      return "tuple of SymInts";
    case ParamType::FloatList:
      return "tuple of floats";
    case ParamType::Generator:
      return "ember.Generator";
    case ParamType::Bool:
      return "bool";
    case ParamType::Storage:
      return "ember.Storage";
    case ParamType::PyObject:
      return "object";
    case ParamType::ScalarType:
      return "ember.dtype";
    case ParamType::Layout:
      return "ember.layout";
    case ParamType::MemoryFormat:
      return "ember.memory_format";
    case ParamType::QScheme:
      return "ember.qscheme";
    case ParamType::Device:
      return "ember.device";
    case ParamType::Stream:
      return "ember.Stream";
    case ParamType::String:
      return "str";
    case ParamType::Dimname:
      return "name";
    case ParamType::DimnameList:
      return "tuple of names";
    case ParamType::ScalarList:
      return "tuple of Scalars";
  }
  return "object";
}

// ---- FunctionSignature
// ---------------------------------------------------------------------------

FunctionSignature::FunctionSignature(const std::string& fmt, int index) : index(index) {
  const auto open = fmt.find('(');
  if (open == std::string::npos) runtime_error("missing opening parenthesis: ", fmt);
  name = fmt.substr(0, open);
  const bool numbers_as_tensors = allow_numbers_as_tensors(name);

  size_t last = open + 1;
  bool keyword_only = false;
  bool done = false;
  while (!done) {
    size_t offset = fmt.find(", ", last);
    size_t next = offset + 2;
    if (offset == std::string::npos) {
      offset = fmt.find(')', last);
      done = true;
      next = offset + 1;
      if (offset == last) {  // fn()
        last = next;
        break;
      }
    }
    if (offset == std::string::npos) runtime_error("missing closing parenthesis: ", fmt);
    const std::string param = fmt.substr(last, offset - last);
    last = next;
    if (param == "*") {
      keyword_only = true;
    } else {
      params.emplace_back(param, keyword_only);
      params.back().allow_numbers_as_tensors = numbers_as_tensors;
    }
  }
  const std::string rest = fmt.substr(last);
  if (rest == "|deprecated") {
    hidden = true;
    deprecated = true;
  } else if (rest == "|hidden") {
    hidden = true;
  }
  max_args = params.size();
  for (const auto& p : params) {
    if (!p.optional) ++min_args;
    if (!p.keyword_only) ++max_pos_args;
  }
}

std::string FunctionSignature::to_string() const {
  std::ostringstream ss;
  bool keyword_already = false;
  ss << "(";
  int i = 0;
  for (const auto& p : params) {
    if (i != 0) ss << ", ";
    if (p.keyword_only && !keyword_already) {
      ss << "*, ";
      keyword_already = true;
    }
    ss << p.type_name() << " " << p.name;
    ++i;
  }
  ss << ")";
  return ss.str();
}

namespace {

[[noreturn]] void extra_args(const FunctionSignature& s, Py_ssize_t nargs) {
  if (s.min_args != s.max_pos_args) {
    type_error(s.name, "() takes from ", s.min_args, " to ", s.max_pos_args,
               " positional arguments but ", nargs, " were given");
  }
  type_error(s.name, "() takes ", s.max_pos_args, " positional argument",
             s.max_pos_args == 1 ? "" : "s", " but ", nargs, " ", nargs == 1 ? "was" : "were",
             " given");
}

[[noreturn]] void missing_args(const FunctionSignature& s, size_t idx) {
  int num_missing = 0;
  std::ostringstream ss;
  for (size_t i = idx; i < s.params.size(); ++i) {
    if (!s.params[i].optional) {
      if (num_missing > 0) ss << ", ";
      ss << '"' << s.params[i].name << '"';
      ++num_missing;
    }
  }
  // PyTorch 1.13's message reads "1 required positional arguments" (sic).
  type_error(s.name, "() missing ", num_missing, " required positional argument",
             num_missing == 1 ? "s" : "", ": ", ss.str());
}

Py_ssize_t find_param(const FunctionSignature& s, PyObject* name) {
  Py_ssize_t i = 0;
  for (const auto& p : s.params) {
    const int cmp = PyObject_RichCompareBool(name, p.python_name, Py_EQ);
    if (cmp < 0) throw python_error();
    if (cmp) return i;
    ++i;
  }
  return -1;
}

[[noreturn]] void extra_kwargs(const FunctionSignature& s, PyObject* kwargs, Py_ssize_t nargs) {
  PyObject* key = nullptr;
  PyObject* value = nullptr;
  Py_ssize_t pos = 0;
  while (PyDict_Next(kwargs, &pos, &key, &value)) {
    if (!PyUnicode_Check(key)) type_error("keywords must be strings");
    const Py_ssize_t idx = find_param(s, key);
    if (idx < 0) {
      type_error(s.name, "() got an unexpected keyword argument '", PyUnicode_AsUTF8(key), "'");
    }
    if (idx < nargs) {
      type_error(s.name, "() got multiple values for argument '", PyUnicode_AsUTF8(key), "'");
    }
  }
  type_error("invalid keyword arguments");
}

}  // namespace

bool FunctionSignature::parse(PyObject* self, PyObject* args, PyObject* kwargs, PyObject* dst[],
                              bool raise_exception) const {
  (void)self;
  const Py_ssize_t nargs = args ? PyTuple_GET_SIZE(args) : 0;
  Py_ssize_t remaining_kwargs = kwargs ? PyDict_Size(kwargs) : 0;
  Py_ssize_t arg_pos = 0;
  // A single positional int list may be given as varargs: view(2, 3) as view((2, 3)).
  const bool allow_varargs_intlist = max_pos_args == 1 && (params[0].type == ParamType::IntList ||
                                                           params[0].type == ParamType::SymIntList);
  const bool int_list_overload = allow_varargs_intlist && params[0].type == ParamType::IntList;

  if (static_cast<size_t>(nargs) > max_pos_args && !allow_varargs_intlist) {
    if (raise_exception) extra_args(*this, nargs);
    return false;
  }

  size_t i = 0;
  for (const auto& param : params) {
    PyObject* obj = nullptr;
    bool is_kwd = false;
    if (arg_pos < nargs) {
      if (param.keyword_only) {
        if (raise_exception) extra_args(*this, nargs);
        return false;
      }
      obj = PyTuple_GET_ITEM(args, arg_pos);
    } else if (kwargs) {
      obj = PyDict_GetItem(kwargs, param.python_name);
      for (PyObject* np_name : param.numpy_python_names) {
        if (obj) break;
        obj = PyDict_GetItem(kwargs, np_name);
      }
      is_kwd = true;
    }

    int64_t failed_idx = -1;
    const bool varargs_eligible = allow_varargs_intlist && arg_pos == 0 && !is_kwd;
    if ((!obj && param.optional) || (obj == Py_None && param.allow_none)) {
      dst[i++] = nullptr;
    } else if (!obj) {
      if (raise_exception) missing_args(*this, i);
      return false;
    } else if (param.check(obj, &failed_idx)) {
      dst[i++] = obj;
    } else if (varargs_eligible &&  // (as PyTorch, no failed element reported from here)
               (int_list_overload ? is_int_list(args, param.size, nullptr)
                                  : is_symint_list(args, param.size, nullptr))) {
      dst[i++] = args;  // all positional arguments make up this parameter
      arg_pos = nargs;
      continue;
    } else if (raise_exception) {
      if (is_kwd) {
        type_error(name, "(): argument '", param.name, "' must be ", param.type_name(), ", not ",
                   type_name(obj));
      }
      if (failed_idx != -1) {
        if (!(PyTuple_Check(obj) || PyList_Check(obj))) obj = args;
        py::object item = steal(PySequence_GetItem(obj, failed_idx));
        type_error(name, "(): argument '", param.name, "' (position ", arg_pos + 1, ") must be ",
                   param.type_name(), ", but found element of type ", type_name(item.ptr()),
                   " at pos ", failed_idx);
      }
      type_error(name, "(): argument '", param.name, "' (position ", arg_pos + 1, ") must be ",
                 param.type_name(), ", not ", type_name(obj));
    } else {
      return false;
    }

    if (!is_kwd) {
      ++arg_pos;
    } else if (obj) {
      --remaining_kwargs;
    }
  }

  if (remaining_kwargs > 0) {
    if (raise_exception) extra_kwargs(*this, kwargs, nargs);
    return false;
  }
  return true;
}

// ---- PythonArgParser
// -----------------------------------------------------------------------------

PythonArgParser::PythonArgParser(std::initializer_list<const char*> fmts) {
  int index = 0;
  for (const char* f : fmts) signatures_.emplace_back(f, index++);
  for (const auto& s : signatures_) max_args_ = std::max(max_args_, s.max_args);
  if (!signatures_.empty()) function_name_ = signatures_[0].name;
  // Deprecated signatures are tried last.
  std::stable_partition(signatures_.begin(), signatures_.end(),
                        [](const FunctionSignature& s) { return !s.deprecated; });
}

PythonArgs PythonArgParser::raw_parse(PyObject* self, PyObject* args, PyObject* kwargs,
                                      PyObject* dst[]) {
  if (signatures_.size() == 1) {
    signatures_[0].parse(self, args, kwargs, dst, true);
    return PythonArgs(signatures_[0], dst);
  }
  for (const auto& s : signatures_) {
    if (s.parse(self, args, kwargs, dst, false)) return PythonArgs(s, dst);
  }
  print_error(self, args, kwargs, dst);
}

void PythonArgParser::print_error(PyObject* self, PyObject* args, PyObject* kwargs,
                                  PyObject* dst[]) {
  const size_t num_args = (args ? PyTuple_GET_SIZE(args) : 0) + (kwargs ? PyDict_Size(kwargs) : 0);
  std::vector<size_t> plausible;
  for (size_t i = 0; i < signatures_.size(); ++i) {
    const auto& s = signatures_[i];
    if (num_args >= s.min_args && num_args <= s.max_args && !s.hidden) plausible.push_back(i);
  }
  // Exactly one signature takes this many arguments: its specific complaint.
  if (plausible.size() == 1) signatures_[plausible[0]].parse(self, args, kwargs, dst, true);

  py::object empty;
  if (!args) {
    empty = steal(PyTuple_New(0));
    args = empty.ptr();
  }
  type_error(format_invalid_args(args, kwargs, function_name_ + "()", get_signatures()));
}

std::vector<std::string> PythonArgParser::get_signatures() const {
  std::vector<std::string> options;
  for (const auto& s : signatures_) {
    if (!s.hidden) options.push_back(s.to_string());
  }
  return options;
}

// ---- PythonArgs
// ----------------------------------------------------------------------------------

Tensor PythonArgs::tensor(int i) const {
  PyObject* obj = args[i];
  if (!obj) return Tensor();
  if (is_tensor(obj)) return unpack(obj);
  if (is_scalar(obj)) return wrap_number(obj);
  type_error("expected Tensor as argument ", i, ", but got ", type_name(obj));
}

std::optional<Tensor> PythonArgs::optionalTensor(int i) const {
  Tensor t = tensor(i);
  if (t.defined()) return t;
  return std::nullopt;
}

Scalar PythonArgs::scalar(int i) const {
  if (!args[i]) return signature.params[i].default_scalar;
  return unpack_scalar(args[i]);
}

std::optional<Scalar> PythonArgs::scalarOptional(int i) const {
  if (!args[i]) return std::nullopt;
  return unpack_scalar(args[i]);
}

std::vector<Tensor> PythonArgs::tensorlist(int i) const {
  std::vector<Tensor> res;
  PyObject* arg = args[i];
  if (!arg) return res;
  const bool tuple = PyTuple_Check(arg);
  const Py_ssize_t size = tuple ? PyTuple_GET_SIZE(arg) : PyList_GET_SIZE(arg);
  res.reserve(size);
  for (Py_ssize_t k = 0; k < size; ++k) {
    res.push_back(unpack(tuple ? PyTuple_GET_ITEM(arg, k) : PyList_GET_ITEM(arg, k)));
  }
  return res;
}

std::vector<int64_t> PythonArgs::intlist(int i) const {
  PyObject* arg = args[i];
  if (!arg) return signature.params[i].default_intlist;
  const auto& param = signature.params[i];
  if (param.size > 0 && is_int(arg)) {
    return std::vector<int64_t>(param.size, unpack_int(arg));
  }
  const bool tuple = PyTuple_Check(arg);
  const Py_ssize_t size = tuple ? PyTuple_GET_SIZE(arg) : PyList_GET_SIZE(arg);
  std::vector<int64_t> res(size);
  for (Py_ssize_t k = 0; k < size; ++k) {
    PyObject* obj = tuple ? PyTuple_GET_ITEM(arg, k) : PyList_GET_ITEM(arg, k);
    auto fail = [&]() {
      type_error(signature.name, "(): argument '", param.name, "' must be ", param.type_name(),
                 ", but found element of type ", type_name(obj), " at pos ", k + 1);
    };
    if (is_tensor(obj)) {
      const Tensor& t = unpack(obj);
      if (t.numel() != 1 || !is_integral_type(t.scalar_type(), true)) fail();
      res[k] = t.item<int64_t>();
    } else {
      if (PyBool_Check(obj) && param.type == ParamType::SymIntList) fail();
      PyObject* index = PyNumber_Index(obj);
      if (!index) {
        PyErr_Clear();
        fail();
      }
      int overflow = 0;
      const long long v = PyLong_AsLongLongAndOverflow(index, &overflow);
      Py_DECREF(index);
      if (overflow != 0) fail();
      res[k] = v;
    }
  }
  return res;
}

std::optional<std::vector<int64_t>> PythonArgs::intlistOptional(int i) const {
  if (!args[i]) return std::nullopt;
  return intlist(i);
}

std::optional<Generator> PythonArgs::generator(int i) const {
  if (!args[i]) return std::nullopt;
  return reinterpret_cast<PyGenerator*>(args[i])->cdata;
}

ScalarType PythonArgs::scalartype(int i) const {
  PyObject* obj = args[i];
  if (!obj) {
    const auto& d = signature.params[i].default_scalartype;
    return d ? *d : get_default_dtype();
  }
  if (obj == reinterpret_cast<PyObject*>(&PyFloat_Type)) return kDouble;
  if (obj == reinterpret_cast<PyObject*>(&PyBool_Type)) return kBool;
  if (obj == reinterpret_cast<PyObject*>(&PyLong_Type)) return kLong;
  if (obj == reinterpret_cast<PyObject*>(&PyComplex_Type)) {
    runtime_error("ember does not support complex dtypes");
  }
  return reinterpret_cast<PyDtype*>(obj)->scalar_type;
}

std::optional<ScalarType> PythonArgs::scalartypeOptional(int i) const {
  if (!args[i]) return std::nullopt;
  return scalartype(i);
}

namespace {
Device to_device(PyObject* obj) {
  if (is_device(obj)) return reinterpret_cast<PyDevice*>(obj)->device;
  if (is_int(obj)) {
    const int64_t index = unpack_int(obj);
    EMBER_CHECK(index >= 0, "Device index must not be negative");
    return Device(kCUDA, static_cast<int8_t>(index));
  }
  return Device(std::string(PyUnicode_AsUTF8(obj)));
}
}  // namespace

Device PythonArgs::device(int i) const {
  if (!args[i]) return Device(kCPU);
  return to_device(args[i]);
}

std::optional<Device> PythonArgs::deviceOptional(int i) const {
  if (!args[i]) return std::nullopt;
  return to_device(args[i]);
}

std::string PythonArgs::string(int i) const {
  if (!args[i]) return signature.params[i].default_string;
  return PyUnicode_AsUTF8(args[i]);
}

std::optional<std::string> PythonArgs::stringOptional(int i) const {
  if (!args[i]) return std::nullopt;
  return std::string(PyUnicode_AsUTF8(args[i]));
}

int64_t PythonArgs::toInt64(int i) const {
  if (!args[i]) return signature.params[i].default_int;
  return unpack_int(args[i]);
}

std::optional<int64_t> PythonArgs::toInt64Optional(int i) const {
  if (!args[i]) return std::nullopt;
  return toInt64(i);
}

double PythonArgs::toDouble(int i) const {
  if (!args[i]) return signature.params[i].default_double;
  return unpack_double(args[i]);
}

std::optional<double> PythonArgs::toDoubleOptional(int i) const {
  if (!args[i]) return std::nullopt;
  return toDouble(i);
}

bool PythonArgs::toBool(int i) const {
  if (!args[i]) return signature.params[i].default_bool;
  return args[i] == Py_True;
}

std::optional<bool> PythonArgs::toBoolOptional(int i) const {
  if (!args[i]) return std::nullopt;
  return toBool(i);
}

void PythonArgs::check_unsupported(int i) const {
  if (args[i]) unsupported(i);
}

void PythonArgs::unsupported(int i) const {
  runtime_error(signature.name, "(): argument '", signature.params[i].name,
                "' is not supported by ember");
}

void PythonArgs::check_layout(int i) const {
  if (args[i] && args[i] != strided_layout()) {
    runtime_error(signature.name, "(): only the strided layout is supported by ember");
  }
}

void PythonArgs::check_memory_format(int i) const {
  if (args[i] && args[i] != contiguous_format() && args[i] != preserve_format()) {
    runtime_error(signature.name,
                  "(): only contiguous_format and preserve_format are supported by ember");
  }
}

void PythonArgs::check_pin_memory(int i) const {
  if (args[i] == Py_True) {
    runtime_error("Cannot access accelerator device when none is available.");
  }
}

TensorOptions PythonArgs::options(int dtype, int device, int requires_grad) const {
  TensorOptions o;
  if (dtype >= 0 && args[dtype]) o = o.dtype(scalartype(dtype));
  if (device >= 0 && args[device]) o = o.device(this->device(device));
  if (requires_grad >= 0) o = o.requires_grad(toBool(requires_grad));
  return o;
}

TensorOptions PythonArgs::creation_options(int dtype) const {
  check_layout(dtype + 1);
  check_pin_memory(dtype + 3);
  return options(dtype, dtype + 2, dtype + 4);
}

// ---- format_invalid_args
// ------------------------------------------------------------------------- PyTorch's description
// of a failed overload resolution, rule for rule.

namespace {

struct ArgType {
  // "float" accepts float, int and long; "int" int and long; "tuple[...]", "sequence[...]".
  std::vector<std::string> names;
  bool nullable = false;
  std::vector<ArgType> tuple_types;
  std::vector<ArgType> sequence_type;
  enum { Simple, Tuple, Sequence } kind = Simple;

  bool matches(PyObject* obj) const {
    if (nullable && obj == Py_None) return true;
    switch (kind) {
      case Tuple: {
        if (!PyTuple_Check(obj)) return false;
        if (PyTuple_GET_SIZE(obj) != static_cast<Py_ssize_t>(tuple_types.size())) return false;
        for (size_t i = 0; i < tuple_types.size(); ++i) {
          if (!tuple_types[i].matches(PyTuple_GET_ITEM(obj, i))) return false;
        }
        return true;
      }
      case Sequence: {
        if (!PySequence_Check(obj)) return false;
        const Py_ssize_t n = PySequence_Length(obj);
        for (Py_ssize_t i = 0; i < n; ++i) {
          py::object item = steal(PySequence_GetItem(obj, i));
          if (!sequence_type[0].matches(item.ptr())) return false;
        }
        return true;
      }
      case Simple:
      default:
        return std::find(names.begin(), names.end(), std::string(type_name(obj))) != names.end();
    }
  }
};

std::vector<std::string> split(const std::string& s, const std::string& delim) {
  std::vector<std::string> tokens;
  size_t start = 0, end = 0;
  while ((end = s.find(delim, start)) != std::string::npos) {
    tokens.push_back(s.substr(start, end - start));
    start = end + delim.size();
  }
  tokens.push_back(s.substr(start));
  return tokens;
}

ArgType build_type(const std::string& type_name_, bool nullable) {
  ArgType t;
  if (type_name_ == "float") {
    t.names = {"float", "int", "long"};
  } else if (type_name_ == "int") {
    t.names = {"int", "long"};
  } else if (type_name_.rfind("tuple[", 0) == 0) {
    std::string list = type_name_.substr(6);
    list.pop_back();
    t.kind = ArgType::Tuple;
    for (const auto& part : split(list, ",")) t.tuple_types.push_back(build_type(part, false));
  } else if (type_name_.rfind("sequence[", 0) == 0) {
    std::string sub = type_name_.substr(9);
    sub.pop_back();
    t.kind = ArgType::Sequence;
    t.sequence_type.push_back(build_type(sub, false));
  } else {
    t.names = {type_name_};
  }
  t.nullable = nullable;
  return t;
}

struct Option {
  std::vector<std::pair<std::string, ArgType>> arguments;
  bool is_variadic = false;
  bool has_out = false;
};

std::pair<Option, std::string> parse_option(
    const std::string& option_str_in, const std::unordered_map<std::string, PyObject*>& kwargs) {
  Option option;
  if (option_str_in == "no arguments") return {option, option_str_in};
  std::string printable = option_str_in;
  const std::string option_str = option_str_in.substr(1, option_str_in.size() - 2);
  const auto out_pos = printable.find('#');
  if (out_pos != std::string::npos) {
    if (kwargs.count("out") > 0) {
      const std::string kwonly = printable.substr(out_pos + 1);
      printable.erase(out_pos);
      printable += "*, ";
      printable += kwonly;
    } else if (out_pos >= 2) {
      printable.erase(out_pos - 2);
      printable += ")";
    } else {
      printable.erase(out_pos);
      printable += ")";
    }
    option.has_out = true;
  }
  for (auto arg : split(option_str, ", ")) {
    bool nullable = false;
    size_t type_start = 0;
    if (!arg.empty() && arg[type_start] == '#') ++type_start;
    if (type_start < arg.size() && arg[type_start] == '[') {
      nullable = true;
      ++type_start;
      arg.erase(arg.size() - std::string(" or None]").size());
    }
    size_t type_end = arg.find_last_of(' ');
    const size_t name_start = type_end + 1;
    if (arg.find("...") != std::string::npos) type_end -= 4;
    // The signatures hold "*" alone between positional and keyword-only arguments.
    if (type_end == std::string::npos) type_end = 0;
    const std::string tname =
        type_end >= type_start ? arg.substr(type_start, type_end - type_start) : std::string();
    const std::string name = name_start <= arg.size() ? arg.substr(name_start) : std::string();
    option.arguments.emplace_back(name, build_type(tname, nullable));
  }
  option.is_variadic = option_str.find("...") != std::string::npos;
  return {option, printable};
}

bool argcount_match(const Option& option, const std::vector<PyObject*>& args,
                    const std::unordered_map<std::string, PyObject*>& kwargs) {
  size_t num_expected = option.arguments.size();
  const size_t num_got = args.size() + kwargs.size();
  if (option.has_out && kwargs.count("out") == 0) --num_expected;
  return num_got == num_expected || (option.is_variadic && num_got > num_expected);
}

std::string formatted_arg_desc(const Option& option, const std::vector<PyObject*>& args,
                               const std::unordered_map<std::string, PyObject*>& kwargs) {
  std::string red, reset_red, green, reset_green;
  if (isatty(1) && isatty(2)) {
    red = "\33[31;1m";
    reset_red = "\33[0m";
    green = "\33[32;1m";
    reset_green = "\33[0m";
  } else {
    red = "!";
    reset_red = "!";
  }
  const size_t num_args = args.size() + kwargs.size();
  std::string result = "(";
  for (size_t i = 0; i < num_args; ++i) {
    const bool is_kwarg = i >= args.size();
    PyObject* arg = nullptr;
    if (is_kwarg) {
      if (i >= option.arguments.size()) continue;
      const auto it = kwargs.find(option.arguments[i].first);
      if (it == kwargs.end()) continue;  // (PyTorch's version would throw std::out_of_range)
      arg = it->second;
    } else {
      arg = args[i];
    }
    bool is_matching = false;
    if (i < option.arguments.size()) {
      is_matching = option.arguments[i].second.matches(arg);
    } else if (option.is_variadic) {
      is_matching = option.arguments.back().second.matches(arg);
    }
    result += is_matching ? green : red;
    if (is_kwarg) result += option.arguments[i].first + "=";
    result += type_name(arg);
    result += is_matching ? reset_green : reset_red;
    result += ", ";
  }
  if (!args.empty()) result.erase(result.size() - 2);
  result += ")";
  return result;
}

std::string arg_desc(const std::vector<PyObject*>& args,
                     const std::unordered_map<std::string, PyObject*>& kwargs) {
  std::string result = "(";
  for (PyObject* a : args) result += std::string(type_name(a)) + ", ";
  for (const auto& kv : kwargs) result += kv.first + "=" + type_name(kv.second) + ", ";
  if (!args.empty()) result.erase(result.size() - 2);
  result += ")";
  return result;
}

std::vector<std::string> try_match_kwargs(
    const Option& option, const std::unordered_map<std::string, PyObject*>& kwargs) {
  std::vector<std::string> unmatched;
  int64_t start =
      static_cast<int64_t>(option.arguments.size()) - static_cast<int64_t>(kwargs.size());
  if (option.has_out && kwargs.count("out") == 0) --start;
  if (start < 0) start = 0;
  for (const auto& kv : kwargs) {
    bool found = false;
    for (size_t i = static_cast<size_t>(start); i < option.arguments.size(); ++i) {
      if (option.arguments[i].first == kv.first) {
        found = true;
        break;
      }
    }
    if (!found) unmatched.push_back(kv.first);
  }
  return unmatched;
}

}  // namespace

std::string format_invalid_args(PyObject* given_args, PyObject* given_kwargs,
                                const std::string& function_name,
                                const std::vector<std::string>& options) {
  std::vector<PyObject*> args;
  // The same container as PyTorch's: keyword arguments are listed in its iteration order.
  std::unordered_map<std::string, PyObject*> kwargs;
  std::string msg = function_name + " received an invalid combination of arguments - ";
  for (Py_ssize_t i = 0; i < PyTuple_Size(given_args); ++i) {
    args.push_back(PyTuple_GET_ITEM(given_args, i));
  }
  const bool has_kwargs = given_kwargs && PyDict_Size(given_kwargs) > 0;
  if (has_kwargs) {
    PyObject *key = nullptr, *value = nullptr;
    Py_ssize_t pos = 0;
    while (PyDict_Next(given_kwargs, &pos, &key, &value)) {
      kwargs.emplace(PyUnicode_AsUTF8(key), value);
    }
  }

  if (options.size() == 1) {
    auto [option, option_str] = parse_option(options[0], kwargs);
    std::vector<std::string> unmatched;
    if (has_kwargs) unmatched = try_match_kwargs(option, kwargs);
    if (!unmatched.empty()) {
      msg += "got unrecognized keyword arguments: ";
      for (const auto& k : unmatched) msg += k + ", ";
      msg.erase(msg.size() - 2);
    } else {
      msg += "got ";
      msg += argcount_match(option, args, kwargs) ? formatted_arg_desc(option, args, kwargs)
                                                  : arg_desc(args, kwargs);
      msg += ", but expected ";
      msg += option_str;
    }
  } else {
    msg += "got ";
    msg += arg_desc(args, kwargs);
    msg += ", but expected one of:\n";
    for (const auto& option_str : options) {
      auto [option, printable] = parse_option(option_str, kwargs);
      msg += " * ";
      msg += printable;
      msg += "\n";
      if (argcount_match(option, args, kwargs)) {
        std::vector<std::string> unmatched;
        if (has_kwargs) unmatched = try_match_kwargs(option, kwargs);
        if (!unmatched.empty()) {
          msg += "      didn't match because some of the keywords were incorrect: ";
          for (const auto& k : unmatched) msg += k + ", ";
          msg.erase(msg.size() - 2);
          msg += "\n";
        } else {
          msg += "      didn't match because some of the arguments have invalid types: ";
          msg += formatted_arg_desc(option, args, kwargs);
          msg += "\n";
        }
      }
    }
  }
  return msg;
}

}  // namespace ember::python
