// IDX files (include/ember/data/idx.h), plain or gzip-compressed.
#include "ember/data/idx.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "ember/core/Error.h"
#include "ember/ops/creation.h"

#if defined(EMBER_HAVE_ZLIB)
#include <zlib.h>
#endif

namespace ember::data {

namespace {

bool is_gzip(const uint8_t* p, size_t n) { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

uint32_t read_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

bool gzip_supported() {
#if defined(EMBER_HAVE_ZLIB)
  return true;
#else
  return false;
#endif
}

std::vector<uint8_t> gunzip(const void* data, size_t size) {
#if defined(EMBER_HAVE_ZLIB)
  const auto* in = static_cast<const uint8_t*>(data);
  EMBER_CHECK(is_gzip(in, size), "gunzip: not gzip data (no 1f 8b magic bytes)");
  std::vector<uint8_t> out;
  // The trailer's ISIZE (the size modulo 2^32) is a good first guess, but a hostile file can claim
  // anything: deflate expands at most ~1032:1.
  if (size >= 4) {
    const uint8_t* isize = in + size - 4;  // little-endian
    const uint32_t hint = (uint32_t{isize[3]} << 24) | (uint32_t{isize[2]} << 16) |
                          (uint32_t{isize[1]} << 8) | isize[0];
    out.reserve(std::min<size_t>(hint, size * 1032));
  }
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip wrapper, not raw zlib.
  EMBER_CHECK(inflateInit2(&zs, 16 + MAX_WBITS) == Z_OK, "gunzip: inflateInit2 failed");
  size_t pos = 0;
  try {
    std::vector<uint8_t> buf(1 << 16);
    for (;;) {
      // zlib counts in uInt: feed at most 1 GiB at a time.
      const size_t chunk = std::min<size_t>(size - pos, size_t{1} << 30);
      zs.next_in = const_cast<Bytef*>(in + pos);
      zs.avail_in = static_cast<uInt>(chunk);
      zs.next_out = buf.data();
      zs.avail_out = static_cast<uInt>(buf.size());
      const int rc = inflate(&zs, Z_NO_FLUSH);
      const size_t consumed = chunk - zs.avail_in, produced = buf.size() - zs.avail_out;
      pos += consumed;
      out.insert(out.end(), buf.data(), buf.data() + produced);
      if (rc == Z_STREAM_END) {
        // Concatenated members (gzip a b > c) decompress to the concatenation.
        if (pos == size) break;
        EMBER_CHECK(is_gzip(in + pos, size - pos), "gunzip: trailing garbage after gzip data");
        EMBER_CHECK(inflateReset(&zs) == Z_OK, "gunzip: inflateReset failed");
        continue;
      }
      EMBER_CHECK(rc == Z_OK || rc == Z_BUF_ERROR, "gunzip: corrupt gzip data (",
                  zs.msg ? zs.msg : "zlib error", ")");
      if (consumed == 0 && produced == 0) {
        // No progress: the input ended before the stream did.
        EMBER_CHECK(pos < size, "gunzip: truncated gzip data");
        throw Error("gunzip: corrupt gzip data (no progress)");
      }
    }
  } catch (...) {
    inflateEnd(&zs);
    throw;
  }
  inflateEnd(&zs);
  return out;
#else
  (void)data;
  (void)size;
  throw Error(
      "gunzip: ember was built without zlib (EMBER_HAVE_ZLIB); decompress the file first (gunzip)");
#endif
}

std::vector<uint8_t> read_file_bytes(const std::string& path) {
  std::error_code ec;
  EMBER_CHECK(!std::filesystem::is_directory(path, ec), "'", path, "' is a directory");
  std::ifstream in(path, std::ios::binary);
  EMBER_CHECK(in, "cannot open '", path, "': ", std::strerror(errno));
  std::vector<uint8_t> bytes;
  try {
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure& e) {
    // libstdc++ throws from a failing read(2) even without an exception mask.
    detail::fail<>("error reading '", path, "': ", e.what());
  }
  EMBER_CHECK(!in.bad(), "error reading '", path, "'");
  if (is_gzip(bytes.data(), bytes.size())) {
    try {
      return gunzip(bytes.data(), bytes.size());
    } catch (const Error& e) {
      detail::fail<>("'", path, "': ", e.what());
    }
  }
  return bytes;
}

Tensor decode_idx(const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  EMBER_CHECK(size >= 4, "IDX: ", size, " bytes is too short for the magic number");
  EMBER_CHECK(p[0] == 0 && p[1] == 0, "IDX: bad magic number 0x", std::hex, read_be32(p),
              " (the first two bytes must be 0)");
  ScalarType dtype;
  switch (p[2]) {
    case 0x08:
      dtype = kByte;
      break;
    case 0x09:
      dtype = kChar;
      break;
    case 0x0B:
      dtype = kShort;
      break;
    case 0x0C:
      dtype = kInt;
      break;
    case 0x0D:
      dtype = kFloat;
      break;
    case 0x0E:
      dtype = kDouble;
      break;
    default:
      detail::fail<>("IDX: unknown element type 0x", std::hex, int{p[2]});
  }
  const size_t ndim = p[3];
  EMBER_CHECK(size >= 4 + 4 * ndim, "IDX: ", size, " bytes is too short for ", ndim,
              " dimension sizes (truncated?)");
  std::vector<int64_t> sizes(ndim);
  const auto es = static_cast<uint64_t>(element_size(dtype));
  // span (the product of the non-zero sizes) must fit in int64 too, or strides would overflow.
  uint64_t nbytes = es, span = es;
  constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  for (size_t i = 0; i < ndim; ++i) {
    sizes[i] = read_be32(p + 4 + 4 * i);
    const auto d = static_cast<uint64_t>(sizes[i]);
    EMBER_CHECK(d == 0 || (nbytes <= kMax / d && span <= kMax / d), "IDX: the sizes overflow");
    nbytes *= d;
    span *= std::max<uint64_t>(d, 1);
  }
  const size_t header = 4 + 4 * ndim;
  EMBER_CHECK(nbytes == size - header, "IDX: the sizes call for ", nbytes, " bytes of data but ",
              size - header, " follow the header", nbytes > size - header ? " (truncated?)" : "");
  Tensor t = empty(sizes, TensorOptions().dtype(dtype));
  auto* out = static_cast<uint8_t*>(t.data_ptr());
  const uint8_t* src = p + header;
  if (es == 1) {
    if (nbytes) std::memcpy(out, src, nbytes);
  } else {
    // Big-endian to the host's little-endian order.
    for (uint64_t i = 0; i < nbytes; i += es) {
      for (uint64_t b = 0; b < es; ++b) out[i + b] = src[i + es - 1 - b];
    }
  }
  return t;
}

Tensor read_idx(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  try {
    return decode_idx(bytes.data(), bytes.size());
  } catch (const Error& e) {
    detail::fail<>("'", path, "': ", e.what());
  }
}

}  // namespace ember::data
