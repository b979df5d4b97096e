#!/usr/bin/env python3
"""Generates ember's per-op code from the op tables (src/ops/*.yaml), as PyTorch generates its
API from native_functions.yaml and derivatives.yaml, kept small enough to read in one sitting.

Each table entry is one op: an op with a kernel (`func:`, generated whole) or the binding of an
op whose C++ is written by hand (`name:`, its Python API generated). From them come, in the
build tree (never committed):
  include/ember/generated/tensor_methods.inc  the Tensor method declarations (inside class Tensor)
  include/ember/generated/functions.h         the free functions (ember::exp(t), ember::exp_(t))
  include/ember/generated/out_functions.h     their `_out` variants (ember::exp_out(out, t))
  src/<table>_ops.cpp                         the definitions: checks, kernel, autograd recording;
                                              the Tensor methods of hand-written functions ('cpp:')
  python/functions.inc, python/function_defs.inc   ember.<op>(...) and its table entry
  python/methods.inc, python/method_defs.inc       Tensor.<op>(...) and Tensor.<op>_(...)
  python/ember/__init__.pyi                   the stubs: the hand-written template with the
                                              generated lines at its "# @generated" markers

Usage: opgen.py OUT_DIR [--stubs TEMPLATE OUTPUT] TABLE.yaml...
"""
import argparse
import keyword
import os
import re
import sys

# ---- reading the tables ------------------------------------------------------------------------


