#pragma once
// Runs the reference cases written by tests/reference/viewcases.py (gen_shape.py,
// gen_indexing.py): rebuilds each input with its layout (as_strided over the recorded storage),
// runs the op and compares values, dtype, shape, strides, storage offset, storage sharing with the
// first input, or PyTorch's error type and message.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ember/ops/indexing.h"
#include "ember/ops/shape.h"
#include "reference.h"

namespace ember_test {

using Inputs = std::vector<ember::Tensor>;
using Args = nlohmann::json;
// An op returns one tensor or several.
using OpResult = std::vector<ember::Tensor>;
using OpFn = std::function<OpResult(Inputs&, const Args&)>;

inline ember::Tensor input_from_reference(const nlohmann::json& j) {
  ember::Tensor base = tensor_from_reference(j.at("base"));
  return base.as_strided(j.at("size").get<std::vector<int64_t>>(),
                         j.at("stride").get<std::vector<int64_t>>(), j.at("offset").get<int64_t>());
}

inline std::vector<int64_t> ints(const Args& a, const char* key) {
  return a.at(key).get<std::vector<int64_t>>();
}

inline std::optional<int64_t> opt_int(const Args& a, const char* key) {
  if (a.at(key).is_null()) return std::nullopt;
  return a.at(key).get<int64_t>();
}

// A Python scalar as recorded: bool, int, float, or a float written with float.hex().
inline ember::Scalar scalar_from(const nlohmann::json& v) {
  if (v.is_boolean()) return ember::Scalar(v.get<bool>());
  if (v.is_number_integer()) return ember::Scalar(v.get<int64_t>());
  if (v.is_string()) return ember::Scalar(std::strtod(v.get<std::string>().c_str(), nullptr));
  return ember::Scalar(v.get<double>());
}

inline bool shares_storage(const ember::Tensor& a, const ember::Tensor& b) {
  return a.impl()->storage().get() == b.impl()->storage().get();
}

inline ::testing::AssertionResult check_result(const ember::Tensor& r, const nlohmann::json& e,
                                               const ember::Tensor& first_input) {
  auto same = same_tensor(r, tensor_from_reference(e));
  if (!same) return same;
  const bool expect_share = e.at("shares").get<bool>();
  const bool shares = first_input.defined() && shares_storage(r, first_input);
  if (expect_share != shares) {
    return ::testing::AssertionFailure() << (expect_share ? "expected a view" : "expected a copy");
  }
  // Strides and offset matter for views; copies may lay out their memory differently.
  if (!expect_share) return ::testing::AssertionSuccess();
  if (r.strides() != ember::IntArrayRef(e.at("stride").get<std::vector<int64_t>>())) {
    return ::testing::AssertionFailure() << "strides " << r.strides() << " vs " << e.at("stride");
  }
  if (r.storage_offset() != e.at("offset").get<int64_t>()) {
    return ::testing::AssertionFailure()
           << "storage offset " << r.storage_offset() << " vs " << e.at("offset");
  }
  return ::testing::AssertionSuccess();
}

inline std::string python_type_of(const ember::Error& e) {
  if (dynamic_cast<const ember::IndexError*>(&e)) return "IndexError";
  if (dynamic_cast<const ember::ValueError*>(&e)) return "ValueError";
  if (dynamic_cast<const ember::TypeError*>(&e)) return "TypeError";
  return "RuntimeError";
}

// Runs every case of `file` whose op is `op`; returns the number of cases run.
inline int run_reference_cases(const std::string& file, const std::string& op, const OpFn& fn) {
  int n = 0;
  for (const auto& c : reference(file)) {
    if (c.at("op") != op) continue;
    ++n;
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    Inputs inputs;
    for (const auto& j : c.at("inputs")) inputs.push_back(input_from_reference(j));
    ember::Tensor first = inputs.empty() ? ember::Tensor() : inputs[0];
    if (c.contains("error")) {
      const std::string type = c["error"].at("type"), msg = c["error"].at("message");
      try {
        fn(inputs, c.at("args"));
        ADD_FAILURE() << name << ": expected " << type << ": " << msg;
      } catch (const ember::Error& e) {
        EXPECT_EQ(std::string(e.what()), msg) << name;
        EXPECT_EQ(python_type_of(e), type) << name << ": " << e.what();
      }
      continue;
    }
    OpResult r;
    try {
      r = fn(inputs, c.at("args"));
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << ": unexpected error: " << e.what();
      continue;
    }
    if (c.contains("results")) {
      const auto& rs = c["results"];
      if (r.size() != rs.size()) {
        ADD_FAILURE() << name << ": " << r.size() << " results, expected " << rs.size();
        continue;
      }
      for (size_t i = 0; i < r.size(); ++i) {
        EXPECT_TRUE(check_result(r[i], rs[i], first)) << name << " result " << i;
      }
    } else {
      EXPECT_EQ(r.size(), 1u) << name;
      if (r.size() == 1) {
        EXPECT_TRUE(check_result(r[0], c.at("result"), first)) << name;
      }
    }
  }
  return n;
}

}  // namespace ember_test
