#pragma once
// Loads the backend of a device that is not built into libember (CUDA: libember_cuda.so, built
// beside libember.so when nvcc is found). A CPU-only program never loads it, so it never loads
// cudart. The library registers its allocator and kernel table while it loads.
#include "ember/core/Device.h"

namespace ember::detail {

// Tries once per process (thread-safe) to load the backend of `type`; later calls return at once.
// Looks beside libember.so first, then on the loader's search path; EMBER_CUDA_LIBRARY names
// another file, EMBER_CUDA_LIBRARY=none disables the backend.
void load_device_backend(DeviceType type) noexcept;

// Why the last load failed ("" when it did not fail or was not tried), for error messages.
const char* device_backend_load_error() noexcept;

}  // namespace ember::detail
