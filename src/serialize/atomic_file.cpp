#include "serialize/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include "ember/core/Error.h"

namespace ember::serialize_detail {

namespace {

namespace fs = std::filesystem;

// The file a path names: a symbolic link is followed, so that saving through a link replaces
// what it points to.
fs::path resolve(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  if (fs::is_symlink(p, ec)) {
    fs::path target = fs::read_symlink(p, ec);
    if (!ec) return target.is_absolute() ? target : p.parent_path() / target;
  }
  return p;
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::string path, std::string what)
    : path_(resolve(path).string()), what_(std::move(what)) {
  const fs::path target(path_);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() + "/" : "";
  // A fresh name beside the target (same file system, so the rename is atomic); O_EXCL never
  // opens someone else's file. The mode is the usual 0666 less the umask, as for any new file.
  static std::atomic<unsigned> counter{0};
  std::random_device entropy;
  for (int attempt = 0; fd_ < 0; ++attempt) {
    temp_ = dir + "." + target.filename().string() + ".tmp-" + std::to_string(getpid()) + "-" +
            std::to_string(counter++) + "-" + std::to_string(entropy() % 1000000);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && (errno != EEXIST || attempt == 100)) {
      detail::fail(what_, ": cannot open for writing: ", std::strerror(errno));
    }
  }
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFileWriter::write(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      detail::fail(what_, ": write failed: ", std::strerror(errno));
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

void AtomicFileWriter::commit() {
  if (::fsync(fd_) != 0) detail::fail(what_, ": write failed: ", std::strerror(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) detail::fail(what_, ": write failed: ", std::strerror(errno));
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    detail::fail(what_, ": cannot replace the file: ", std::strerror(errno));
  }
  temp_.clear();
  // The rename itself reaches the disk with the directory's entry.
  const fs::path dir = fs::path(path_).has_parent_path() ? fs::path(path_).parent_path() : ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace ember::serialize_detail