def read_table(path):
    """The entries of a table: a YAML list of flat mappings with one-line string values (all the
    table format needs; Debian's python3 has no YAML parser without python3-yaml)."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = re.fullmatch(r"(- |  )([a-z_]+): (.+)", line)
            if not match:
                sys.exit(f"{path}:{number}: expected '- key: value' or '  key: value'")
            start, key, value = match.groups()
            if start == "- ":
                entries.append({})
            elif not entries:
                sys.exit(f"{path}:{number}: a key before the first '- '")
            if key in REPEATABLE:
                entries[-1].setdefault(key, []).append(value.strip())
                continue
            if key in entries[-1]:
                sys.exit(f"{path}:{number}: '{key}' given twice")
            entries[-1][key] = value.strip()
    where = lambda entry: f"{path} ({entry.get('func') or entry.get('name', '?')})"  # noqa: E731
    return [(Op if "func" in entry else Binding)(entry, where(entry)) for entry in entries]


KERNEL_RULES = {"math": "IntToFloat", "same": "Same", "rounding": "Rounding", "binary": None}
KNOWN_KEYS = {"func", "kernel", "check", "self", "other", "inplace", "alias", "doc"}


class Op:
    def __init__(self, entry, where):
        unknown = set(entry) - KNOWN_KEYS
        if unknown:
            sys.exit(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("func", "kernel", "doc"):
            if key not in entry:
                sys.exit(f"{where}: '{key}' is missing")
        match = re.fullmatch(r"([a-z0-9_]+)\(Tensor self(, Tensor other)?\) -> Tensor",
                             entry["func"])
        if not match:
            sys.exit(f"{where}: the schemas supported are '(Tensor self) -> Tensor' and "
                     "'(Tensor self, Tensor other) -> Tensor'")
        self.name, self.binary = match.group(1), bool(match.group(2))
        kind, _, kernel = entry["kernel"].partition(" ")
        if kind not in KERNEL_RULES or not re.fullmatch(r"[A-Z][A-Za-z0-9]*", kernel) or \
                (kind == "binary") != self.binary:
            sys.exit(f"{where}: kernel must be '{'|'.join(KERNEL_RULES)} OpName' (binary for a "
                     "binary op: a functor of src/kernels/binary_math.h)")
        self.rule, self.kernel = KERNEL_RULES[kind], kernel
        if self.binary and entry.get("check"):
            sys.exit(f"{where}: check is for unary ops")
        self.other_formula = entry.get("other")
        if self.binary and bool(entry.get("self")) != bool(self.other_formula):
            sys.exit(f"{where}: a binary op gives the derivatives for self and other, or neither")
        self.check = entry.get("check")
        self.formula = entry.get("self")
        self.inplace = entry.get("inplace", "yes") != "no"
        self.aliases = [a.strip() for a in entry.get("alias", "").split(",") if a.strip()]
        self.doc = entry["doc"]
        # PyTorch's node name: the op's name in title case (log1p: Log1PBackward0).
        self.node = "".join(part.title() for part in self.name.split("_")) + "Backward0"
        formulas = " ".join(f for f in (self.formula, self.other_formula) if f)
        self.reads_self = bool(re.search(r"\bself\b", formulas))
        self.reads_result = bool(re.search(r"\bresult\b", formulas))
        self.reads_other = bool(re.search(r"\bother\b", formulas))
        if self.reads_self and self.reads_result and not self.binary:
            sys.exit(f"{where}: a formula reads self or result, not both (so far)")


# ---- C++ ----------------------------------------------------------------------------------------

HEADER = "// Generated by tools/opgen.py from {tables}: edit the table, not this file.\n"


def formula_lambda(op, indent):
    """The derivative as the lambda autograd::record takes, and what it saves."""
    params = "const autograd::Grads& g"
    saved = ""
    if op.reads_self:
        params += ", const Tensor& self"
        saved = "autograd::save(self_)"
    elif op.reads_result:
        params += ", const Tensor& result"
        saved = "autograd::save_output(out)"
    pad = " " * indent
    body = (f"[]({params}) {{\n{pad}  const Tensor& grad = g[0];\n"
            f"{pad}  return {op.formula};\n{pad}}}")
    return body, saved


def kernel_call(op, inplace):
    fn = "unary_" if inplace else "unary"
    return f"ops::{fn}(self_, ops::UnaryRule::{op.rule}, " \
           f"kernels::UnaryOp::{op.kernel})"


def binary_definition(op):
    """A binary op: the kernel on the broadcast operands, and both derivatives recorded."""
    kernel = f"kernels::BinaryOp::{op.kernel}"
    lines = [f"Tensor Tensor::{op.name}(const Tensor& other) const {{",
             "  const Tensor& self_ = *this;",
             f"  Tensor out = ops::binary_math(self_, other, {kernel});"]
    if op.formula:
        params, saved = ["const autograd::Grads& g"], []
        for reads, name, save in ((op.reads_self, "self", "autograd::save(self_)"),
                                  (op.reads_other, "other", "autograd::save(other)"),
                                  (op.reads_result, "result", "autograd::save_output(out)")):
            if reads:
                params.append(f"const Tensor& {name}")
                saved.append(save)
        pad = " " * 21
        lines += ["  if (autograd::should_record(self_, other)) {",
                  f"    autograd::record(\"{op.node}\", out, {{self_, other}},",
                  f"{pad}[]({', '.join(params)}) {{",
                  f"{pad}  const Tensor& grad = g[0];",
                  f"{pad}  return autograd::tensor_list{{",
                  f"{pad}      g.needs(0) ? Tensor({op.formula}) : Tensor(),",
                  f"{pad}      g.needs(1) ? Tensor({op.other_formula}) : Tensor()}};",
                  f"{pad}}}{''.join(', ' + s for s in saved)});",
                  "  }"]
    lines += ["  return out;", "}"]
    if op.inplace:
        # In-place methods are const, as libtorch's (the handle is const, not the data).
        lines += [f"Tensor& Tensor::{op.name}_(const Tensor& other) const {{",
                  "  Tensor& self_ = const_cast<Tensor&>(*this);"]
        if op.formula:
            lines += ["  if (autograd::should_record(self_, other)) {",
                      f"    return ops::record_inplace(self_, {{other}}, "
                      f"[&other](const Tensor& s) {{ return s.{op.name}(other); }});",
                      "  }"]
        lines += [f"  ops::binary_math_(self_, other, {kernel});", "  return self_;", "}"]
    return "\n".join(lines) + "\n"


def definition(op):
    if op.binary:
        return binary_definition(op)
    lines = [f"Tensor Tensor::{op.name}() const {{", "  const Tensor& self_ = *this;"]
    if op.check:
        lines.append(f"  ops::{op.check}(self_);")
    lines.append(f"  Tensor out = {kernel_call(op, False)};")
    if op.formula:
        fn, saved = formula_lambda(op, 21)
        lines += ["  if (autograd::should_record(self_)) {",
                  f"    autograd::record(\"{op.node}\", out, {{self_}},",
                  f"                     {fn}{', ' + saved if saved else ''});",
                  "  }"]
    lines += ["  return out;", "}"]
    if not op.inplace:
        return "\n".join(lines) + "\n"
    lines += [f"Tensor& Tensor::{op.name}_() const {{", "  Tensor& self_ = const_cast<Tensor&>(*this);"]
    if op.check:
        lines.append(f"  ops::{op.check}(self_);")
    if op.formula:
        lines.append("  if (autograd::should_record(self_)) {")
        if op.reads_self:
            # The formula needs self's old value: the out-of-place op runs on a copy of it.
            lines.append(f"    return ops::record_inplace(self_, {{}}, "
                         f"[](const Tensor& s) {{ return s.{op.name}(); }});")
        else:
            fn, _ = formula_lambda(op, 8)
            lines += [f"    return autograd::record_inplace_result(",
                      f"        self_, \"{op.node}\", [&self_] {{ {kernel_call(op, True)}; }},",
                      f"        {fn});"]
        lines.append("  }")
    lines += [f"  {kernel_call(op, True)};", "  return self_;", "}"]
    return "\n".join(lines) + "\n"


def write_cpp(out_dir, tables, ops_by_table, bindings_by_table):
    names = ", ".join(os.path.basename(t) for t in tables)
    method_lines, function_lines, out_lines = [], [], []
    for bindings in bindings_by_table.values():
        for b in bindings:
            for decl in b.cpp:
                function_lines.append(decl.text + ";")
                if decl.has_self() and (b.method or decl.name.endswith("_")):
                    method_lines.append(decl.method_declaration())
    for ops in ops_by_table.values():
        for op in ops:
            # (parameters after self, the arguments they pass)
            params, args = ("const Tensor& other", "other") if op.binary else ("", "")
            first = ", " + params if params else ""
            method_lines.append(f"Tensor {op.name}({params}) const;")
            if op.inplace:
                method_lines.append(f"Tensor& {op.name}_({params}) const;")
            for name in [op.name] + op.aliases:
                function_lines.append(f"inline Tensor {name}(const Tensor& self{first}) "
                                      f"{{ return self.{op.name}({args}); }}")
                out_lines.append(f"inline Tensor& {name}_out(Tensor& out, const Tensor& self{first}) "
                                 f"{{ return detail::write_out(out, self.{op.name}({args}), "
                                 f"\"{name}\"); }}")
                if op.inplace:
                    function_lines.append(f"inline Tensor& {name}_(Tensor& self{first}) "
                                          f"{{ return self.{op.name}_({args}); }}")
            for alias in op.aliases:
                method_lines.append(
                    f"Tensor {alias}({params}) const {{ return {op.name}({args}); }}")
                if op.inplace:
                    method_lines.append(
                        f"Tensor& {alias}_({params}) const {{ return {op.name}_({args}); }}")
    include = os.path.join(out_dir, "include", "ember", "generated")
    write(os.path.join(include, "tensor_methods.inc"),
          HEADER.format(tables=names) + "// Inside class Tensor (ember/core/Tensor.h).\n" +
          "".join(f"  {line}\n" for line in method_lines))
    write(os.path.join(include, "functions.h"),
          HEADER.format(tables=names) + "#pragma once\n#include \"ember/core/Tensor.h\"\n\n"
          "namespace ember {\n\n" + "".join(f"{line}\n" for line in function_lines) +
          "\n}  // namespace ember\n")
    write(os.path.join(include, "out_functions.h"),
          HEADER.format(tables=names) + "#pragma once\n// libtorch's `_out` variants of the table's "
          "element-wise ops (included by ember/ops/out.h).\n#include \"ember/ops/out.h\"\n\n"
          "namespace ember {\n\n" + "".join(f"{line}\n" for line in out_lines) +
          "\n}  // namespace ember\n")
    for table, ops in ops_by_table.items():
        family = os.path.splitext(os.path.basename(table))[0]
        text = HEADER.format(tables=os.path.basename(table))
        methods = [decl.method_definition() for b in bindings_by_table[table] for decl in b.cpp
                   if decl.has_self() and (b.method or decl.name.endswith("_"))]
        if not ops:  # a table of bindings only: the methods of hand-written functions
            if methods:
                text += ("#include \"ember/generated/functions.h\"\n\nnamespace ember {\n\n" +
                         "\n".join(methods) + "\n}  // namespace ember\n")
            write(os.path.join(out_dir, "src", f"{family}_ops.cpp"), text)
            continue
        text += ("#include <cmath>\n#include <numbers>\n\n#include \"autograd/function.h\"\n"
                 "#include \"ember/ops/creation.h\"\n#include \"ember/ops/elementwise.h\"\n"
                 "#include \"ops/elementwise.h\"\n"
                 f"#include \"ops/{family}.h\"\n\nnamespace ember {{\n\n")
        text += "\n".join([definition(op) for op in ops] + methods)
        text += "\n}  // namespace ember\n"
        write(os.path.join(out_dir, "src", f"{family}_ops.cpp"), text)


# ---- Python -------------------------------------------------------------------------------------
#
# A binding is one Python name: its signatures in PyTorch's Python-signature syntax (what
# python/src/arg_parser.h parses), each with the C++ call it makes. The function takes them as
# written; the method drops `Tensor input` (which becomes self) and `out`; the in-place method
# calls NAME_ instead of NAME.

REPEATABLE = {"sig", "method_sig", "inplace_sig", "cpp"}


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


BINDING_KEYS = {"name", "sig", "method_sig", "inplace_sig", "variants", "inplace", "alias",
                "overlap", "returns", "doc", "cpp", "module"}
OVERLAPS = {"none": "None", "internal": "Internal", "partial": "Partial", "any": "Any"}

# How a parsed argument is read (PythonArgs in arg_parser.h), by type ("[N]" sizes dropped).
ACCESSORS = {
    "Tensor": "r.tensor({i})", "Tensor?": "r.optionalTensor({i})",
    "Scalar": "r.scalar({i})", "Scalar?": "r.scalarOptional({i})",
    "int64_t": "r.toInt64({i})", "int64_t?": "r.toInt64Optional({i})", "SymInt": "r.toInt64({i})",
    "SymInt?": "r.toInt64Optional({i})",
    "double": "r.toDouble({i})", "double?": "r.toDoubleOptional({i})",
    "bool": "r.toBool({i})", "bool?": "r.toBoolOptional({i})",
    "IntArrayRef": "r.intlist({i})", "IntArrayRef?": "r.intlistOptional({i})",
    "SymIntArrayRef": "r.intlist({i})", "TensorList": "r.tensorlist({i})",
    "ScalarType": "r.scalartype({i})", "ScalarType?": "r.scalartypeOptional({i})",
    "c10::string_view": "r.string({i})", "c10::string_view?": "view_of(r.stringOptional({i}))",
    "Generator?": "r.generator({i})", "Device?": "r.deviceOptional({i})",
    "PyObject*": "r.pyobject({i})",
}
# Parameters ember lacks: checked (their default accepted), never passed on.
CHECKS = {"Dimname?": "check_unsupported", "DimnameList?": "check_unsupported",
          "Layout?": "check_layout", "MemoryFormat?": "check_memory_format",
          "MemoryFormat": "check_memory_format"}
UNSUPPORTED = {"Dimname", "DimnameList"}  # a signature that requires one is refused
STUB_TYPES = {
    "Tensor": "Tensor", "Scalar": "Number", "int64_t": "builtins.int", "SymInt": "builtins.int",
    "double": "builtins.float", "bool": "builtins.bool", "IntArrayRef": "_size",
    "SymIntArrayRef": "_size", "TensorList": "Sequence[Tensor]", "ScalarType": "dtype",
    "c10::string_view": "str", "Generator": "Generator", "Device": "_device", "PyObject*": "Any",
    "MemoryFormat": "memory_format", "Layout": "layout",
}


class Param:
    def __init__(self, text, keyword_only, where):
        match = re.fullmatch(r"([A-Za-z_:0-9]+\*?)(\[\d+\])?(\?)? ([a-z_0-9]+)(=.+)?", text)
        if not match:
            sys.exit(f"{where}: cannot read the parameter '{text}'")
        base, size, question, name, default = match.groups()
        self.type = base + (question or "")  # without the [N] size
        self.base, self.sized = base, bool(size)
        self.name, self.default, self.keyword_only = name, default, keyword_only
        self.text = text

    def accessor(self, i):
        return ACCESSORS[self.type].format(i=i) if self.type in ACCESSORS else None


class Signature:
    """One overload: '(Tensor input, Tensor other, *, Tensor out=None) => input.add(other)'."""

    def __init__(self, name, text, where, call=None):
        if call is None:
            text, _, call = text.partition("=>")
        text, call = text.strip(), call.strip() or None
        self.deprecated = text.endswith("|deprecated")
        text = text.removesuffix("|deprecated")
        if not (text.startswith("(") and text.endswith(")")):
            sys.exit(f"{where}: a signature is '(params) [=> call]', not '{text}'")
        self.params, keyword_only = [], False
        for part in filter(None, (p.strip() for p in text[1:-1].split(","))):
            if part == "*":
                keyword_only = True
            else:
                self.params.append(Param(part, keyword_only, where))
        self.name, self.call, self.where = name, call, where
        self.method = False  # a method's overload: no `Tensor input` (self is the tensor)
        self.pair = False  # a method of a function whose out is TensorList[2]: a named tuple
        self.out = next((i for i, p in enumerate(self.params) if p.name == "out"), None)
        self.refused = next((i for i, p in enumerate(self.params) if p.type in UNSUPPORTED), None)

    def text(self, name):
        parts, star = [], False
        for p in self.params:
            if p.keyword_only and not star:
                parts.append("*")
                star = True
            parts.append(p.text)
        return f"{name}({', '.join(parts)})" + ("|deprecated" if self.deprecated else "")

    def as_method(self):
        """The method's overload: self instead of `Tensor input`, no out."""
        copy = Signature.__new__(Signature)
        copy.__dict__.update(self.__dict__)
        copy.params = [p for p in self.params[1:] if p.name != "out"]
        copy.pair = self.out is not None and self.params[self.out].type == "TensorList"
        copy.out = None
        copy.refused = next((i for i, p in enumerate(copy.params) if p.type in UNSUPPORTED), None)
        copy.method = True
        return copy

    def is_method_form(self):
        return bool(self.params) and self.params[0].type == "Tensor" and \
            self.params[0].name == "input"

    def default_call(self, name):
        passed = [p.name for p in self.params if p.name != "out" and p.type in ACCESSORS]
        if self.method or self.is_method_form():
            rest = passed if self.method else passed[1:]
            return f"input.{name}({', '.join(rest)})"
        return f"{name}({', '.join(passed)})"


