// ember::warn hands its message to the installed handler (stderr by default), as libtorch's
// TORCH_WARN; the C++ losses warn where libtorch's do.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

std::vector<std::string>& seen() {
  static std::vector<std::string> messages;
  return messages;
}
void capture(const std::string& message) { seen().push_back(message); }

// Installs the capturing handler for a test's scope.
struct Capture {
  ember::WarningHandler previous = ember::set_warning_handler(capture);
  Capture() { seen().clear(); }
  ~Capture() { ember::set_warning_handler(previous); }
};

TEST(Warning, GoesToTheInstalledHandler) {
  Capture capture;
  ember::warn("first");
  ember::warn("second");
  EXPECT_EQ(seen(), (std::vector<std::string>{"first", "second"}));
}

TEST(Warning, DefaultHandlerPrintsToStandardError) {
  const ember::WarningHandler previous = ember::set_warning_handler(nullptr);
  testing::internal::CaptureStderr();
  ember::warn("to stderr");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "Warning: to stderr\n");
  ember::set_warning_handler(previous);
}

TEST(Warning, MseLossWarnsWhenSizesDifferAsLibtorch) {
  Capture capture;
  namespace F = ember::nn::functional;
  const ember::Tensor loss = F::mse_loss(ember::ones({2, 3}), ember::zeros({3}));
  EXPECT_FLOAT_EQ(loss.item<float>(), 1.0f);
  ASSERT_EQ(seen().size(), 1u);
  EXPECT_EQ(seen()[0],
            "Using a target size ([3]) that is different to the input size ([2, 3]). This will "
            "likely lead to incorrect results due to broadcasting. Please ensure they have the "
            "same size.");
  F::mse_loss(ember::ones({3}), ember::zeros({3}));
  EXPECT_EQ(seen().size(), 1u);  // same sizes: no warning
}

}  // namespace
