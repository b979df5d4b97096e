#include "core/backend_loader.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

namespace ember::detail {

namespace {

std::string g_load_error;

#ifdef EMBER_STATIC_LIBRARY
// A static libember cannot host the CUDA backend, a shared library built against libember.so.
void load_cuda() {
  g_load_error =
      "this ember is a static library (BUILD_SHARED_LIBS=OFF), which has no CUDA backend; "
      "build ember as a shared library to use CUDA";
}
#else
// The directory libember.so was loaded from (with a trailing slash), or "".
std::string own_directory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&load_device_backend), &info) == 0 ||
      info.dli_fname == nullptr) {
    return {};
  }
  std::string path = info.dli_fname;
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

void load_cuda() {
  const char* env = std::getenv("EMBER_CUDA_LIBRARY");
  if (env != nullptr && std::string(env) == "none") return;
  std::string candidates[2];
  if (env != nullptr && *env != '\0') {
    candidates[0] = env;
  } else {
    candidates[0] = own_directory() + "libember_cuda.so";
    candidates[1] = "libember_cuda.so";
  }
  for (const std::string& name : candidates) {
    if (name.empty()) continue;
    // RTLD_GLOBAL is not needed: the library only calls into libember, which is loaded already.
    if (dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL) != nullptr) {
      g_load_error.clear();
      return;
    }
    const char* why = dlerror();
    if (g_load_error.empty() && why != nullptr) g_load_error = why;
  }
}
#endif

}  // namespace

void load_device_backend(DeviceType type) noexcept {
  if (type != DeviceType::CUDA) return;
  static std::once_flag once;
  try {
    std::call_once(once, load_cuda);
  } catch (...) {
    // A failed load leaves the device without a backend; the caller reports that.
  }
}

const char* device_backend_load_error() noexcept { return g_load_error.c_str(); }

}  // namespace ember::detail