def split_top(text):
    """text split at the commas outside <>, () and {}."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += c in "<({"
        depth -= c in ">)}"
        if c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    tail = text[start:].strip()
    return parts + [tail] if tail else parts


class CppDecl:
    """A C++ free function an op's hand-written code defines ('cpp:' in a binding): declared in
    functions.h; with a Tensor method as well (declared in class Tensor, defined as a call of the
    function) when its first parameter is `self` and the binding has a method."""

    def __init__(self, text, where):
        match = re.fullmatch(r"(.+?[\s&*])([a-z_0-9]+)\((.*)\)", text)
        if not match:
            sys.exit(f"{where}: cannot read the C++ declaration '{text}'")
        self.result, self.name = match.group(1).strip(), match.group(2)
        self.params = []  # (declaration, name, default or None)
        for param in split_top(match.group(3)):
            decl, _, default = param.partition("=")
            name = re.search(r"([A-Za-z_0-9]+)$", decl.strip())
            if not name:
                sys.exit(f"{where}: cannot read the C++ parameter '{param}'")
            self.params.append((decl.strip(), name.group(1), default.strip() or None))
        self.text = text

    def has_self(self):
        return bool(self.params) and self.params[0][1] == "self"

    def method_declaration(self):
        # In-place methods are const too, as libtorch's (the handle is const, not the data).
        const = " const" if self.params[0][0].startswith("const ") or self.name.endswith("_") \
            else ""
        rest = ", ".join(d + (f" = {v}" if v else "") for d, _, v in self.params[1:])
        return f"{self.result} {self.name}({rest}){const};"

    def method_definition(self):
        const_self = self.params[0][0].startswith("const ")
        const = " const" if const_self or self.name.endswith("_") else ""
        this = "*this" if const_self else "const_cast<Tensor&>(*this)"
        rest = ", ".join(d for d, _, _ in self.params[1:])
        args = ", ".join([this] + [n for _, n, _ in self.params[1:]])
        return (f"{self.result} Tensor::{self.name}({rest}){const} {{\n"
                f"  return ember::{self.name}({args});\n}}\n")


class Binding:
    def __init__(self, entry, where):
        unknown = set(entry) - BINDING_KEYS
        if unknown:
            sys.exit(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("name", "doc"):
            if key not in entry:
                sys.exit(f"{where}: '{key}' is missing")
        if "sig" not in entry and "method_sig" not in entry:
            sys.exit(f"{where}: 'sig' or 'method_sig' is missing")
        self.name = entry["name"]
        self.sigs = [Signature(self.name, s, where) for s in entry.get("sig", [])]
        self.method_sigs = self.method_signatures(entry.get("method_sig"), where)
        self.inplace_sigs = self.method_signatures(entry.get("inplace_sig"), where)
        variants = [v.strip() for v in entry.get("variants", "function, method").split(",")]
        if not set(variants) <= {"function", "method"} or not variants:
            sys.exit(f"{where}: variants is 'function', 'method' or both")
        self.function, self.method = "function" in variants, "method" in variants
        if self.function and not self.sigs:
            sys.exit(f"{where}: a function needs 'sig'")
        self.inplace = entry.get("inplace", "no") == "yes"
        self.aliases = [a.strip() for a in entry.get("alias", "").split(",") if a.strip()]
        overlap = entry.get("overlap", "partial")
        self.overlap = f"OutOverlap::{OVERLAPS[overlap]}" if overlap in OVERLAPS else overlap
        self.returns = entry.get("returns", "Tensor")
        self.module = entry.get("module", "")
        if self.module not in ("", "nn"):
            sys.exit(f"{where}: module is nn or absent")
        self.doc = entry["doc"]
        self.where = where
        self.cpp = [CppDecl(text, where) for text in entry.get("cpp", [])]

    def method_signatures(self, texts, where):
        if texts is None:
            return None
        sigs = [Signature(self.name, text, where) for text in texts]
        for sig in sigs:
            sig.method = True
        return sigs

    def methods(self):
        if self.method_sigs is not None:
            return self.method_sigs
        return [s.as_method() for s in self.sigs if s.is_method_form()]

    def inplace_methods(self):
        return self.inplace_sigs if self.inplace_sigs is not None else self.methods()


def op_binding(op):
    """The binding of an op with a kernel: ember.<op>(input[, other], *, out=None), the method
    and the in-place method."""
    other = "Tensor other, " if op.binary else ""
    return Binding({"name": op.name, "sig": [f"(Tensor input, {other}*, Tensor out=None)"],
                    "inplace": "yes" if op.inplace else "no", "alias": ", ".join(op.aliases),
                    "doc": op.doc}, op.name)


def substitute(call, values):
    """The call with each parameter name replaced by how its value is read."""
    return re.sub(r"(?<![.:\w])([a-z_][a-z_0-9]*)\b(?!\s*\()",
                  lambda m: values.get(m.group(1), m.group(1)), call)


OPTIONS = ["dtype", "layout", "device", "pin_memory", "requires_grad"]


def options_index(sig):
    """Where a creation function's (dtype, layout, device, pin_memory, requires_grad) begin."""
    names = [p.name for p in sig.params]
    for i in range(len(names) - len(OPTIONS) + 1):
        if names[i:i + len(OPTIONS)] == OPTIONS:
            return i
    return None


