// The losses: nll_loss, cross_entropy_loss (class indices, probabilities, label smoothing),
// mse_loss, l1_loss, binary_cross_entropy(_with_logits), with PyTorch 1.13's checks and formulas
// (aten/src/ATen/native/Loss.cpp, LossNLL.cpp), composed of differentiable ops.
#include <sstream>
#include <variant>

#include "autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/Warning.h"
#include "ember/core/broadcast.h"
#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/indexing.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember {

namespace {

Tensor apply_loss_reduction(const Tensor& loss, int64_t reduction) {
  switch (reduction) {
    case Reduction::Mean:
      return loss.mean();
    case Reduction::Sum:
      return loss.sum();
    case Reduction::None:
      return loss;
    default:
      detail::fail(reduction, " is not a valid value for reduction");
  }
}

Tensor defined_or_empty(const std::optional<Tensor>& t) {
  return t && t->defined() ? *t : Tensor();
}

// weight viewed to broadcast along the class dim of an input with `ndim` dims.
Tensor class_weight_view(const Tensor& weight, int64_t ndim, int64_t class_dim) {
  if (ndim <= 1) return weight;
  DimVector shape(ndim, 1);
  shape[class_dim] = weight.size(0);
  return weight.view(shape);
}

// Every target that is not ignored names a class in [0, n_classes) (PyTorch's IndexError).
void check_targets(const Tensor& target, int64_t n_classes, int64_t ignore_index) {
  Tensor t = target.to(Device(kCPU), kLong).contiguous();
  const int64_t* p = t.data_ptr<int64_t>();
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (p[i] == ignore_index) continue;
    EMBER_CHECK_T(IndexError, p[i] >= 0 && p[i] < n_classes, "Target ", p[i], " is out of bounds.");
  }
}

// The per-element negative log likelihood -w[t] * input[.., t, ..] (0 where ignored), the
// matching weights (for the mean's denominator; 0 where ignored) and the targets with ignored ones
// replaced by class 0. class_dim is 1, or 0 for an unbatched input.
struct NllTerms {
  Tensor losses, weights, safe_target, ignored;
};
NllTerms nll_terms(const Tensor& input, const Tensor& target, const Tensor& weight,
                   int64_t ignore_index) {
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  check_targets(target, input.size(class_dim), ignore_index);
  const Tensor target_long = target.to(kLong);
  const Tensor ignored = target_long.eq(ignore_index);
  const Tensor safe = target_long.masked_fill(ignored, 0);
  const Tensor picked = input.gather(class_dim, safe.unsqueeze(class_dim)).squeeze(class_dim);
  Tensor w = weight.defined() ? weight.index_select(0, safe.reshape({-1})).view(safe.sizes())
                              : ones(safe.sizes(), input.options());
  w = w.masked_fill(ignored, 0);
  const Tensor losses = picked.neg().mul(w).masked_fill(ignored, 0);
  return {losses, w, safe, ignored};
}

Tensor nll_reduce(const Tensor& losses, const Tensor& w, int64_t reduction) {
  switch (reduction) {
    case Reduction::None:
      return losses;
    case Reduction::Sum:
      return losses.sum();
    case Reduction::Mean:
      return losses.sum().div(w.sum());  // 0 / 0 = nan when every target is ignored
    default:
      detail::fail(reduction, " is not a valid value for reduction");
  }
}

// nll_loss as one node, `name` (NllLossBackward0, NllLoss2DBackward0), whose derivative is
// PyTorch's nll_loss_backward: at each target's class w[t] * -grad (grad over the total weight for
// a mean), 0 elsewhere and where the target is ignored.
Tensor nll_loss_recorded(const char* name, const Tensor& self, const Tensor& target,
                         const Tensor& weight, int64_t reduction, int64_t ignore_index) {
  NllTerms terms;
  Tensor out;
  {
    NoGradGuard no_grad;
    terms = nll_terms(self, target, weight, ignore_index);
    out = nll_reduce(terms.losses, terms.weights, reduction);
  }
  if (autograd::should_record(self)) {
    const int64_t class_dim = self.dim() == 1 ? 0 : 1;
    const Tensor total_weight = reduction == Reduction::Mean ? terms.weights.sum() : Tensor();
    autograd::record(
        name, out, {self},
        [class_dim, sizes = DimVector(self.sizes()), options = self.options()](
            const autograd::Grads& g, const Tensor& safe, const Tensor& w,
            const Tensor& total_weight, const Tensor& ignored) {
          const Tensor scale = total_weight.defined() ? (g[0] / total_weight).neg() : g[0].neg();
          // Ignored targets get no gradient at all (not 0 * scale: nan when all are ignored).
          const Tensor value = (w * scale).masked_fill(ignored, 0).unsqueeze(class_dim);
          return autograd::tensor_list{
              zeros(sizes, options).scatter(class_dim, safe.unsqueeze(class_dim), value)};
        },
        autograd::save(terms.safe_target), autograd::save(terms.weights),
        autograd::save(total_weight), autograd::save(terms.ignored));
  }
  return out;
}

