// conv2d and the poolings against real PyTorch (tests/reference/conv.json, from gen_conv.py): for
// every case the forward values, the grad_fn name and the gradients of input, weight and bias,
// plus gradcheck in float64; for every error case the exception type and PyTorch's message. The
// JSON names each case's op and arguments and call() rebuilds the libtorch-style call from them.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "autograd/grad_cases.h"
#include "ember/ops/conv.h"

namespace {

using ember::Tensor;
using nlohmann::json;

std::vector<int64_t> ints(const json& args, const char* key, std::vector<int64_t> fallback) {
  return args.contains(key) ? args.at(key).get<std::vector<int64_t>>() : fallback;
}

// Elements above args["fill_above"] replaced by NaN or an infinity (gen_conv.py's prepare).
Tensor prepare(const Tensor& x, const json& args) {
  if (!args.contains("fill_above")) return x;
  const std::string v = args.at("fill_value").get<std::string>();
  const double inf = std::numeric_limits<double>::infinity();
  const double value = v == "nan" ? std::nan("") : v == "-inf" ? -inf : inf;
  return x.masked_fill(x > args.at("fill_above").get<double>(), value);
}

Tensor call(const std::string& op, const json& args, const std::vector<Tensor>& in) {
  const Tensor x = prepare(in.at(0), args);
  if (op == "conv2d") {
    std::optional<Tensor> bias;
    if (in.size() > 2) bias = in[2];
    // Python passes its defaults expanded to two values (messages print them so).
    const auto stride = ints(args, "stride", {1, 1});
    const auto dilation = ints(args, "dilation", {1, 1});
    const int64_t groups = args.value("groups", int64_t{1});
    if (args.contains("padding") && args.at("padding").is_string()) {
      return ember::conv2d(x, in.at(1), bias, stride, args.at("padding").get<std::string>(),
                           dilation, groups);
    }
    return ember::conv2d(x, in.at(1), bias, stride, ints(args, "padding", {0, 0}), dilation,
                         groups);
  }
  if (op == "max_pool2d" || op == "max_pool2d_indices" || op == "max_pool2d_values") {
    const auto k = ints(args, "kernel_size", {});
    const auto stride = ints(args, "stride", {});
    const auto padding = ints(args, "padding", {0});
    const auto dilation = ints(args, "dilation", {1});
    const bool ceil_mode = args.value("ceil_mode", false);
    if (op == "max_pool2d") return ember::max_pool2d(x, k, stride, padding, dilation, ceil_mode);
    auto [values, indices] =
        ember::max_pool2d_with_indices(x, k, stride, padding, dilation, ceil_mode);
    return op == "max_pool2d_values" ? values : indices;
  }
  if (op == "avg_pool2d") {
    std::optional<int64_t> divisor;
    if (args.contains("divisor_override")) divisor = args.at("divisor_override").get<int64_t>();
    return ember::avg_pool2d(x, ints(args, "kernel_size", {}), ints(args, "stride", {}),
                             ints(args, "padding", {0}), args.value("ceil_mode", false),
                             args.value("count_include_pad", true), divisor);
  }
  if (op == "adaptive_avg_pool2d") {
    return ember::adaptive_avg_pool2d(x, ints(args, "output_size", {}));
  }
  // "grad:<op>:<i>": d/d(in[i]) of op(...).pow(2).sum(), with create_graph (gen_conv.py grad_of).
  if (op.rfind("grad:", 0) == 0) {
    const size_t colon = op.rfind(':');
    const std::string base = op.substr(5, colon - 5);
    const size_t i = std::stoul(op.substr(colon + 1));
    // gradcheck evaluates the function under no_grad; this one needs a graph.
    ember::AutoGradMode enable(true);
    const Tensor y = call(base, args, in);
    return ember::autograd::grad({y.pow(2).sum()}, {in.at(i)}, {}, std::nullopt,
                                 /*create_graph=*/true)[0];
  }
  throw std::runtime_error("unknown op " + op);
}

// One function per case of the reference, calling its op with its arguments.
std::map<std::string, ember_test::GradFn> functions(const json& entries) {
  std::map<std::string, ember_test::GradFn> fns;
  for (const auto& [name, c] : entries.items()) {
    fns[name] = [op = c.at("op").get<std::string>(),
                 args = c.at("args")](const std::vector<Tensor>& in) { return call(op, args, in); };
  }
  return fns;
}

TEST(ConvReference, CasesMatchPyTorch) {
  const json& ref = ember_test::reference("conv");
  ASSERT_GE(ref.at("cases").size(), 90u);
  const auto fns = functions(ref.at("cases"));
  for (const auto& [name, c] : ref.at("cases").items()) {
    try {
      ember_test::check_grad_case(name, c, fns.at(name));
    } catch (const std::exception& e) {
      ADD_FAILURE() << "case " << name << " threw: " << e.what();
    }
  }
}

TEST(ConvReference, ErrorsMatchPyTorch) {
  const json& ref = ember_test::reference("conv");
  ASSERT_GE(ref.at("errors").size(), 90u);
  for (const auto& [name, c] : ref.at("errors").items()) {
    SCOPED_TRACE("error case " + name);
    const std::vector<Tensor> leaves = ember_test::make_leaves(c, false);
    const std::vector<Tensor> inputs = ember_test::views_of(leaves, c);
    const std::string type = c.at("error").at("type").get<std::string>();
    const std::string message = c.at("error").at("message").get<std::string>();
    try {
      call(c.at("op").get<std::string>(), c.at("args"), inputs).sum().backward();
      ADD_FAILURE() << "expected an error: " << message;
    } catch (const ember::Error& e) {
      EXPECT_EQ(std::string(e.what()), message);
      if (type == "IndexError") {
        EXPECT_NE(dynamic_cast<const ember::IndexError*>(&e), nullptr);
      }
    }
  }
}

}  // namespace
