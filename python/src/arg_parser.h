#pragma once
// Argument parsing for the bindings, with PyTorch's semantics: each function lists its signatures
// in PyTorch's own declaration syntax, e.g.
//
//   static PythonArgParser parser({
//       "sum(*, ScalarType? dtype=None)",
//       "sum(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)",
//   });
//   ParsedArgs<3> parsed;
//   PythonArgs r = parser.parse(self, args, kwargs, parsed);
//   switch (r.idx) { case 0: ... r.scalartypeOptional(0) ... }
//
// The first signature the arguments match is chosen, as in PyTorch; when none matches, the
// TypeError carries PyTorch's message ("sum() received an invalid combination of arguments - got
// ..., but expected one of: ..."). The signatures are PyTorch's own, types ember lacks included
// (Dimname, Layout, ...), so that messages list what PyTorch lists.
#include <optional>
#include <string>
#include <vector>

#include "common.h"

namespace ember::python {

enum class ParamType : uint8_t {
  Tensor,
  Scalar,
  Int64,
  SymInt,
  Double,
  Complex,
  TensorList,
  IntList,
  SymIntList,
  FloatList,
  Generator,
  Bool,
  Storage,
  PyObject,
  ScalarType,
  Layout,
  MemoryFormat,
  QScheme,
  Device,
  Stream,
  String,
  Dimname,
  DimnameList,
  ScalarList,
};

struct FunctionParameter {
  FunctionParameter(const std::string& fmt, bool keyword_only);

  // Whether obj can bind to this parameter; failed_idx: the bad element of a list.
  bool check(PyObject* obj, int64_t* failed_idx) const;
  std::string type_name() const;

  ParamType type = ParamType::PyObject;
  bool optional = false;    // has a default
  bool allow_none = false;  // None binds (as "not given")
  bool keyword_only = false;
  bool allow_numbers_as_tensors = false;
  int size = 0;  // IntArrayRef[2]: a single int is accepted and repeated
  std::string name;
  PyObject* python_name = nullptr;  // interned
  std::vector<PyObject*> numpy_python_names;

  Scalar default_scalar;
  std::vector<int64_t> default_intlist;
  std::string default_string;
  bool default_bool = false;
  int64_t default_int = 0;
  double default_double = 0;
  std::optional<ScalarType> default_scalartype;

 private:
  void set_default(const std::string& s);
};

struct FunctionSignature {
  FunctionSignature(const std::string& fmt, int index);

  bool parse(PyObject* self, PyObject* args, PyObject* kwargs, PyObject* dst[],
             bool raise_exception) const;
  // "(Tensor other, *, Number alpha)" as PyTorch prints a signature in its messages.
  std::string to_string() const;

  std::string name;
  std::vector<FunctionParameter> params;
  size_t min_args = 0;
  size_t max_args = 0;
  size_t max_pos_args = 0;
  int index = 0;
  bool hidden = false;
  bool deprecated = false;
};

class PythonArgs {
 public:
  PythonArgs(const FunctionSignature& signature, PyObject** args)
      : idx(signature.index), signature(signature), args(args) {}

  int idx;  // which signature matched (its position in the parser's list)
  const FunctionSignature& signature;
  PyObject** args;

  bool has(int i) const { return args[i] != nullptr; }
  bool isNone(int i) const { return args[i] == nullptr; }

  Tensor tensor(int i) const;
  std::optional<Tensor> optionalTensor(int i) const;
  Scalar scalar(int i) const;
  std::optional<Scalar> scalarOptional(int i) const;
  std::vector<Tensor> tensorlist(int i) const;
  std::vector<int64_t> intlist(int i) const;
  std::optional<std::vector<int64_t>> intlistOptional(int i) const;
  std::optional<Generator> generator(int i) const;
  ScalarType scalartype(int i) const;
  std::optional<ScalarType> scalartypeOptional(int i) const;
  Device device(int i) const;
  std::optional<Device> deviceOptional(int i) const;
  std::string string(int i) const;
  std::optional<std::string> stringOptional(int i) const;
  PyObject* pyobject(int i) const { return args[i] ? args[i] : Py_None; }
  int64_t toInt64(int i) const;
  std::optional<int64_t> toInt64Optional(int i) const;
  double toDouble(int i) const;
  std::optional<double> toDoubleOptional(int i) const;
  bool toBool(int i) const;
  std::optional<bool> toBoolOptional(int i) const;

  // Parameters ember does not implement: their default is accepted, anything else raises.
  // (names=..., out=..., layout=..., pin_memory=True, memory_format other than contiguous or
  // preserve)
  void check_unsupported(int i) const;
  // A required parameter ember does not implement (a Dimname): always raises.
  [[noreturn]] void unsupported(int i) const;
  void check_layout(int i) const;
  void check_memory_format(int i) const;
  void check_pin_memory(int i) const;
  // A creation function's options: (dtype, layout, device, pin_memory, requires_grad) from i.
  TensorOptions creation_options(int i) const;
  // TensorOptions from dtype/device/requires_grad at positions (dtype may be absent: -1).
  TensorOptions options(int dtype, int device, int requires_grad) const;
};

// An optional string argument as the optional view ember's functions take (it views the
// argument's temporary: use it within one call expression).
inline std::optional<std::string_view> view_of(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

template <int N>
struct ParsedArgs {
  PyObject* args[N] = {};
};

class PythonArgParser {
 public:
  PythonArgParser(std::initializer_list<const char*> fmts);

  template <int N>
  PythonArgs parse(PyObject* self, PyObject* args, PyObject* kwargs, ParsedArgs<N>& dst) {
    static_assert(N > 0);
    if (static_cast<size_t>(N) < max_args_) {
      runtime_error(
          "PythonArgParser: dst ParsedArgs buffer does not have enough capacity, expected ",
          max_args_, " (got ", N, ")");
    }
    return raw_parse(self, args, kwargs, dst.args);
  }
  template <int N>
  PythonArgs parse(PyObject* args, PyObject* kwargs, ParsedArgs<N>& dst) {
    return parse(nullptr, args, kwargs, dst);
  }
  std::vector<std::string> get_signatures() const;

 private:
  PythonArgs raw_parse(PyObject* self, PyObject* args, PyObject* kwargs, PyObject* dst[]);
  [[noreturn]] void print_error(PyObject* self, PyObject* args, PyObject* kwargs, PyObject* dst[]);

  std::vector<FunctionSignature> signatures_;
  std::string function_name_;
  size_t max_args_ = 0;
};

// "foo() received an invalid combination of arguments - got (...), but expected ..." (PyTorch's
// torch/csrc/utils/invalid_arguments.cpp format).
std::string format_invalid_args(PyObject* args, PyObject* kwargs, const std::string& function_name,
                                const std::vector<std::string>& options);

}  // namespace ember::python