void check_nll_weight(const Tensor& weight, int64_t n_classes) {
  EMBER_CHECK(!weight.defined() || (weight.dim() == 1 && weight.numel() == n_classes),
              "weight tensor should be defined either for all ", n_classes,
              " classes or no classes but got weight tensor of shape: ", weight.sizes());
}

void check_target_dtype(const Tensor& target) {
  EMBER_CHECK(target.dtype() == kLong || target.dtype() == kByte,
              "expected scalar type Long but found ", to_string(target.dtype()));
}

}  // namespace

// ---- nll_loss ---------------------------------------------------------------------------------

Tensor nll_loss(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight_opt,
                int64_t reduction, int64_t ignore_index) {
  const Tensor weight = defined_or_empty(weight_opt);
  EMBER_CHECK(self.dim() > 0 && self.dim() <= 2, "input tensor should be 1D or 2D");
  EMBER_CHECK(target.dim() <= 1, "0D or 1D target tensor expected, multi-target not supported");
  const bool no_batch_dim = self.dim() == 1 && target.dim() == 0;
  EMBER_CHECK(no_batch_dim || self.size(0) == target.size(0),
              "size mismatch (got input: ", self.sizes(), ", target: ", target.sizes(), ")");
  check_nll_weight(weight, self.size(-1));
  check_target_dtype(target);
  return nll_loss_recorded("NllLossBackward0", self, target, weight, reduction, ignore_index);
}

Tensor nll_loss_nd(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight,
                   int64_t reduction, int64_t ignore_index) {
  EMBER_CHECK_T(ValueError, self.dim() >= 1, "Expected 1 or more dimensions (got ", self.dim(),
                ")");
  EMBER_CHECK_T(ValueError, self.dim() == 1 || self.size(0) == target.size(0),
                "Expected input batch_size (", self.size(0), ") to match target batch_size (",
                target.dim() > 0 ? target.size(0) : 1, ").");
  if (self.dim() <= 2) return nll_loss(self, target, weight, reduction, ignore_index);
  // Spatial: target (N, d1, ...) for input (N, C, d1, ...).
  const Tensor w = defined_or_empty(weight);
  if (self.dim() == 4) {
    EMBER_CHECK(target.dim() == 3,
                "only batches of spatial targets supported (3D tensors) but got targets of "
                "dimension: ",
                target.dim());
    EMBER_CHECK(!w.defined() || w.numel() == self.size(1),
                "weight tensor should be defined either for all or no classes");
    EMBER_CHECK(self.size(0) == target.size(0) && self.size(2) == target.size(1) &&
                    self.size(3) == target.size(2),
                "size mismatch (got input: ", self.sizes(), " , target: ", target.sizes());
  } else {
    DimVector out_size{self.size(0)};
    for (int64_t d = 2; d < self.dim(); ++d) out_size.push_back(self.size(d));
    EMBER_CHECK(target.sizes().slice(1, target.dim() - 1) == self.sizes().slice(2, self.dim() - 2),
                "Expected target size ", IntArrayRef(out_size), ", got ", target.sizes());
    check_nll_weight(w, self.size(1));
  }
  check_target_dtype(target);
  return nll_loss_recorded("NllLoss2DBackward0", self, target, w, reduction, ignore_index);
}

// ---- cross_entropy ----------------------------------------------------------------------------

