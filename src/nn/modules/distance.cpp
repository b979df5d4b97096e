// CosineSimilarity and PairwiseDistance (libtorch's src/nn/modules/distance.cpp).
#include "ember/nn/modules/distance.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"

namespace ember::nn {

void CosineSimilarityImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::CosineSimilarity(dim=" << options.dim()
         << ", eps=" << options.eps() << ")";
}
Tensor CosineSimilarityImpl::forward(const Tensor& input1, const Tensor& input2) {
  return functional::cosine_similarity(input1, input2, options);
}

void PairwiseDistanceImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::PairwiseDistance(p=" << options.p() << ", eps=" << options.eps()
         << ", keepdim=" << options.keepdim() << ")";
}
Tensor PairwiseDistanceImpl::forward(const Tensor& input1, const Tensor& input2) {
  return functional::pairwise_distance(input1, input2, options);
}

}  // namespace ember::nn
