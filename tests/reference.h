#pragma once
// Loads the references real PyTorch produced (tests/reference/<name>.json, written by
// tests/reference/gen_<name>.py; tests/reference/generate.sh reruns them all).
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

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
