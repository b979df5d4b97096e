#pragma once
// ember's own float32/float64/int64 GEMM (no BLAS): C = alpha * A @ B + beta * C for one matrix,
// every operand with any strides (element (i, j) of X at X[i * rs + j * cs]; transposed operands
// are just swapped strides). Goto/BLIS blocking: B is packed in KC x NC blocks, A in MC x KC
// blocks, and a register-blocked micro-kernel (AVX-512, AVX2 + FMA or plain C++, chosen once at run
// time) multiplies the packed panels. Large products split their rows or columns over the intra-op
// thread pool; each entry of C is always summed in the same order, so results do not depend on the
// number of threads and are the same run to run.
#include <cstdint>

namespace ember::cpu {

// beta == 0: C is not read (NaN and infinity in C are overwritten). k == 0 is allowed
// (C = beta * C). m, n >= 0.
void gemm_f32(int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t a_rs,
              int64_t a_cs, const float* b, int64_t b_rs, int64_t b_cs, float beta, float* c,
              int64_t c_rs, int64_t c_cs);
void gemm_f64(int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t a_rs,
              int64_t a_cs, const double* b, int64_t b_rs, int64_t b_cs, double beta, double* c,
              int64_t c_rs, int64_t c_cs);
// int64 with the same blocking and threading: products and sums wrap around modulo 2^64, as
// PyTorch's do; the AVX-512 kernel needs AVX512DQ (vpmullq), else the plain C++ one runs.
void gemm_i64(int64_t m, int64_t n, int64_t k, int64_t alpha, const int64_t* a, int64_t a_rs,
              int64_t a_cs, const int64_t* b, int64_t b_rs, int64_t b_cs, int64_t beta, int64_t* c,
              int64_t c_rs, int64_t c_cs);

// Which micro-kernel the GEMM runs: "avx512", "avx2" or "generic" (int64 has no AVX2 kernel). The
// best one the CPU has, unless the environment variable EMBER_GEMM_ISA asks for "avx2" or "generic"
// at the first use.
const char* gemm_float_isa();
// Switches the micro-kernel (for tests and benchmarks; not while a GEMM runs). False, and no
// change, when the name is unknown or the CPU lacks the instructions.
bool gemm_float_set_isa(const char* name);

}  // namespace ember::cpu
