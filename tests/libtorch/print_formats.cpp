// libtorch's tensor printing (`std::cout << tensor`) across its formats: integers, fixed point,
// a common scale factor, scientific; every dtype; 0-d and empty tensors; column blocks; more
// than two dimensions; non-finite values; and the caller's stream format left as it was.
#include <torch/torch.h>

#include <iomanip>
#include <iostream>
#include <limits>

int main() {
  torch::manual_seed(0);
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto show = [](const char* what, const torch::Tensor& t) {
    std::cout << "-- " << what << "\n" << t << "\n";
  };
  show("int matrix", torch::tensor({{1, 2, 3}, {4, 5, 6}}));
  show("negative ints", torch::tensor({-3, 0, 12}));
  show("big ints", torch::tensor({int64_t(12345678901), int64_t(2)}));
  show("0-d float", torch::tensor(3.5));
  show("0-d long", torch::tensor(3));
  show("0-d small", torch::tensor(1e-8));
  show("0-d bool", torch::tensor(true));
  show("vector", torch::tensor({1.5, 2.25}));
  show("randn 2x3", torch::randn({2, 3}));
  show("randn 2x3x4", torch::randn({2, 3, 4}));
  show("randn 2x2x2x2", torch::randn({2, 2, 2, 2}));
  show("randn 3x30 (column blocks)", torch::randn({3, 30}));
  show("scaled up", torch::randn({3}) * 1e6);
  show("scaled down", torch::randn({3}) * 1e-6);
  show("scaled matrix", torch::randn({2, 3}) * 1e6);
  show("scaled 3-d", torch::randn({2, 2, 3}) * 1e-4);
  show("scaled with columns", torch::randn({2, 15}) * 1e7);
  show("wide range", torch::tensor({1e-8, 1e8}));
  show("float ints past 1e9", torch::tensor({1e10, 2.0}));
  show("exponents past 99", torch::tensor({1e-120, 1e120}, torch::kDouble));
  show("fixed, 3 digits", torch::tensor({-300.0, 0.5}));
  show("negative magnitude not counted", torch::tensor({0.5, -300.0}));
  show("zeros", torch::zeros({2, 2}));
  show("non-finite and finite", torch::tensor({nan, inf, -inf, 1.5}, torch::kDouble));
  show("only non-finite", torch::tensor({nan, inf}, torch::kDouble));
  show("non-finite ints", torch::tensor({nan, 2.0, -4.0}, torch::kDouble));
  show("thousands 3-d with columns", torch::randn({2, 3, 12}) * 1000);
  show("empty 1-d", torch::empty({0}));
  show("empty 2-d", torch::empty({2, 0}));
  show("empty 3-d", torch::empty({2, 0, 3}));
  show("requires grad", torch::ones({2, 2}, torch::requires_grad()));
  show("result of an op", torch::ones({2}, torch::requires_grad()) * 2);
  show("half", torch::tensor({1.5, -2.0}).to(torch::kHalf));
  show("bfloat16", torch::tensor({1.5, -2.0}).to(torch::kBFloat16));
  show("int8", torch::tensor({-1, 2}).to(torch::kInt8));
  show("uint8", torch::tensor({1, 200}).to(torch::kUInt8));
  show("int16", torch::tensor({-1, 2}).to(torch::kInt16));
  show("int32", torch::tensor({-1, 2}).to(torch::kInt32));
  show("float64", torch::tensor({0.1, 0.2}, torch::kFloat64));
  show("bool", torch::tensor({true, false}));
  show("non-contiguous", torch::arange(6).reshape({2, 3}).t());
  show("undefined", torch::Tensor());
  std::cout << "-- type names\n";
  std::cout << torch::ones({1}).toString() << " " << torch::ones({1}, torch::kLong).toString()
            << " " << torch::ones({1}, torch::kBool).toString() << " "
            << torch::ones({1}, torch::kBFloat16).toString() << "\n";
  std::cout << "-- dtype() (a TypeMeta) and TensorOptions\n";
  for (auto st : {torch::kBool, torch::kByte, torch::kChar, torch::kShort, torch::kInt,
                  torch::kLong, torch::kHalf, torch::kBFloat16, torch::kFloat, torch::kDouble}) {
    const torch::Tensor t = torch::zeros({1}, st);
    std::cout << t.dtype() << " | " << t.dtype().name() << " | " << t.dtype().itemsize() << " | "
              << (t.dtype() == st) << (st == t.dtype()) << (t.dtype() != torch::kFloat) << " | "
              << t.scalar_type() << " | " << t.options().dtype() << "\n";
  }
  const caffe2::TypeMeta meta = caffe2::TypeMeta::Make<double>();
  std::cout << meta << " " << c10::typeMetaToScalarType(meta) << " " << (meta == torch::kDouble)
            << " " << caffe2::TypeMeta() << "\n";
  const torch::Tensor like = torch::ones({2});
  std::cout << torch::zeros({1}, like.dtype()).dtype() << " "
            << like.to(torch::zeros({1}, torch::kLong).dtype()).dtype() << " "
            << torch::ones({1}, torch::TensorOptions().dtype(like.dtype())).dtype() << "\n";
  std::cout << like.options() << "\n"
            << torch::TensorOptions() << "\n"
            << torch::TensorOptions().dtype(torch::kLong).requires_grad(true) << "\n"
            << torch::TensorOptions().dtype<double>().device(torch::kCPU) << "\n"
            << torch::TensorOptions(torch::kStrided).pinned_memory(true) << "\n";
  // Printing TensorOptions leaves std::boolalpha set, in libtorch.
  std::cout << (like.dim() == 1) << "\n" << std::noboolalpha;
  std::cout << "-- stream format kept\n";
  std::cout << std::setprecision(3) << torch::tensor(2.0 / 3) << "\n" << 2.0 / 3 << "\n";
  std::cout << std::fixed << torch::tensor({1, 2}) << "\n" << 0.5 << "\n";
  std::cout << std::defaultfloat << std::setprecision(6);
  std::cout << "-- print with a line size\n";
  torch::print(std::cout, torch::randn({2, 8}), 40);
  std::cout << "\n";
}
