#pragma once
// Loads the references real PyTorch produced (tests/reference/<name>.json, written by
// tests/reference/gen_<name>.py; tests/reference/generate.sh reruns them all).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace ember_test {

inline const nlohmann::json& reference(const std::string& name) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::string path = std::string(EMBER_REFERENCE_DIR) + "/" + name + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing reference file " + path);
  return cache[name] = nlohmann::json::parse(in);
}

}  // namespace ember_test

#include <ember/ember.h>

#include <cstdlib>

namespace ember_test {

inline ember::ScalarType dtype_from_name(const std::string& name) {
  for (int i = 0; i < ember::kNumScalarTypes; ++i) {
    auto t = static_cast<ember::ScalarType>(i);
    if (ember::python_name(t) == name) return t;
  }
  throw std::runtime_error("unknown dtype " + name);
}

// Rebuilds a tensor written by the generators' describe(): {"dtype", "shape", "values"} with
// floats as float.hex() strings (exact), ints as numbers, bools as booleans.
inline ember::Tensor tensor_from_reference(const nlohmann::json& j) {
  ember::ScalarType dt = dtype_from_name(j.at("dtype").get<std::string>());
  std::vector<int64_t> shape = j.at("shape").get<std::vector<int64_t>>();
  const auto& vals = j.at("values");
  ember::Tensor t;
  if (ember::is_floating_type(dt)) {
    std::vector<double> v;
    for (const auto& x : vals) v.push_back(std::strtod(x.get<std::string>().c_str(), nullptr));
    t = ember::tensor(v, shape, ember::kDouble);
  } else if (dt == ember::kBool) {
    std::vector<uint8_t> v;
    for (const auto& x : vals) v.push_back(x.get<bool>() ? 1 : 0);
    t = ember::tensor(v, shape).to(ember::kBool);
  } else {
    std::vector<int64_t> v;
    for (const auto& x : vals) v.push_back(x.get<int64_t>());
    t = ember::tensor(v, shape);
  }
  return t.to(dt);
}

// Element i (row-major) of a contiguous tensor, as a double.
inline double element_as_double(const ember::Tensor& c, int64_t i) {
  return c.as_strided({1}, {1}, c.storage_offset() + i).to(ember::kDouble).item<double>();
}

// True when a and b have the same shape, dtype and bit-identical values (NaN equals NaN).
inline ::testing::AssertionResult same_tensor(const ember::Tensor& a, const ember::Tensor& b) {
  if (a.dtype() != b.dtype())
    return ::testing::AssertionFailure() << "dtype " << a.dtype() << " vs " << b.dtype();
  if (a.sizes() != b.sizes())
    return ::testing::AssertionFailure() << "sizes " << a.sizes() << " vs " << b.sizes();
  ember::Tensor ca = a.contiguous(), cb = b.contiguous();
  const auto* pa = static_cast<const unsigned char*>(ca.data_ptr());
  const auto* pb = static_cast<const unsigned char*>(cb.data_ptr());
  const int64_t es = ca.element_size();
  for (int64_t i = 0; i < ca.numel(); ++i) {
    if (std::memcmp(pa + i * es, pb + i * es, es) == 0) continue;
    double x = element_as_double(ca, i), y = element_as_double(cb, i);
    if (std::isnan(x) && std::isnan(y)) continue;
    return ::testing::AssertionFailure() << "element " << i << ": " << x << " vs " << y;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace ember_test