def case_body(b, sig, name, call_name, method, inplace):
    """The statements of one overload's case, ending in its return. `options` in a call is the
    TensorOptions of the five creation parameters (layout and pin_memory checked)."""
    lines, values = [], {}
    first = options_index(sig)
    if first is not None:
        values["options"] = f"r.creation_options({first})"
    for i, p in enumerate(sig.params):
        if p.type in CHECKS and not (first is not None and i == first + 1):
            lines.append(f"r.{CHECKS[p.type]}({i});")
        accessor = p.accessor(i)
        if accessor:
            values[p.name] = accessor
    if sig.refused is not None:
        return lines + [f"r.unsupported({sig.refused});"]
    values["input"] = "self" if method else values.get("input", "input")
    call = sig.call or sig.default_call(call_name)
    writes_out = sig.out is not None and re.search(r"\bout\b", sig.call or "")
    if writes_out:  # a call that writes out itself
        lines.append(f"Tensor out = r.has({sig.out}) ? r.tensor({sig.out}) : Tensor();")
        values.update(out="out", has_out=f"r.has({sig.out})")
    if inplace:  # input.op(...) becomes input.op_(...)
        call, found = re.subn(r"^input\.(\w+)\(", r"input.\1_(", call)
        if not found:
            sys.exit(f"{b.where}: the in-place form needs a call 'input.op(...)'")
    if name.endswith("_") and not method:  # a function writing its first tensor returns it
        lines.append("Tensor written = r.tensor(0);")
        values[sig.params[0].name] = "written"
        call = substitute(call, values)
        return lines + [f"{call};", "return py::handle(r.pyobject(0)).inc_ref().ptr();"]
    call = substitute(call, values)
    if inplace or name.endswith("_"):
        return lines + [f"{call};", "return return_self(self_);"]
    if sig.out is not None and sig.params[sig.out].type == "TensorList":  # (values, indices)
        return lines + [f"return with_out_pair(r, {sig.out}, \"{name}\", {call});"]
    if sig.pair:  # the method of such a function
        return lines + [f"return return_tuple(\"{name}\", {call});"]
    if writes_out:
        return lines + [f"return wrap({call});"]
    if sig.out is not None:
        return lines + [f"return with_out(r, {sig.out}, {call}, {b.overlap});"]
    return lines + [f"return wrap({call});"]