namespace {

Tensor cross_entropy_prob_target(const Tensor& self, const Tensor& target_, const Tensor& weight,
                                 int64_t reduction, double label_smoothing) {
  const int64_t class_dim = self.dim() == 1 ? 0 : 1;
  const int64_t n_classes = self.size(class_dim);
  EMBER_CHECK(!weight.defined() || (weight.dim() == 1 && weight.numel() == n_classes),
              "cross_entropy: weight tensor should be defined either for all ", n_classes,
              " classes or no classes but got weight tensor of shape: ", weight.sizes());
  const Tensor input = self.log_softmax(class_dim, self.scalar_type());
  Tensor target = target_;
  if (label_smoothing > 0.0) {
    EMBER_CHECK(label_smoothing <= 1.0,
                "label_smoothing must be between 0.0 and 1.0. Got: ", label_smoothing);
    target = target_ * (1 - label_smoothing) + (label_smoothing / static_cast<double>(n_classes));
  }
  Tensor terms = input * target;
  if (weight.defined()) terms = terms * class_weight_view(weight, input.dim(), class_dim);
  switch (reduction) {
    case Reduction::Mean:
      if (input.numel() == 0) return full({}, NAN, input.options());
      return -terms.sum() / (input.numel() / n_classes);
    case Reduction::Sum:
      return -terms.sum();
    case Reduction::None:
      return -terms.sum({class_dim});
    default:
      detail::fail("Invalid reduction type encountered in cross_entropy: ", reduction);
  }
}

Tensor cross_entropy_label_smoothing(const Tensor& self, const Tensor& target, const Tensor& weight,
                                     int64_t reduction, int64_t ignore_index,
                                     double label_smoothing) {
  const int64_t class_dim = self.dim() == 1 ? 0 : 1;
  const Tensor input = self.log_softmax(class_dim, self.scalar_type());
  const Tensor nllloss = nll_loss_nd(input, target, weight, reduction, ignore_index);
  const int64_t n_classes = input.size(class_dim);
  const Tensor ignore_mask = target.eq(ignore_index);
  Tensor smooth_loss;
  if (weight.defined()) {
    smooth_loss = -(input * class_weight_view(weight, input.dim(), class_dim)).sum({class_dim});
  } else {
    smooth_loss = -input.sum({class_dim});
  }
  smooth_loss = smooth_loss.masked_fill(ignore_mask, 0.0);
  Tensor ret;
  switch (reduction) {
    case Reduction::Mean:
      if (weight.defined()) {
        ret = smooth_loss.sum() /
              weight.gather(0, target.masked_select(ignore_mask.logical_not()).flatten()).sum();
      } else {
        ret = smooth_loss.sum() / ignore_mask.logical_not().sum();
      }
      break;
    case Reduction::Sum:
      ret = smooth_loss.sum();
      break;
    case Reduction::None:
      ret = smooth_loss;
      break;
    default:
      detail::fail("Invalid reduction type encountered in cross_entropy: ", reduction);
  }
  return (1 - label_smoothing) * nllloss + ret * (label_smoothing / static_cast<double>(n_classes));
}

}  // namespace

Tensor cross_entropy_loss(const Tensor& self, const Tensor& target,
                          const std::optional<Tensor>& weight_opt, int64_t reduction,
                          int64_t ignore_index, double label_smoothing) {
  const Tensor weight = defined_or_empty(weight_opt);
  if (self.sizes() == target.sizes()) {
    // Same shapes: the target holds class probabilities.
    EMBER_CHECK(is_floating_type(target.scalar_type()),
                "Expected floating point type for target with class probabilities, got ",
                to_string(target.scalar_type()));
    EMBER_CHECK(ignore_index < 0, "ignore_index is not supported for floating point target");
    return cross_entropy_prob_target(self, target, weight, reduction, label_smoothing);
  }
  if (label_smoothing > 0.0) {
    EMBER_CHECK(label_smoothing <= 1.0,
                "label_smoothing must be between 0.0 and 1.0. Got: ", label_smoothing);
    return cross_entropy_label_smoothing(self, target, weight, reduction, ignore_index,
                                         label_smoothing);
  }
  const int64_t class_dim = self.dim() == 1 ? 0 : 1;
  return nll_loss_nd(self.log_softmax(class_dim, self.scalar_type()), target, weight, reduction,
                     ignore_index);
}

