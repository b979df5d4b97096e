// InstanceNorm1d/2d/3d (libtorch's torch/nn/modules/instancenorm.h and
// src/nn/modules/instancenorm.cpp).
#include "ember/nn/modules/instancenorm.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"
#include "ember/nn/init.h"
#include "ember/ops/creation.h"

namespace ember::nn {

template <size_t D, typename Derived>
void InstanceNormImpl<D, Derived>::reset() {
  if (options.affine()) {
    weight = this->register_parameter("weight", empty({options.num_features()}));
    bias = this->register_parameter("bias", empty({options.num_features()}));
  } else {
    weight = this->register_parameter("weight", Tensor(), /*requires_grad=*/false);
    bias = this->register_parameter("bias", Tensor(), /*requires_grad=*/false);
  }
  if (options.track_running_stats()) {
    running_mean = this->register_buffer("running_mean", zeros({options.num_features()}));
    running_var = this->register_buffer("running_var", ones({options.num_features()}));
    num_batches_tracked = this->register_buffer("num_batches_tracked", tensor(0, kLong));
  } else {
    running_mean = this->register_buffer("running_mean", Tensor());
    running_var = this->register_buffer("running_var", Tensor());
    num_batches_tracked = this->register_buffer("num_batches_tracked", Tensor());
  }
  reset_parameters();
}

template <size_t D, typename Derived>
void InstanceNormImpl<D, Derived>::reset_running_stats() {
  if (options.track_running_stats()) {
    running_mean.zero_();
    running_var.fill_(1);
    num_batches_tracked.zero_();
  }
}

template <size_t D, typename Derived>
void InstanceNormImpl<D, Derived>::reset_parameters() {
  reset_running_stats();
  if (options.affine()) {
    init::ones_(weight);
    init::zeros_(bias);
  }
}

template <size_t D, typename Derived>
void InstanceNormImpl<D, Derived>::refresh_tensor_members() {
  weight = this->registered_parameter("weight");
  bias = this->registered_parameter("bias");
  running_mean = this->registered_buffer("running_mean");
  running_var = this->registered_buffer("running_var");
  num_batches_tracked = this->registered_buffer("num_batches_tracked");
}

template <size_t D, typename Derived>
void InstanceNormImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace() << "::nn::InstanceNorm" << D
         << "d(" << options.num_features() << ", eps=" << options.eps()
         << ", momentum=" << options.momentum() << ", affine=" << options.affine()
         << ", track_running_stats=" << options.track_running_stats() << ")";
}

// As libtorch, num_batches_tracked is registered but never counted up.
template <size_t D, typename Derived>
Tensor InstanceNormImpl<D, Derived>::forward(const Tensor& input) {
  const auto batched = static_cast<int64_t>(D) + 2;
  EMBER_CHECK(input.dim() == batched - 1 || input.dim() == batched, "expected ", batched - 1,
              "D or ", batched, "D input (got ", input.dim(), "D input)");
  const Tensor x = input.dim() == batched ? input : input.unsqueeze(0);
  auto opt = [](const Tensor& t) { return t.defined() ? std::optional<Tensor>(t) : std::nullopt; };
  const Tensor out = ember::instance_norm(
      x, opt(weight), opt(bias), opt(running_mean), opt(running_var),
      this->is_training() || !options.track_running_stats(), options.momentum(), options.eps());
  return input.dim() == batched ? out : out.squeeze(0);
}

template class InstanceNormImpl<1, InstanceNorm1dImpl>;
template class InstanceNormImpl<2, InstanceNorm2dImpl>;
template class InstanceNormImpl<3, InstanceNorm3dImpl>;

}  // namespace ember::nn