def parser_function(b, name, sigs, method, inplace):
    """One PyCFunction: the parser over the overloads, then a case per overload."""
    fn = f"{'m' if method else 'f'}_{name}{'_' if inplace else ''}"
    shown = name + ("_" if inplace else "")
    mutable = inplace or name.endswith("_")
    binding = "Tensor& self = unpack_mutable(self_);" if mutable else \
        "const Tensor& self = unpack(self_);"
    if method and not any(s.params for s in sigs):
        (sig,) = sigs
        body = case_body(b, sig, shown, b.name, method, inplace)
        return (f"PyObject* {fn}(PyObject* self_, PyObject*) {{\n  EMBER_PY_TRY\n  {binding}\n"
                + "".join(f"  {line}\n" for line in body) + "  EMBER_PY_CATCH(nullptr)\n}\n")
    size = max(len(s.params) for s in sigs)
    head = (f"PyObject* {fn}(PyObject*{' self_' if method else ''}, PyObject* args, "
            "PyObject* kwargs)")
    text = f"{head} {{\n  EMBER_PY_TRY\n  static PythonArgParser parser({{\n"
    text += "".join(f"      {c_string(s.text(shown))},\n" for s in sigs)
    text += f"  }});\n  ParsedArgs<{max(size, 1)}> p;\n"
    text += f"  auto r = parser.parse({'self_, ' if method else ''}args, kwargs, p);\n"
    if method:
        text += f"  {binding}\n"
    for k, sig in enumerate(sigs):
        body = case_body(b, sig, shown, b.name, method, inplace)
        if k + 1 == len(sigs):
            text += "".join(f"  {line}\n" for line in body)
        else:
            text += f"  if (r.idx == {k}) {{\n" + "".join(f"    {line}\n" for line in body) + \
                "  }\n"
    return text + "  EMBER_PY_CATCH(nullptr)\n}\n"


