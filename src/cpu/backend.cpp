// The CPU's kernel table: every entry of EMBER_KERNELS (src/kernels/table.h) is the function of
// the same name in ember::cpu, so a signature that drifts from the list fails to compile here.
#include "cpu/conv_kernels.h"
#include "cpu/elementwise_kernels.h"
#include "cpu/gemm_kernels.h"
#include "cpu/index_kernels.h"
#include "cpu/kernels.h"
#include "cpu/reduce_kernels.h"
#include "kernels/table.h"

namespace ember::kernels {

namespace {
constexpr KernelTable make_cpu_backend() {
  KernelTable t;
#define EMBER_CPU_SLOT(name, ret, params, args, device) t.name = &cpu::name;
  EMBER_KERNELS(EMBER_CPU_SLOT)
#undef EMBER_CPU_SLOT
  t.gemm_supports = &cpu::gemm_supports;
  return t;
}
}  // namespace

constinit const KernelTable cpu_backend = make_cpu_backend();

}  // namespace ember::kernels