// ---- regression losses ------------------------------------------------------------------------

Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  Tensor loss;
  {
    NoGradGuard no_grad;  // one node, MseLossBackward0, below
    const Tensor diff = self - target;
    loss = apply_loss_reduction(diff * diff, reduction);
  }
  if (autograd::should_record(self, target)) {
    // PyTorch's mse_loss_backward: norm * (x - t) * grad, norm 2 (2 / numel for a mean).
    const double norm = reduction == Reduction::Mean ? 2. / static_cast<double>(self.numel()) : 2.;
    autograd::record(
        "MseLossBackward0", loss, {self, target},
        [norm](const autograd::Grads& g, const Tensor& self, const Tensor& target) {
          return autograd::tensor_list{g.needs(0) ? (self - target).mul(norm) * g[0] : Tensor(),
                                       g.needs(1) ? (target - self).mul(norm) * g[0] : Tensor()};
        },
        autograd::save(self), autograd::save(target));
  }
  return loss;
}

Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  return apply_loss_reduction((self - target).abs(), reduction);
}

namespace {
// PyTorch's smooth_l1_loss_backward for input x (target t), op for op as its kernel: with
// d = x - t, n the mean's 1/numel (or 1): d <= -beta ? -n g : d >= beta ? n g : n d g / beta;
// beta 0 is l1_loss_backward: sgn(d) * g * n.
Tensor smooth_l1_backward(const Tensor& g, const Tensor& x, const Tensor& t, double norm,
                          double beta) {
  const Tensor d = x - t;
  if (beta <= 0) return d.sign() * (g * norm);
  return where(d <= -beta, g * -norm, where(d >= beta, g * norm, d.mul(norm).mul(g).div(beta)));
}
}  // namespace

Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction, double beta) {
  EMBER_CHECK(beta >= 0, "smooth_l1_loss does not support negative values for beta.");
  Tensor loss;
  int64_t n = 1;
  {
    NoGradGuard no_grad;  // one node, SmoothL1LossBackward0, below
    // As PyTorch's kernel: z = |x - t|; z < beta ? 0.5 * z * z / beta : z - 0.5 * beta.
    const Tensor z = (self - target).abs();
    n = z.numel();
    loss = where(z < beta, z.mul(0.5).mul(z).div(beta), z - 0.5 * beta);
    loss = apply_loss_reduction(loss, reduction);
  }
  if (autograd::should_record(self, target)) {
    const double norm = reduction == Reduction::Mean ? 1.0 / static_cast<double>(n) : 1.0;
    autograd::record(
        "SmoothL1LossBackward0", loss, {self, target},
        [norm, beta](const autograd::Grads& g, const Tensor& self, const Tensor& target) {
          return autograd::tensor_list{
              g.needs(0) ? smooth_l1_backward(g[0], self, target, norm, beta) : Tensor(),
              g.needs(1) ? smooth_l1_backward(g[0], target, self, norm, beta) : Tensor()};
        },
        autograd::save(self), autograd::save(target));
  }
  return loss;
}

// ---- binary cross entropy ---------------------------------------------------------------------

namespace {
// PyTorch's EPSILON in binary_cross_entropy's gradient (a float: 1e-12f, in every dtype), and the
// eps of its double-backward formulas (a double).
constexpr double kBceEpsilon = static_cast<double>(1e-12f);
constexpr double kBceDoubleBackwardEpsilon = 1e-12;

// An element-wise gradient of binary_cross_entropy: times the weight, over the element count for
// a mean.
Tensor bce_weighted(Tensor g, const Tensor& weight, int64_t reduction, int64_t numel) {
  if (weight.defined()) g = g * weight;
  return reduction == Reduction::Mean ? g / numel : g;
}

// PyTorch's binary_cross_entropy_backward: grad (x - t) / max((1 - x) x, 1e-12), weighted. The
// clamped denominator keeps the gradient finite (zero) where x is exactly 0 or 1. Recorded as
// BinaryCrossEntropyBackwardBackward0 with PyTorch's double-backward formulas.
Tensor binary_cross_entropy_backward(const Tensor& grad, const Tensor& self, const Tensor& target,
                                     const Tensor& weight, int64_t reduction) {
  Tensor result;
  {
    NoGradGuard no_grad;  // the node below is the derivative
    result = bce_weighted(grad * (self - target) / ((1 - self) * self).clamp_min(kBceEpsilon),
                          weight, reduction, self.numel());
  }
  if (autograd::should_record(grad, self, target)) {
    autograd::record(
        "BinaryCrossEntropyBackwardBackward0", result, {grad, self, target},
        [reduction](const autograd::Grads& g, const Tensor& grad, const Tensor& self,
                    const Tensor& target, const Tensor& weight) {
          const int64_t n = self.numel();
          const double eps = kBceDoubleBackwardEpsilon;
          autograd::tensor_list r{Tensor(), Tensor(), Tensor()};
          if (g.needs(0)) {
            const Tensor d = g[0] * (self - target) / ((self + eps) * (1 - self + eps));
            r[0] = autograd::sum_to(bce_weighted(d, weight, reduction, n), grad.sizes());
          }
          if (g.needs(1)) {
            const Tensor d = (self * self - 2 * self * target + target) /
                             ((self + eps).pow(2) * (1 - self + eps).pow(2)) * (grad * g[0]);
            r[1] = bce_weighted(d, weight, reduction, n);
          }
          if (g.needs(2)) {
            Tensor denom;
            {
              NoGradGuard no_grad;  // PyTorch clamps the denominator outside the graph
              denom = ((1 - self) * self).clamp_min(eps);
            }
            r[2] = bce_weighted(-g[0] * grad / denom, weight, reduction, n);
          }
          return r;
        },
        autograd::save(grad), autograd::save(self), autograd::save(target), autograd::save(weight));
  }
  return result;
}
}  // namespace

