#pragma once
// Whether operations record the autograd graph on this thread (PyTorch's GradMode), and the
// guards that switch it for a scope: NoGradGuard (torch.no_grad()) and AutoGradMode.
namespace ember::autograd {

struct GradMode {
  static bool is_enabled() noexcept { return enabled_; }
  static void set_enabled(bool enabled) noexcept { enabled_ = enabled; }

 private:
  static thread_local bool enabled_;
};

// Sets grad mode for the guard's lifetime, then restores the previous mode.
class AutoGradMode {
 public:
  explicit AutoGradMode(bool enabled) : prev_(GradMode::is_enabled()) {
    GradMode::set_enabled(enabled);
  }
  ~AutoGradMode() { GradMode::set_enabled(prev_); }
  AutoGradMode(const AutoGradMode&) = delete;
  AutoGradMode& operator=(const AutoGradMode&) = delete;
  bool prev_state() const { return prev_; }

 private:
  bool prev_;
};

// Operations inside the guard's scope record nothing (torch.no_grad()).
struct NoGradGuard : AutoGradMode {
  NoGradGuard() : AutoGradMode(false) {}
};

}  // namespace ember::autograd

namespace ember {
using autograd::AutoGradMode;
using autograd::GradMode;
using autograd::NoGradGuard;
}  // namespace ember