def doc_signature(name, sig, returns):
    """'add(input, other, *, alpha=1, out=None) -> Tensor': the docstring's first line."""
    parts, star = [], False
    for p in sig.params:
        if p.keyword_only and not star:
            parts.append("*")
            star = True
        parts.append(p.name + (p.default or ""))
    shown = {"Tensor": "Tensor", "builtins.bool": "bool", "builtins.int": "int"}
    return f"{name}({', '.join(parts)}) -> {shown.get(returns, returns)}"


def table_entry(name, fn, sigs, doc, returns):
    shown = [s for s in sigs if not s.deprecated and s.refused is None] or sigs
    text = doc_signature(name, shown[-1], returns) + "\n\n" + doc
    flags = "METH_NOARGS" if not any(s.params for s in sigs) else "METH_VARARGS | METH_KEYWORDS"
    cast = fn if flags == "METH_NOARGS" else f"fn_cast({fn})"
    return f"{{\"{name}\", {cast}, {flags}, {c_string(text)}}},"


def write_python(out_dir, bindings):
    functions, methods, method_defs = [], [], []
    function_defs = {"": [], "nn": []}  # by module: _C._VariableFunctions, _C._nn
    for b in bindings:
        for name in [b.name] + b.aliases:
            doc = b.doc if name == b.name else f"Alias of {b.name}()."
            if b.function:
                sigs = b.sigs
                functions.append(parser_function(b, name, sigs, False, False))
                function_defs[b.module].append(table_entry(name, f"f_{name}", sigs, doc,
                                                           b.returns))
            msigs = b.methods()
            if b.method and msigs:
                methods.append(parser_function(b, name, msigs, True, False))
                method_defs.append(table_entry(name, f"m_{name}", msigs, doc, b.returns))
                if b.inplace:
                    isigs = b.inplace_methods()
                    methods.append(parser_function(b, name, isigs, True, True))
                    method_defs.append(table_entry(f"{name}_", f"m_{name}_", isigs,
                                                   f"In-place {b.name}().", b.returns))
    py = os.path.join(out_dir, "python")
    header = HEADER.format(tables="src/ops/*.yaml")
    write(os.path.join(py, "functions.inc"), header + "\n".join(functions))
    write(os.path.join(py, "function_defs.inc"), header + "\n".join(function_defs[""]) + "\n")
    write(os.path.join(py, "nn_function_defs.inc"),
          header + "\n".join(function_defs["nn"]) + "\n")
    write(os.path.join(py, "methods.inc"), header + "\n".join(methods))
    write(os.path.join(py, "method_defs.inc"), header + "\n".join(method_defs) + "\n")


