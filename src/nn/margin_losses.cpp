// torch::margin_ranking_loss, hinge_embedding_loss, cosine_embedding_loss, multi_margin_loss,
// multilabel_margin_loss, triplet_margin_loss, poisson_nll_loss and the F:: forms (with
// multilabel_soft_margin_loss and triplet_margin_with_distance_loss, which libtorch composes in its
// headers), composed of differentiable ops with PyTorch 1.13's formulas and checks. Where PyTorch's
// kernels count a hinge term only when it is > 0, relu gives the same gradient.
#include <cmath>
#include <cstdint>
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"

namespace ember {

namespace {

Tensor reduce_loss(const Tensor& loss, int64_t reduction) {
  if (reduction == Reduction::Mean) return loss.mean();
  if (reduction == Reduction::Sum) return loss.sum();
  return loss;
}

// ATen's check of the multi-margin losses' input: a non-empty vector or matrix (or a scalar).
void check_margin_input(const Tensor& self) {
  const int64_t ndims = self.dim();
  EMBER_CHECK((ndims == 2 && self.size(1) != 0) || (ndims == 1 && self.size(0) != 0) || ndims == 0,
              "Expected non-empty vector or matrix with optional 0-dim batch size, but got: ",
              self.sizes());
}

// A hinge loss's terms per (sample, class): a matrix (frames, classes) view of self.
Tensor as_frames(const Tensor& self, int64_t frames, int64_t classes) {
  return self.reshape({frames, classes});
}

}  // namespace

Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           double margin, int64_t reduction) {
  return reduce_loss(target.neg().mul(input1 - input2).add(margin).clamp_min(0), reduction);
}

Tensor hinge_embedding_loss(const Tensor& self, const Tensor& target, double margin,
                            int64_t reduction) {
  const Tensor zero = zeros_like(self);
  const Tensor margin_term = where(target.ne(1), self.neg().add(margin).clamp_min(0), zero);
  const Tensor self_term = where(target.ne(-1), self, zero);
  return reduce_loss(margin_term + self_term, reduction);
}

Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             double margin, int64_t reduction) {
  const int64_t target_dim = target.dim();
  EMBER_CHECK(target_dim == 1 || target_dim == 0,
              "0D or 1D target tensor expected, multi-target not supported");
  if (target_dim == 1) {
    EMBER_CHECK(input1.dim() == 2 && input2.dim() == 2,
                "1D target tensor expects 2D input tensors, but found inputs with sizes ",
                input1.sizes(), " and ", input2.sizes(), ".");
  } else {
    EMBER_CHECK(input1.dim() == 1 && input2.dim() == 1,
                "0D target tensor expects 1D input tensors, but found inputs with sizes ",
                input1.sizes(), " and ", input2.sizes(), ".");
  }
  // PyTorch's EPSILON keeps a zero vector's cosine finite.
  constexpr double kEpsilon = 1e-12;
  const Tensor dot = (input1 * input2).sum({target_dim});
  const Tensor norm1 = (input1 * input1).sum({target_dim}).add(kEpsilon);
  const Tensor norm2 = (input2 * input2).sum({target_dim}).add(kEpsilon);
  const Tensor cosine = dot / (norm1 * norm2).sqrt();
  const Tensor zero = zeros_like(cosine);
  const Tensor similar = where(target.eq(1), cosine.neg().add(1), zero);
  const Tensor dissimilar = where(target.eq(-1), cosine.sub(margin).clamp_min(0), zero);
  return reduce_loss(similar + dissimilar, reduction);
}

