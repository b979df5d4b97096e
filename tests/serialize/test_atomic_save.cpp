// Saves are atomic: a save that fails part-way (a full disk, a file-size limit) or a process
// killed in the middle of one leaves the previous file whole and no stray files; a completed
// save replaces the file in one step, through a symbolic link too.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "ember/ember.h"

namespace fs = std::filesystem;

namespace {

// A scratch directory removed at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("ember_atomic_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  size_t entries() const {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(path), fs::directory_iterator{}));
  }
};

std::string contents(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs f in a forked child with the file-size limit set to `limit` bytes; returns the raw wait
// status.
template <class F>
int with_file_size_limit(rlim_t limit, bool ignore_sigxfsz, F f) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (ignore_sigxfsz) std::signal(SIGXFSZ, SIG_IGN);  // writes then fail with EFBIG
    rlimit r{limit, limit};
    setrlimit(RLIMIT_FSIZE, &r);
    _exit(f());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

TEST(AtomicSave, ReplacesTheFileWhole) {
  TempDir dir;
  const fs::path target = dir.path / "w.safetensors";
  ember::save(ember::ones({4}), target.string());
  ember::save(ember::arange(100.0), target.string());
  EXPECT_TRUE(ember::load_tensors(target.string()).at("tensor").equal(ember::arange(100.0)));
  EXPECT_EQ(dir.entries(), 1u);  // no temporary left behind
}

TEST(AtomicSave, AFailedWriteKeepsThePreviousFile) {
  TempDir dir;
  const fs::path target = dir.path / "w.safetensors";
  ember::save(ember::ones({4}), target.string());
  const std::string before = contents(target);
  const int status = with_file_size_limit(1000, /*ignore_sigxfsz=*/true, [&] {
    try {
      ember::save(ember::zeros({100000}), target.string());  // 400 KB: the write fails
      return 1;
    } catch (const ember::Error& e) {
      return std::string(e.what()).find("write failed: File too large") != std::string::npos ? 0
                                                                                             : 2;
    }
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(contents(target), before);
  EXPECT_EQ(dir.entries(), 1u);  // the temporary was removed
}

TEST(AtomicSave, AProcessKilledMidSaveLeavesThePreviousFile) {
  TempDir dir;
  const fs::path target = dir.path / "w.safetensors";
  ember::save(ember::ones({4}), target.string());
  const std::string before = contents(target);
  // SIGXFSZ's default action kills the process at the write that crosses the limit.
  const int status = with_file_size_limit(1000, /*ignore_sigxfsz=*/false, [&] {
    ember::save(ember::zeros({100000}), target.string());
    return 0;
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGXFSZ);
  EXPECT_EQ(contents(target), before);
  EXPECT_TRUE(ember::load_tensors(target.string()).at("tensor").equal(ember::ones({4})));
}

TEST(AtomicSave, SavingThroughASymlinkReplacesItsTarget) {
  TempDir dir;
  const fs::path real = dir.path / "real.safetensors", link = dir.path / "link.safetensors";
  ember::save(ember::ones({2}), real.string());
  fs::create_symlink("real.safetensors", link);
  ember::save(ember::zeros({3}), link.string());
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_TRUE(ember::load_tensors(real.string()).at("tensor").equal(ember::zeros({3})));
}

TEST(AtomicSave, ModulesAreSavedAtomicallyToo) {
  TempDir dir;
  const fs::path target = dir.path / "net.safetensors";
  ember::nn::Linear net(1000, 100);
  ember::save(net, target.string());
  const std::string before = contents(target);
  ember::nn::Linear bigger(1000, 100);
  const int status = with_file_size_limit(10000, /*ignore_sigxfsz=*/true, [&] {
    try {
      ember::save(bigger, target.string());
      return 1;
    } catch (const ember::Error&) {
      return 0;
    }
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(contents(target), before);
}

TEST(AtomicSave, ReportsWhatCannotBeWritten) {
  TempDir dir;
  const fs::path sub = dir.path / "d";
  fs::create_directories(sub);
  try {
    ember::save(ember::ones({1}), sub.string());  // a directory is in the way
    ADD_FAILURE() << "expected an error";
  } catch (const ember::Error& e) {
    EXPECT_NE(std::string(e.what()).find("safetensors file '" + sub.string() + "'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fs::is_directory(sub));
  try {
    ember::save(ember::ones({1}), (dir.path / "missing" / "x.safetensors").string());
    ADD_FAILURE() << "expected an error";
  } catch (const ember::Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open for writing: No such file or directory"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(dir.entries(), 1u);
}

}  // namespace
