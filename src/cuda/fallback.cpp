#include "cuda/fallback.h"

#include <cstring>
#include <string>

#include "ember/core/TensorImpl.h"
#include "ember/ops/creation.h"

namespace ember::cuda_backend {

void HostStaging::finish() {
  for (const Staged& s : staged_) {
    const auto n = static_cast<size_t>(s.host_bytes.numel());
    if (n != 0 && std::memcmp(s.host_bytes.data_ptr(), s.original.data_ptr(), n) != 0) {
      copy_between_devices(s.device_bytes, s.host_bytes);
    }
  }
}

void warn_host_fallback(const char* kernel) {
  warn(std::string("ember: the CUDA backend has no GPU code for ") + kernel +
       ": it runs on the CPU, its operands copied to the host and its results back");
}

Tensor HostStaging::arg(const Tensor& t) {
  if (!t.defined() || t.is_cpu()) return t;
  const Storage& storage = t.unsafeGetTensorImpl()->storage();
  Storage host;
  for (const Staged& s : staged_) {
    if (s.storage == storage.get()) host = s.host_storage;
  }
  if (!host) {
    const auto nbytes = static_cast<int64_t>(storage->nbytes());
    Tensor device_bytes(make_intrusive<TensorImpl>(storage, kByte, IntArrayRef{nbytes}));
    Tensor host_bytes = empty({nbytes}, TensorOptions(kByte));
    copy_between_devices(host_bytes, device_bytes);
    host = host_bytes.unsafeGetTensorImpl()->storage();
    staged_.push_back({storage.get(), host, device_bytes, host_bytes, host_bytes.clone()});
  }
  return Tensor(make_intrusive<TensorImpl>(host, t.scalar_type(), t.sizes(), t.strides(),
                                           t.storage_offset()));
}

std::vector<Tensor> HostStaging::arg(const std::vector<Tensor>& ts) {
  std::vector<Tensor> r;
  r.reserve(ts.size());
  for (const Tensor& t : ts) r.push_back(arg(t));
  return r;
}

const kernels::ElementwiseArgs& HostStaging::arg(const kernels::ElementwiseArgs&) {
  detail::fail<>("ember: an element-wise kernel has no CUDA code");
}

}  // namespace ember::cuda_backend
