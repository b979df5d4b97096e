#pragma once
// Saving and loading tensors in the safetensors format, the format PyTorch users exchange weights
// in (Python's safetensors.torch.save_file / load_file read and write the same files).
//
//   ember::save({{"weight", w}, {"bias", b}}, "model.safetensors");
//   std::map<std::string, ember::Tensor> tensors = ember::load_tensors("model.safetensors");
//
// The format: an 8-byte little-endian header length N, N bytes of JSON
//   {"__metadata__": {"key": "value", ...},
//    "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
// then the tensors' raw little-endian bytes, row-major, back to back; data_offsets are relative
// to the end of the header. Files written here are byte-identical to the Rust reference writer's:
// tensors laid out by decreasing dtype alignment then name, compact JSON, the header padded with
// spaces to a multiple of 8 bytes.
//
// Loading checks everything before reading data and throws ember::Error on a truncated or
// malformed file: header length past the end or over 100 MB, a header that is not UTF-8 JSON,
// duplicate keys, unknown dtypes, a shape whose byte count differs from its data_offsets, offsets
// that overlap, leave gaps or do not cover the data exactly, bool bytes other than 0 and 1.
//
// Dtypes: BOOL U8 I8 I16 I32 I64 F16 BF16 F32 F64 (ember's ten). Files holding U16, U32, U64 or
// the F8 types are rejected, as PyTorch 1.13 has no such dtypes either.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ember/core/Tensor.h"

namespace ember {

// A safetensors file's contents: named tensors and the free-form string metadata.
struct SafeTensors {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> metadata;  // the header's "__metadata__" (often empty)
};

// ---- Files (libtorch's torch::save(value, path) / torch::load(value&, path) shapes) -----------

// Writes the tensors (any layout; their values, not their autograd history) to path.
// Names must be valid UTF-8 and not "__metadata__".
void save(const std::map<std::string, Tensor>& tensors, const std::string& path,
          const std::map<std::string, std::string>& metadata = {});
// One tensor, stored under the name "tensor".
void save(const Tensor& tensor, const std::string& path);
// A list, stored under the names "0", "1", ... in order.
void save(const std::vector<Tensor>& tensors, const std::string& path);

// Replaces `tensors` by the file's tensors (fresh CPU tensors not requiring grad).
void load(std::map<std::string, Tensor>& tensors, const std::string& path);
// The file must hold exactly one tensor (whatever its name); `tensor` becomes it.
void load(Tensor& tensor, const std::string& path);
// The file must hold the names "0" .. "n-1" and nothing else (what save(vector) writes).
void load(std::vector<Tensor>& tensors, const std::string& path);

// The same as values.
std::map<std::string, Tensor> load_tensors(const std::string& path);
SafeTensors load_safetensors(const std::string& path);  // with the metadata

// ---- Byte buffers (a file's exact bytes) --------------------------------------------------------

std::vector<uint8_t> save_to_bytes(const std::map<std::string, Tensor>& tensors,
                                   const std::map<std::string, std::string>& metadata = {});
// Never reads outside [data, data + size).
SafeTensors load_from_bytes(const void* data, size_t size);
inline SafeTensors load_from_bytes(const std::vector<uint8_t>& bytes) {
  return load_from_bytes(bytes.data(), bytes.size());
}

// The format's name of a dtype ("F32", "BOOL", ...).
const char* safetensors_dtype_name(ScalarType t);

}  // namespace ember