# The ops whose Tensor parameters also take numbers (arg_parser.cpp's list, as PyTorch's).
NUMBERS_AS_TENSORS = {"add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide",
                      "floor_divide"}


def stub_line(name, sig, returns, method):
    parts, star = (["self"] if method else []), False
    for p in sig.params:
        if p.keyword_only and not star:
            parts.append("*")
            star = True
        if p.base not in STUB_TYPES:
            return None
        kind = STUB_TYPES[p.base]
        if p.base == "Tensor" and p.name not in ("input", "out") and \
                name.rstrip("_") in NUMBERS_AS_TENSORS:
            kind = "Union[Tensor, Number]"
        if p.base == "IntArrayRef" and p.sized:
            kind = "Union[builtins.int, _size]"
        if method:
            kind = re.sub(r"\bTensor\b", '"Tensor"', kind)
        if p.type.endswith("?") or p.default == "=None":
            kind = f"Optional[{kind}]"
        name_ = p.name + "_" if keyword.iskeyword(p.name) else p.name  # can_cast(from_, to)
        parts.append(f"{name_}: {kind}" + (" = ..." if p.default else ""))
    result = '"Tensor"' if method and returns == "Tensor" else returns
    pad = "    " if method else ""
    return f"{pad}def {name}({', '.join(parts)}) -> {result}: ..."


