// Loss modules (libtorch's src/nn/modules/loss.cpp): weights given in the options are buffers.
#include "ember/nn/modules/loss.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"

namespace ember::nn {

void L1LossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::L1Loss()";
}
Tensor L1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::l1_loss(input, target, options);
}

void MSELossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::MSELoss()";
}
Tensor MSELossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::mse_loss(input, target, options);
}

BCELossImpl::BCELossImpl(BCELossOptions options_) : options(std::move(options_)) { reset(); }
void BCELossImpl::reset() { register_buffer("weight", options.weight()); }
void BCELossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::BCELoss()";
}
Tensor BCELossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::binary_cross_entropy(input, target, options);
}

BCEWithLogitsLossImpl::BCEWithLogitsLossImpl(BCEWithLogitsLossOptions options_)
    : options(std::move(options_)) {
  reset();
}
void BCEWithLogitsLossImpl::reset() {
  weight = register_buffer("weight", options.weight());
  pos_weight = register_buffer("pos_weight", options.pos_weight());
}
void BCEWithLogitsLossImpl::refresh_tensor_members() {
  weight = registered_buffer("weight");
  pos_weight = registered_buffer("pos_weight");
}
void BCEWithLogitsLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::BCEWithLogitsLoss()";
}
Tensor BCEWithLogitsLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::binary_cross_entropy_with_logits(
      input, target,
      functional::BinaryCrossEntropyWithLogitsFuncOptions()
          .reduction(options.reduction())
          .weight(weight)
          .pos_weight(pos_weight));
}

NLLLossImpl::NLLLossImpl(NLLLossOptions options_) : options(std::move(options_)) { reset(); }
void NLLLossImpl::reset() { weight = register_buffer("weight", options.weight()); }
void NLLLossImpl::refresh_tensor_members() { weight = registered_buffer("weight"); }
void NLLLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::NLLLoss()";
}
Tensor NLLLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::nll_loss(input, target,
                              functional::NLLLossFuncOptions()
                                  .weight(weight)
                                  .reduction(options.reduction())
                                  .ignore_index(options.ignore_index()));
}

CrossEntropyLossImpl::CrossEntropyLossImpl(CrossEntropyLossOptions options_)
    : options(std::move(options_)) {
  reset();
}
void CrossEntropyLossImpl::reset() { weight = register_buffer("weight", options.weight()); }
void CrossEntropyLossImpl::refresh_tensor_members() { weight = registered_buffer("weight"); }
void CrossEntropyLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::CrossEntropyLoss()";
}
Tensor CrossEntropyLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::cross_entropy(input, target,
                                   functional::CrossEntropyFuncOptions()
                                       .weight(weight)
                                       .ignore_index(options.ignore_index())
                                       .reduction(options.reduction())
                                       .label_smoothing(options.label_smoothing()));
}

// libtorch prints these two without parentheses.
void SmoothL1LossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::SmoothL1Loss";
}
Tensor SmoothL1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::smooth_l1_loss(input, target, options, options.beta());
}

void HuberLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::HuberLoss";
}
Tensor HuberLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::huber_loss(input, target, options);
}

void KLDivLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::KLDivLoss()";
}
Tensor KLDivLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::kl_div(input, target, options);
}

void SoftMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::SoftMarginLoss()";
}
Tensor SoftMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::soft_margin_loss(input, target, options);
}

void MarginRankingLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::MarginRankingLoss()";
}
Tensor MarginRankingLossImpl::forward(const Tensor& input1, const Tensor& input2,
                                      const Tensor& targets) {
  return functional::margin_ranking_loss(input1, input2, targets, options);
}

void HingeEmbeddingLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::HingeEmbeddingLoss(margin=" << options.margin() << ")";
}
Tensor HingeEmbeddingLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::hinge_embedding_loss(input, target, options);
}

void CosineEmbeddingLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::CosineEmbeddingLoss(margin=" << options.margin() << ")";
}
Tensor CosineEmbeddingLossImpl::forward(const Tensor& input1, const Tensor& input2,
                                        const Tensor& target) {
  return functional::cosine_embedding_loss(input1, input2, target, options);
}

MultiMarginLossImpl::MultiMarginLossImpl(MultiMarginLossOptions options_)
    : options(std::move(options_)) {
  reset();
}
void MultiMarginLossImpl::reset() {
  EMBER_CHECK(options.p() == 1 || options.p() == 2, "only p == 1 and p == 2 supported");
  // libtorch's message is that of a TORCH_CHECK without one.
  EMBER_CHECK(!options.weight().defined() || options.weight().dim() == 1,
              "Expected !options.weight().defined() || options.weight().dim() == 1 to be true, but "
              "got false.  (Could this error message be improved?  If so, please report an "
              "enhancement request to PyTorch.)");
  register_buffer("weight", options.weight());
}
// libtorch 1.13 prints the whole weight tensor (or "[ Tensor (undefined) ]").
void MultiMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::MultiMarginLoss(p=" << options.p()
         << ", margin=" << options.margin() << ", weight=" << options.weight()
         << ", reduction=" << enumtype::get_enum_name(options.reduction()) << ")";
}
Tensor MultiMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::multi_margin_loss(input, target, options);
}

void MultiLabelMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::MultiLabelMarginLoss()";
}
Tensor MultiLabelMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::multilabel_margin_loss(input, target, options);
}

MultiLabelSoftMarginLossImpl::MultiLabelSoftMarginLossImpl(MultiLabelSoftMarginLossOptions options_)
    : options(std::move(options_)) {
  reset();
}
void MultiLabelSoftMarginLossImpl::reset() { register_buffer("weight", options.weight()); }
void MultiLabelSoftMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::MultiLabelSoftMarginLoss()";
}
Tensor MultiLabelSoftMarginLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::multilabel_soft_margin_loss(input, target, options);
}

void TripletMarginLossImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::TripletMarginLoss(margin=" << options.margin() << ", p=" << options.p()
         << ", eps=" << options.eps() << ", swap=" << options.swap() << ")";
}
Tensor TripletMarginLossImpl::forward(const Tensor& anchor, const Tensor& positive,
                                      const Tensor& negative) {
  return functional::triplet_margin_loss(anchor, positive, negative, options);
}

void TripletMarginWithDistanceLossImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::TripletMarginWithDistanceLoss(margin=" << options.margin()
         << ", swap=" << options.swap() << ")";
}
Tensor TripletMarginWithDistanceLossImpl::forward(const Tensor& anchor, const Tensor& positive,
                                                  const Tensor& negative) {
  return functional::triplet_margin_with_distance_loss(anchor, positive, negative, options);
}

void PoissonNLLLossImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::PoissonNLLLoss()";
}
Tensor PoissonNLLLossImpl::forward(const Tensor& log_input, const Tensor& targets) {
  return functional::poisson_nll_loss(log_input, targets, options);
}

}  // namespace ember::nn
