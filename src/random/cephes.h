#pragma once
// The Cephes single-precision log and sincos polynomials ("avx_mathfun"), as PyTorch's AVX2
// float32 normal kernel evaluates them lane by lane. Every fused multiply-add is written as an
// explicit std::fma; the including file must be compiled with -ffp-contract=off so that no other
// operation is fused.
#include <bit>
#include <cmath>
#include <cstdint>

namespace ember::random_detail {

inline float cephes_log(float x) {
  constexpr float kSqrtHalf = 0.707106781186547524f;
  // x is normal and positive here (1 - u with u on a 2^-24 grid).
  const uint32_t bits = std::bit_cast<uint32_t>(x);
  const int32_t exponent = static_cast<int32_t>(bits >> 23) - 0x7f;
  const float m = std::bit_cast<float>((bits & ~0x7f800000u) | 0x3f000000u);  // in [0.5, 1)
  float e = static_cast<float>(exponent) + 1.0f;
  float t = 0.0f;
  if (m < kSqrtHalf) {
    e = e - 1.0f;
    t = m;
  }
  x = m - 1.0f;
  x = x + t;
  const float z = x * x;
  float y = 7.0376836292E-2f;
  y = std::fma(y, x, -1.1514610310E-1f);
  y = std::fma(y, x, 1.1676998740E-1f);
  y = std::fma(y, x, -1.2420140846E-1f);
  y = std::fma(y, x, 1.4249322787E-1f);
  y = std::fma(y, x, -1.6668057665E-1f);
  y = std::fma(y, x, 2.0000714765E-1f);
  y = std::fma(y, x, -2.4999993993E-1f);
  y = std::fma(y, x, 3.3333331174E-1f);
  y = y * x;
  y = std::fma(y, z, e * -2.12194440e-4f);
  y = std::fma(-z, 0.5f, y);
  x = x + y;
  return std::fma(e, 0.693359375f, x);
}

inline void cephes_sincos(float x, float& s, float& c) {
  const uint32_t sign_in = std::bit_cast<uint32_t>(x) & 0x80000000u;
  x = std::fabs(x);
  float y = x * 1.27323954473516f;  // 4 / pi
  int32_t j = static_cast<int32_t>(y);
  j = (j + 1) & ~1;
  y = static_cast<float>(j);
  const uint32_t swap_sign_sin = static_cast<uint32_t>(j & 4) << 29;
  const bool sin_poly = (j & 2) == 0;
  const uint32_t sign_cos = static_cast<uint32_t>(~(j - 2) & 4) << 29;
  const uint32_t sign_sin = sign_in ^ swap_sign_sin;
  x = std::fma(y, -0.78515625f, x);
  x = std::fma(y, -2.4187564849853515625e-4f, x);
  x = std::fma(y, -3.77489497744594108e-8f, x);
  const float z = x * x;
  float yc = 2.443315711809948E-005f;
  yc = std::fma(yc, z, -1.388731625493765E-003f);
  yc = std::fma(yc, z, 4.166664568298827E-002f);
  yc = yc * z;
  yc = std::fma(yc, z, -(z * 0.5f));
  yc = yc + 1.0f;
  float ys = -1.9515295891E-4f;
  ys = std::fma(ys, z, 8.3321608736E-3f);
  ys = std::fma(ys, z, -1.6666654611E-1f);
  ys = ys * z;
  ys = std::fma(ys, x, x);
  const float sv = sin_poly ? ys : yc;
  const float cv = sin_poly ? yc : ys;
  s = std::bit_cast<float>(std::bit_cast<uint32_t>(sv) ^ sign_sin);
  c = std::bit_cast<float>(std::bit_cast<uint32_t>(cv) ^ sign_cos);
}

}  // namespace ember::random_detail