def varargs_stub(line):
    """A shape's other spelling, as PyTorch's stubs give it: zeros(2, 3) beside zeros((2, 3))."""
    match = re.match(r"(\s*def \w+\((?:self, )?)(\w+): _size(, \*)?(.*)$", line)
    if not match or (not match.group(3) and not match.group(4).startswith(")")):
        return None  # only when everything after the shape is keyword-only
    return f"{match.group(1)}*{match.group(2)}: builtins.int{match.group(4)}"


def stub_lines(name, sigs, returns, method):
    lines = [line for s in sigs if not s.deprecated and s.refused is None
             for line in [stub_line(name, s, returns, method)] if line]
    lines += [v for line in lines for v in [varargs_stub(line)] if v]
    if len(lines) <= 1:
        return lines
    pad = "    " if method else ""
    return [text for line in lines for text in (f"{pad}@overload", line)]


def write_stubs(template, output, bindings):
    functions, methods = [], []
    for b in bindings:
        for name in [b.name] + b.aliases:
            if b.function and not b.module:
                functions += stub_lines(name, b.sigs, b.returns, False)
            msigs = b.methods()
            if b.method and msigs:
                methods += stub_lines(name, msigs, b.returns, True)
                if b.inplace:
                    methods += stub_lines(name + "_", b.inplace_methods(), b.returns, True)
    with open(template, encoding="utf-8") as f:
        text = f.read()
    for marker, lines in (("# @generated functions", functions),
                          ("    # @generated methods", methods)):
        if text.count(marker + "\n") != 1:
            sys.exit(f"{template}: expected one line '{marker}'")
        text = text.replace(marker + "\n", "\n".join(lines) + "\n")
    write(output, text)


def write(path, text):
    """Writes path only when its text changes (so that nothing rebuilds needlessly)."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--stubs", nargs=2, metavar=("TEMPLATE", "OUTPUT"))
    parser.add_argument("tables", nargs="+")
    args = parser.parse_args()
    entries = {table: read_table(table) for table in args.tables}
    ops_by_table = {table: [e for e in es if isinstance(e, Op)] for table, es in entries.items()}
    bindings = [op_binding(e) if isinstance(e, Op) else e
                for es in entries.values() for e in es]
    seen = set()
    for b in bindings:
        for name in [b.name] + b.aliases:
            if name in seen:
                sys.exit(f"op '{name}' is declared twice")
            seen.add(name)
    bindings_by_table = {table: [e for e in es if isinstance(e, Binding)]
                         for table, es in entries.items()}
    write_cpp(args.out_dir, args.tables, ops_by_table, bindings_by_table)
    write_python(args.out_dir, bindings)
    if args.stubs:
        write_stubs(args.stubs[0], args.stubs[1], bindings)


if __name__ == "__main__":
    main()
