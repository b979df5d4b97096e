// A libtorch program, unchanged: it includes <torch/torch.h> and uses the torch:: names.
#include <torch/torch.h>

int main() {
  torch::manual_seed(1);
  torch::Tensor tensor = torch::rand({2, 3});
  std::cout << tensor << std::endl;
  at::Tensor sum = tensor.sum(1);
  TORCH_CHECK(sum.dim() == 1, "expected a vector");
  for (const auto i : c10::irange(sum.size(0))) {
    std::cout << torch::str("row ", i, ": ", sum[i].item<float>() > 1 ? "above 1" : "below 1")
              << "\n";
  }
  std::cout << c10::toString(tensor.scalar_type()) << " " << torch::elementSize(torch::kDouble)
            << "\n";
}
