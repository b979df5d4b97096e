#pragma once
// The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian
// magic number 0x0000TTNN (TT the element type, NN the number of dims), NN big-endian uint32
// sizes, then the elements, big-endian, row-major. Files may be gzip-compressed (as Debian's
// dataset-fashion-mnist ships them): gzip is recognised by its magic bytes, not the file name.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ember/core/Tensor.h"

namespace ember::data {

// The element types: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64.
// Returns a contiguous CPU tensor of that dtype with the file's sizes. Throws ember::Error for a
// malformed or truncated file, or trailing bytes.
Tensor read_idx(const std::string& path);
Tensor decode_idx(const void* data, size_t size);  // the bytes of an (uncompressed) IDX file

// The whole file, decompressed when it is gzip (several concatenated members are allowed).
std::vector<uint8_t> read_file_bytes(const std::string& path);
// Decompresses gzip data (the bytes of a .gz file).
std::vector<uint8_t> gunzip(const void* data, size_t size);
// True when ember was built with zlib (EMBER_HAVE_ZLIB); without it, reading gzip data throws.
bool gzip_supported();

}  // namespace ember::data
