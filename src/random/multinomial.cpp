// multinomial: the indices PyTorch 1.13's CPU kernels draw for the same generator state. Declared
// in src/ops/random.yaml (with its Python API).
#include <algorithm>
#include <cmath>
#include <limits>

#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "random/kernels.h"
#include "random/memory_order.h"

namespace ember {

namespace {

// The result's shape: (num_samples) for one distribution, (rows, num_samples) for a matrix.
DimVector result_sizes(const Tensor& self, int64_t num_samples) {
  DimVector sizes;
  if (self.dim() == 2) sizes.push_back(self.size(0));
  sizes.push_back(num_samples);
  return sizes;
}

// Sampling with replacement, row by row: the normalised cumulative distribution (accumulated in
// float for the 16-bit types), then a binary search for each uniform draw.
template <class T>
void sample_with_replacement(const Tensor& probs, Tensor& result, int64_t n_sample,
                             const Generator& gen) {
  using Acc = compute_type_t<T>;
  const int64_t n_categories = probs.size(-1);
  const int64_t n_dist = probs.dim() > 1 ? probs.size(0) : 1;
  const int64_t stride0 = probs.dim() > 1 ? probs.stride(0) : 0, stride1 = probs.stride(-1);
  const T* p = static_cast<const T*>(probs.data_ptr());
  int64_t* out = static_cast<int64_t*>(result.data_ptr());
  std::vector<Acc> cum(static_cast<size_t>(n_categories));
  CPUGeneratorImpl* g = gen.impl();
  const random_detail::DrawLock lock(g, n_dist * n_sample);
  for (int64_t i = 0; i < n_dist; ++i) {
    Acc sum = 0;
    for (int64_t j = 0; j < n_categories; ++j) {
      const Acc v = static_cast<Acc>(p[i * stride0 + j * stride1]);
      EMBER_CHECK(v >= 0, "invalid multinomial distribution (encountering probability entry < 0)");
      EMBER_CHECK(std::isfinite(v),
                  "invalid multinomial distribution (encountering probability entry = infinity "
                  "or NaN)");
      sum += v;
      cum[static_cast<size_t>(j)] = sum;
    }
    EMBER_CHECK(sum > 0, "invalid multinomial distribution (sum of probabilities <= 0)");
    for (Acc& c : cum) c /= sum;
    cum.back() = 1;  // the last bucket ends at exactly 1
    for (int64_t j = 0; j < n_sample; ++j) {
      const double u = random_detail::uniform_double(g);
      int64_t left = 0, right = n_categories;
      while (right - left > 0) {
        const int64_t mid = left + (right - left) / 2;
        if (cum[static_cast<size_t>(mid)] < u) {
          left = mid + 1;
        } else {
          right = mid;
        }
      }
      out[i * n_sample + j] = left;
    }
  }
}

}  // namespace

Tensor& multinomial_out(Tensor& out, const Tensor& self, int64_t num_samples, bool replacement,
                        std::optional<Generator> generator) {
  EMBER_CHECK(out.device() == self.device(), "multinomial arguments must have the same device");
  EMBER_CHECK(self.dim() > 0 && self.dim() <= 2, "prob_dist must be 1 or 2 dim");
  EMBER_CHECK(isFloatingType(self.scalar_type()),
              "multinomial only supports floating-point dtypes for input, got: ",
              to_string(self.scalar_type()));
  EMBER_CHECK(out.scalar_type() == kLong,
              "multinomial expects Long tensor out, got: ", to_string(out.scalar_type()));
  EMBER_CHECK(num_samples > 0, "cannot sample n_sample <= 0 samples");
  const int64_t n_categories = self.size(-1);
  EMBER_CHECK(replacement || num_samples <= n_categories,
              "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  EMBER_CHECK(n_categories <= (int64_t{1} << 24), "number of categories cannot exceed 2^24");
  const DimVector sizes = result_sizes(self, num_samples);
  EMBER_CHECK(out.sizes() == IntArrayRef(sizes),
              "multinomial(): ember cannot resize out=: expected an out tensor of size ",
              IntArrayRef(sizes), ", got ", out.sizes());
  if (out.numel() == 0) return out;
  EMBER_CHECK(self.scalar_type() != kHalf || !self.is_cpu(),
              "multinomial is not implemented for half on CPU");
  const Generator gen = random_detail::resolve_generator(generator);
  const autograd::NoGradGuard no_grad;
  // Numbers are drawn on the CPU; a tensor elsewhere is sampled from a copy.
  const Tensor probs = self.is_cpu() ? self : self.cpu();
  Tensor result;
  if (!replacement) {
    // PyTorch's route without replacement (the Gumbel trick): the indices of the num_samples
    // largest p / q with q ~ Exp(1), after its checks on the whole tensor.
    bool valid = true;
    visit_floating(probs.dtype(), "multinomial", [&]<class T>() {
      random_detail::for_each_in_memory_order<T>(probs, [&](T& v) {
        const auto x = static_cast<compute_type_t<T>>(v);
        valid = valid && x >= 0 && x < std::numeric_limits<decltype(x)>::infinity();
      });
    });
    EMBER_CHECK(valid, "probability tensor contains either `inf`, `nan` or element < 0");
    const Tensor row_sums = probs.dim() == 1 ? probs.sum() : probs.sum(1);
    EMBER_CHECK(!row_sums.eq(0).any().item<bool>(),
                "invalid multinomial distribution (sum of probabilities <= 0)");
    Tensor q = random_detail::empty_like_preserve(probs, probs.dtype());
    random_detail::exponential_fill(q, 1.0, gen);
    q = probs.div(q);
    result = num_samples == 1 ? q.argmax(-1, true) : std::get<1>(q.topk(num_samples));
  } else {
    result = detail::make_tensor(out.sizes(), kLong, Device(kCPU));
    visit_floating(probs.dtype(), "multinomial",
                   [&]<class T>() { sample_with_replacement<T>(probs, result, num_samples, gen); });
  }
  out.copy_(result);  // (to out's device, when self is not on the CPU)
  return out;
}

Tensor multinomial(const Tensor& self, int64_t num_samples, bool replacement,
                   std::optional<Generator> generator) {
  // (An input of another rank gets a 0-d out: multinomial_out's check names the rank.)
  const bool valid_rank = self.dim() == 1 || self.dim() == 2;
  Tensor out = detail::make_tensor(
      valid_rank ? result_sizes(self, std::max<int64_t>(num_samples, 0)) : DimVector{}, kLong,
      self.device());
  return multinomial_out(out, self, num_samples, replacement, std::move(generator));
}

}  // namespace ember
