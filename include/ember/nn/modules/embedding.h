#pragma once
// Embedding (libtorch's torch/nn/modules/embedding.h): a lookup table of num_embeddings rows,
// initialized N(0, 1) (the padding row zero).
#include <cstdint>
#include <ostream>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/embedding.h"

namespace ember::nn {

class EmbeddingImpl : public Cloneable<EmbeddingImpl> {
 public:
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingImpl(EmbeddingOptions(num_embeddings, embedding_dim)) {}
  explicit EmbeddingImpl(EmbeddingOptions options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& indices);

  EmbeddingOptions options;
  Tensor weight;

 protected:
  void refresh_tensor_members() override;
};

class Embedding : public ModuleHolder<EmbeddingImpl> {
 public:
  using ModuleHolder<EmbeddingImpl>::ModuleHolder;
  using Impl = EmbeddingImpl;
  // An Embedding whose weight is `embeddings` (frozen unless options.freeze(false)).
  static Embedding from_pretrained(const Tensor& embeddings,
                                   const EmbeddingFromPretrainedOptions& options = {});
};

}  // namespace ember::nn