Tensor multi_margin_loss(const Tensor& self, const Tensor& target, const Scalar& p,
                         const Scalar& margin, const std::optional<Tensor>& weight,
                         int64_t reduction) {
  const int64_t power = p.to<int64_t>();
  EMBER_CHECK(power == 1 || power == 2, "only p == 1 and p == 2 supported");
  check_margin_input(self);
  const int64_t ndims = self.dim();
  const int64_t frames = ndims <= 1 ? 1 : self.size(0);
  const int64_t classes = ndims == 0 ? 1 : self.size(ndims - 1);
  EMBER_CHECK(target.dim() <= 1 && target.numel() == frames,
              "inconsistent target size, got: ", target.sizes());
  const Tensor labels = target.reshape({frames, 1});
  EMBER_CHECK(labels.min().item<int64_t>() >= 0 && labels.max().item<int64_t>() < classes,
              "target out of range");
  const Tensor x = as_frames(self, frames, classes);
  // margin - x[y] + x[i] for every class i but y.
  const Tensor others = ones({frames, classes}, x.options()).scatter(1, labels, 0);
  Tensor h = x.gather(1, labels).neg().add(margin).add(x).relu().mul(others);
  if (power == 2) h = h.mul(h);
  if (weight && weight->defined())
    h = h.mul(weight->index_select(0, labels.view({-1})).view({-1, 1}));
  Tensor loss = h.sum({1}).div(static_cast<double>(classes));
  if (reduction == Reduction::None) return target.dim() > 0 ? loss : loss.view({});
  return reduce_loss(loss, reduction);
}

Tensor multilabel_margin_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  check_margin_input(self);
  const int64_t ndims = self.dim();
  const int64_t frames = ndims <= 1 ? 1 : self.size(0);
  const int64_t classes = ndims == 0 ? 1 : self.size(ndims - 1);
  if (ndims <= 1) {
    EMBER_CHECK(target.dim() <= 1 && target.numel() == classes, "inconsistent size ",
                target.sizes(), " for argument #2 'target'");
  } else {
    EMBER_CHECK(target.dim() == 2 && target.size(0) == frames && target.size(1) == classes,
                "inconsistent size ", target.sizes(), " for argument #2 'target'");
  }
  const Tensor labels = target.reshape({frames, classes}).to(kLong).cpu().contiguous();
  EMBER_CHECK(labels.min().item<int64_t>() >= -1 && labels.max().item<int64_t>() < classes,
              "argument #2 'target' is out of range");
  // Per sample: how often each class is named before the first -1, and which are named.
  std::vector<double> named(static_cast<size_t>(frames * classes), 0.0);
  std::vector<double> unnamed(static_cast<size_t>(frames * classes), 1.0);
  const int64_t* label = labels.data_ptr<int64_t>();
  for (int64_t t = 0; t < frames; ++t) {
    for (int64_t i = 0; i < classes && label[t * classes + i] >= 0; ++i) {
      const auto at = static_cast<size_t>(t * classes + label[t * classes + i]);
      named[at] += 1;
      unnamed[at] = 0;
    }
  }
  auto matrix = [&](const std::vector<double>& values) {
    return tensor(ArrayRef<double>(values))
        .view({frames, classes})
        .to(self.dtype())
        .to(self.device());
  };
  const Tensor x = as_frames(self, frames, classes);
  // 1 - x[y] + x[i] for target classes y (dim 1) and the other classes i (dim 2).
  const Tensor hinge = x.unsqueeze(2).neg().add(1).add(x.unsqueeze(1)).relu();
  const Tensor terms =
      hinge.mul(matrix(named).unsqueeze(2)).mul(matrix(unnamed).unsqueeze(1)).sum({1, 2});
  const Tensor loss = terms.div(static_cast<double>(classes));
  if (reduction == Reduction::None) return ndims <= 1 ? loss.view({}) : loss;
  return reduce_loss(loss, reduction);
}

Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           double margin, double p, double eps, bool swap, int64_t reduction) {
  EMBER_CHECK(anchor.dim() == positive.dim() && positive.dim() == negative.dim(),
              "All inputs should have same dimension but got ", anchor.dim(), "D, ", positive.dim(),
              "D and ", negative.dim(), "D inputs.");
  const Tensor positive_distance = pairwise_distance(anchor, positive, p, eps);
  Tensor negative_distance = pairwise_distance(anchor, negative, p, eps);
  if (swap)
    negative_distance = negative_distance.minimum(pairwise_distance(positive, negative, p, eps));
  return reduce_loss(positive_distance.add(margin).sub(negative_distance).clamp_min(0), reduction);
}

