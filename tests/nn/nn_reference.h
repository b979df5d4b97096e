#pragma once
// Shared by the tests/nn specs: the reference written by tests/reference/gen_nn.py (real PyTorch)
// and comparisons of module state against it.
#include <ember/ember.h>
#include <ember/nn.h>

#include <sstream>
#include <string>

#include "autograd/grad_cases.h"
#include "reference.h"

namespace ember_test {

inline const nlohmann::json& nn_ref() { return reference("nn"); }

// Every named tensor of `expected` ({name: described tensor}) is in `actual` with that value
// (bit-exact when exact, else within float tolerance), and there are no others.
inline void expect_named_tensors(const ember::OrderedDict<std::string, ember::Tensor>& actual,
                                 const nlohmann::json& expected, bool exact,
                                 const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(actual.size(), expected.size());
  for (const auto& [name, value] : expected.items()) {
    SCOPED_TRACE(name);
    const ember::Tensor* t = actual.find(name);
    if (t == nullptr) {
      ADD_FAILURE() << "missing " << name;
      continue;
    }
    const ember::Tensor e = tensor_from_reference(value);
    if (exact) {
      EXPECT_TRUE(same_tensor(t->detach(), e));
    } else {
      EXPECT_TRUE(close_tensor(t->detach(), e));
    }
  }
}

// The message of the ember::Error f throws ("" when it throws none).
template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const ember::Error& e) {
    return e.what();
  }
  return "";
}

// What `stream << m` prints.
inline std::string printed(const ember::nn::Module& m) {
  std::ostringstream os;
  os << m;
  return os.str();
}

}  // namespace ember_test