Tensor binary_cross_entropy(const Tensor& self, const Tensor& target,
                            const std::optional<Tensor>& weight_opt, int64_t reduction) {
  const Tensor weight = defined_or_empty(weight_opt);
  EMBER_CHECK(!weight.defined() || !weight.requires_grad() || !GradMode::is_enabled(),
              "The function 'binary_cross_entropy' is not differentiable with respect to argument "
              "'weight'. This input cannot have requires_grad True.");
  Tensor loss;
  {
    NoGradGuard no_grad;  // one node, BinaryCrossEntropyBackward0, below
    EMBER_CHECK(self.ge(0).logical_and(self.le(1)).all().item<bool>(),
                "all elements of input should be between 0 and 1");
    EMBER_CHECK(target.ge(0).logical_and(target.le(1)).all().item<bool>(),
                "all elements of target should be between 0 and 1");
    // -w (t log(x) + (1 - t) log(1 - x)), each log clamped at -100.
    loss = (target - 1) * (1 - self).log().clamp_min(-100) - target * self.log().clamp_min(-100);
    if (weight.defined()) loss = loss * weight;
    loss = apply_loss_reduction(loss, reduction);
  }
  if (autograd::should_record(self, target)) {
    autograd::record(
        "BinaryCrossEntropyBackward0", loss, {self, target},
        [reduction](const autograd::Grads& g, const Tensor& self, const Tensor& target,
                    const Tensor& weight) {
          autograd::tensor_list r{Tensor(), Tensor()};
          if (g.needs(0)) {
            r[0] = binary_cross_entropy_backward(g[0], self, target, weight, reduction);
          }
          if (g.needs(1)) {  // PyTorch's binary_cross_entropy_target_backward: not clamped
            r[1] = bce_weighted(((1 - self).log() - self.log()) * g[0], weight, reduction,
                                target.numel());
          }
          return r;
        },
        autograd::save(self), autograd::save(target), autograd::save(weight));
  }
  return loss;
}

