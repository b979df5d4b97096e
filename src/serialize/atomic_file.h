#pragma once
// Files written whole or not at all: the bytes go to a temporary file next to the target, which
// is flushed to disk and renamed over the target only when complete. A failed write (a full disk,
// an exception) or a process killed mid-save leaves the previous file as it was. Every file format
// ember writes goes through here.
#include <cstddef>
#include <string>

namespace ember::serialize_detail {

class AtomicFileWriter {
 public:
  // Opens a new temporary file in the target's directory. `what` names the file in messages
  // ("safetensors file 'w.safetensors'"). Throws ember::Error when it cannot be created.
  AtomicFileWriter(std::string path, std::string what);
  // Unless committed: removes the temporary file; the target is untouched.
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Appends bytes; throws ember::Error (with the system's reason) when the write fails.
  void write(const void* data, size_t size);
  // Flushes the file to disk and renames it over the target (a symbolic link's target is
  // replaced, not the link).
  void commit();

 private:
  std::string path_;  // the target
  std::string what_;
  std::string temp_;
  int fd_ = -1;
};

}  // namespace ember::serialize_detail
