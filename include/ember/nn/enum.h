#pragma once
// libtorch's enum tags (torch::kMean, torch::kReLU, torch::kFanIn, ...): each is a value of its
// own empty type in ember::enumtype, so an option that accepts a few of them is a std::variant of
// those types (`reduction(torch::kSum)`, `mode(torch::kConstant)`). get_enum_name() gives
// "kSum" & co., as libtorch prints them.
#include <string>
#include <variant>

namespace ember {
namespace enumtype {

// clang-format off
#define EMBER_ENUM_TYPES(_)                                                                    \
  _(Linear) _(Conv1D) _(Conv2D) _(Conv3D) _(ConvTranspose1D) _(ConvTranspose2D)              \
  _(ConvTranspose3D) _(Sigmoid) _(Tanh) _(ReLU) _(GELU) _(SiLU) _(Mish) _(LeakyReLU) _(FanIn) \
  _(FanOut) _(Constant) _(Reflect) _(Replicate) _(Circular) _(Nearest) _(Bilinear) _(Bicubic) \
  _(Trilinear) _(Area) _(NearestExact) _(Sum) _(Mean) _(Max) _(None) _(BatchMean) _(Zeros)    \
  _(Border) _(Reflection) _(RNN_TANH) _(RNN_RELU) _(LSTM) _(GRU) _(Valid) _(Same)
// clang-format on

#define EMBER_ENUM_DECLARE(name)                                   \
  struct k##name {                                                 \
    constexpr k##name() = default;                                 \
    static constexpr const char* enum_name() { return "k" #name; } \
  };
EMBER_ENUM_TYPES(EMBER_ENUM_DECLARE)
#undef EMBER_ENUM_DECLARE

// "kMean" for a variant holding kMean.
template <class... Ts>
std::string get_enum_name(const std::variant<Ts...>& v) {
  return std::visit([](const auto& e) { return std::string(e.enum_name()); }, v);
}

}  // namespace enumtype

#define EMBER_ENUM_CONSTANT(name) inline constexpr enumtype::k##name k##name{};
EMBER_ENUM_TYPES(EMBER_ENUM_CONSTANT)
#undef EMBER_ENUM_CONSTANT

}  // namespace ember

#undef EMBER_ENUM_TYPES