namespace {
// log(sigmoid(x)) as PyTorch's kernel computes it: min(x, 0) - log1p(exp(-|x|)).
Tensor log_sigmoid(const Tensor& x) { return x.clamp_max(0) - (-x.abs()).exp().log1p(); }
}  // namespace

Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                        const std::optional<Tensor>& weight_opt,
                                        const std::optional<Tensor>& pos_weight_opt,
                                        int64_t reduction) {
  const Tensor pos_weight = defined_or_empty(pos_weight_opt);
  const Tensor weight = defined_or_empty(weight_opt);
  Tensor loss;
  {
    NoGradGuard no_grad;  // one node, BinaryCrossEntropyWithLogitsBackward0, below
    // PyTorch's stable form, op for op and in place where it is (so that the result has the
    // dtype of 1 - target): max_val = max(-x, 0);
    // loss = (1 - t) x + lw (log(exp(-max_val) + exp(-x - max_val)) + max_val).
    Tensor max_val = (-self).clamp_(0);
    if (pos_weight.defined()) {
      Tensor log_weight = (pos_weight - 1).mul(target).add_(1);
      loss = (1 - target)
                 .mul_(self)
                 .add_(log_weight.mul_(
                     ((-max_val).exp_().add_((-self - max_val).exp_())).log_().add_(max_val)));
    } else {
      loss = (1 - target)
                 .mul_(self)
                 .add_(max_val)
                 .add_((-max_val).exp_().add_((-self - max_val).exp_()).log_());
    }
    if (weight.defined()) loss.mul_(weight);
    loss = apply_loss_reduction(loss, reduction);
  }
  if (autograd::should_record(self, target)) {
    autograd::record(
        "BinaryCrossEntropyWithLogitsBackward0", loss, {self, target},
        [reduction](const autograd::Grads& g, const Tensor& self, const Tensor& target,
                    const Tensor& weight, const Tensor& pos_weight) {
          autograd::tensor_list r{Tensor(), Tensor()};
          if (g.needs(0)) {  // PyTorch's binary_cross_entropy_with_logits_backward
            Tensor grad_input;
            if (pos_weight.defined()) {
              const Tensor t = pos_weight.mul(target);
              grad_input = t.add(1).sub_(target).mul_(self.sigmoid()).sub_(t).mul_(g[0]);
            } else {
              grad_input = (self.sigmoid() - target).mul_(g[0]);
            }
            if (weight.defined()) grad_input.mul_(weight);
            r[0] = reduction == Reduction::Mean ? grad_input / self.numel() : grad_input;
          }
          if (g.needs(1)) {  // ... and its target_backward
            Tensor grad_target;
            if (pos_weight.defined()) {
              grad_target = log_sigmoid(-self).sub_(log_sigmoid(self).mul_(pos_weight)).mul_(g[0]);
            } else {
              grad_target = -self * g[0];
            }
            if (weight.defined()) grad_target.mul_(weight);
            if (reduction == Reduction::Mean) grad_target.div_(target.numel());
            r[1] = grad_target;
          }
          return r;
        },
        autograd::save(self), autograd::save(target), autograd::save(weight),
        autograd::save(pos_weight));
  }
  return loss;
}

// ---- nn::functional ---------------------------------------------------------------------------

namespace nn::functional {

int64_t reduction_code(const loss_reduction_t& reduction) {
  if (std::holds_alternative<enumtype::kNone>(reduction)) return Reduction::None;
  if (std::holds_alternative<enumtype::kSum>(reduction)) return Reduction::Sum;
  return Reduction::Mean;
}

namespace {
std::optional<Tensor> opt(const Tensor& t) {
  return t.defined() ? std::optional<Tensor>(t) : std::nullopt;
}
}  // namespace

Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     const CrossEntropyFuncOptions& options) {
  return cross_entropy_loss(input, target, opt(options.weight()),
                            reduction_code(options.reduction()), options.ignore_index(),
                            options.label_smoothing());
}

Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options) {
  return nll_loss_nd(input, target, opt(options.weight()), reduction_code(options.reduction()),
                     options.ignore_index());
}

Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options) {
  // libtorch warns when the sizes differ (broadcasting likely unintended), then broadcasts.
  if (input.sizes() != target.sizes()) {
    std::ostringstream message;
    message << "Using a target size (" << target.sizes()
            << ") that is different to the input size (" << input.sizes()
            << "). This will likely lead to incorrect results due to broadcasting. Please ensure "
               "they have the same size.";
    warn(message.str());
  }
  const DimVector shape = infer_size(input.sizes(), target.sizes());
  return ember::mse_loss(input.expand(shape), target.expand(shape),
                         reduction_code(options.reduction()));
}

Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options) {
  return ember::l1_loss(input, target, reduction_code(options.reduction()));
}

Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options) {
  EMBER_CHECK(target.sizes() == input.sizes(), "Using a target size (", target.sizes(),
              ") that is different to the input size (", input.sizes(),
              ") is deprecated. Please ensure they have the same size.");
  Tensor weight = options.weight();
  if (weight.defined()) weight = weight.expand(infer_size(target.sizes(), weight.sizes()));
  return ember::binary_cross_entropy(input, target, opt(weight),
                                     reduction_code(options.reduction()));
}

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const BinaryCrossEntropyWithLogitsFuncOptions& options) {
  EMBER_CHECK(target.sizes() == input.sizes(), "Target size (", target.sizes(),
              ") must be the same as input size (", input.sizes(), ")");
  return ember::binary_cross_entropy_with_logits(input, target, opt(options.weight()),
                                                 opt(options.pos_weight()),
                                                 reduction_code(options.reduction()));
}

}  // namespace nn::functional

}  // namespace ember