Tensor poisson_nll_loss(const Tensor& input, const Tensor& target, bool log_input, bool full,
                        double eps, int64_t reduction) {
  Tensor loss = log_input ? input.exp() - target * input : input - target * input.add(eps).log();
  if (full) {
    constexpr double kPi = 3.14159265358979323846;
    // Stirling's approximation of log(target!), for targets above 1.
    const Tensor stirling = target * target.log() - target + target.mul(2 * kPi).log().mul(0.5);
    loss = loss + stirling.masked_fill(target.le(1), 0);
  }
  return reduce_loss(loss, reduction);
}

namespace nn::functional {

Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options) {
  EMBER_CHECK(input1.dim() == input2.dim() && input1.dim() == target.dim(),
              "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
              "input1: ",
              input1.sizes(), ", input2: ", input2.sizes(), ", target: ", target.sizes());
  return ember::margin_ranking_loss(input1, input2, target, options.margin(),
                                    reduction_code(options.reduction()));
}

Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target,
                            const HingeEmbeddingLossFuncOptions& options) {
  return ember::hinge_embedding_loss(input, target, options.margin(),
                                     reduction_code(options.reduction()));
}

Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options) {
  return ember::cosine_embedding_loss(input1, input2, target, options.margin(),
                                      reduction_code(options.reduction()));
}

Tensor multi_margin_loss(const Tensor& input, const Tensor& target,
                         const MultiMarginLossFuncOptions& options) {
  EMBER_CHECK(options.p() == 1 || options.p() == 2, "only p == 1 and p == 2 supported");
  const Tensor& weight = options.weight();
  if (weight.defined()) EMBER_CHECK(weight.dim() == 1, "weight must be one-dimensional");
  return ember::multi_margin_loss(input, target, options.p(), options.margin(),
                                  weight.defined() ? std::optional<Tensor>(weight) : std::nullopt,
                                  reduction_code(options.reduction()));
}

Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target,
                              const MultilabelMarginLossFuncOptions& options) {
  return ember::multilabel_margin_loss(input, target, reduction_code(options.reduction()));
}

Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultilabelSoftMarginLossFuncOptions& options) {
  Tensor loss = (target * logsigmoid(input) + target.neg().add(1) * logsigmoid(input.neg())).neg();
  if (options.weight().defined()) loss = loss * options.weight();
  const int64_t class_dim = input.dim() - 1;
  loss = loss.sum({class_dim}).div(static_cast<double>(input.size(class_dim)));
  return ember::reduce_loss(loss, reduction_code(options.reduction()));
}

Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options) {
  return ember::triplet_margin_loss(anchor, positive, negative, options.margin(), options.p(),
                                    options.eps(), options.swap(),
                                    reduction_code(options.reduction()));
}

Tensor triplet_margin_with_distance_loss(const Tensor& anchor, const Tensor& positive,
                                         const Tensor& negative,
                                         const TripletMarginWithDistanceLossFuncOptions& options) {
  auto distance = [&](const Tensor& a, const Tensor& b) {
    return options.distance_function() ? (*options.distance_function())(a, b)
                                       : ember::pairwise_distance(a, b);
  };
  const Tensor positive_distance = distance(anchor, positive);
  Tensor negative_distance = distance(anchor, negative);
  if (options.swap()) negative_distance = negative_distance.minimum(distance(positive, negative));
  const Tensor loss = positive_distance.sub(negative_distance).add(options.margin()).clamp_min(0);
  return ember::reduce_loss(loss, reduction_code(options.reduction()));
}

Tensor poisson_nll_loss(const Tensor& input, const Tensor& target,
                        const PoissonNLLLossFuncOptions& options) {
  return ember::poisson_nll_loss(input, target, options.log_input(), options.full(), options.eps(),
                                 reduction_code(options.reduction()));
}

}  // namespace nn::functional

}  // namespace ember
