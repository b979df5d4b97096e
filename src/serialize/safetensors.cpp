// The safetensors format (include/ember/serialize/safetensors.h): the writer reproduces the Rust
// reference writer's bytes; the loader validates the whole header before touching any data.
#include "ember/serialize/safetensors.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "ember/core/Error.h"
#include "ember/ops/creation.h"
#include "serialize/atomic_file.h"
#include "serialize/json_reader.h"

namespace ember {

// The data section is the tensors' memory as is.
static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian data; a big-endian host would need byte swaps");

namespace {

using serialize_detail::JsonReader;
using serialize_detail::valid_utf8;

// The reference implementation's limit (safetensors' MAX_HEADER_SIZE).
constexpr uint64_t kMaxHeaderSize = 100'000'000;
// More dimensions than any real tensor has; the cap keeps a hostile header from making the
// loader hold millions of dims.
constexpr size_t kMaxDims = 1024;
constexpr const char* kMetadataKey = "__metadata__";

struct DtypeInfo {
  const char* name;
  ScalarType type;
  int rank;  // position in the Rust reference's Dtype enum, which orders the data on save
};
// The Rust enum: BOOL U8 I8 F8_E5M2 F8_E4M3 I16 U16 F16 BF16 I32 U32 F32 F64 I64 U64.
constexpr DtypeInfo kDtypes[] = {
    {"BOOL", kBool, 0},   {"U8", kByte, 1},       {"I8", kChar, 2}, {"I16", kShort, 5},
    {"F16", kHalf, 7},    {"BF16", kBFloat16, 8}, {"I32", kInt, 9}, {"F32", kFloat, 11},
    {"F64", kDouble, 12}, {"I64", kLong, 13},
};
constexpr const char* kUnsupportedDtypes[] = {"U16", "U32", "U64", "F8_E5M2", "F8_E4M3"};

const DtypeInfo& dtype_info(ScalarType t) {
  for (const auto& d : kDtypes) {
    if (d.type == t) return d;
  }
  detail::fail<>("safetensors: dtype ", t, " cannot be saved");
}

// ---- Header parsing and validation --------------------------------------------------------------

struct Entry {
  std::string name;
  ScalarType dtype = kFloat;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;
};

struct Header {
  std::vector<Entry> entries;  // sorted by data offsets
  std::map<std::string, std::string> metadata;
};

std::string shape_str(const std::vector<int64_t>& shape) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << ']';
  return os.str();
}

std::string offsets_str(const Entry& e) { return detail::str_cat('[', e.begin, ", ", e.end, ']'); }

Entry parse_tensor_info(JsonReader& r, std::string name, const std::string& ctx) {
  Entry e;
  e.name = std::move(name);
  const std::string who = ctx + ": tensor '" + e.name + "'";
  bool has_dtype = false, has_shape = false, has_offsets = false;
  r.read_object([&](const std::string& key) {
    auto once = [&](bool& seen) {
      if (seen) r.fail("duplicate key '" + key + "' in tensor '" + e.name + "'");
      seen = true;
    };
    if (key == "dtype") {
      once(has_dtype);
      if (r.peek() != '"') r.fail_expected("a string dtype for tensor '" + e.name + "'");
      const std::string d = r.read_string();
      const auto* it = std::find_if(std::begin(kDtypes), std::end(kDtypes),
                                    [&](const DtypeInfo& info) { return d == info.name; });
      if (it == std::end(kDtypes)) {
        for (const char* u : kUnsupportedDtypes) {
          if (d == u) detail::fail<>(who, ": dtype ", d, " is not supported by ember");
        }
        detail::fail<>(who, ": unknown dtype '", d, "'");
      }
      e.dtype = it->type;
    } else if (key == "shape") {
      once(has_shape);
      r.read_array([&] {
        const uint64_t d = r.read_uint64();
        if (d > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
          detail::fail<>(who, ": dimension ", d, " is too large");
        if (e.shape.size() == kMaxDims)
          detail::fail<>(who, ": more than ", kMaxDims, " dimensions");
        e.shape.push_back(static_cast<int64_t>(d));
      });
    } else if (key == "data_offsets") {
      once(has_offsets);
      int n = 0;
      r.read_array([&] {
        const uint64_t v = r.read_uint64();
        if (n == 0) e.begin = v;
        if (n == 1) e.end = v;
        if (++n > 2) detail::fail<>(who, ": data_offsets must be [begin, end]");
      });
      if (n != 2) detail::fail<>(who, ": data_offsets must be [begin, end]");
    } else {
      r.skip_value(2);  // the reference loader ignores unknown fields too
    }
  });
  if (!has_dtype) detail::fail<>(who, " has no dtype");
  if (!has_shape) detail::fail<>(who, " has no shape");
  if (!has_offsets) detail::fail<>(who, " has no data_offsets");
  return e;
}

// Parses and validates the header [p, p + n) for a data section of data_size bytes.
Header parse_header(const char* p, uint64_t n, uint64_t data_size, const std::string& ctx) {
  if (!valid_utf8(p, n)) detail::fail<>(ctx, ": the header is not valid UTF-8");
  if (n == 0 || p[0] != '{')
    detail::fail<>(ctx, ": the header is not a JSON object (it must start with '{')");
  JsonReader r(std::string_view(p, n), ctx);
  Header h;
  std::map<std::string, bool> seen;
  bool seen_metadata = false;
  r.read_object([&](const std::string& key) {
    if (key == kMetadataKey) {
      if (seen_metadata) r.fail("duplicate key '__metadata__'");
      seen_metadata = true;
      if (r.peek() == 'n') {
        r.expect_literal("null");
        return;
      }
      if (r.peek() != '{') r.fail_expected("an object of strings for __metadata__");
      r.read_object([&](const std::string& mkey) {
        if (r.peek() != '"') r.fail_expected("a string value in __metadata__");
        if (!h.metadata.emplace(mkey, r.read_string()).second)
          r.fail("duplicate key '" + mkey + "' in __metadata__");
      });
      return;
    }
    if (!seen.emplace(key, true).second) r.fail("duplicate tensor name '" + key + "'");
    if (r.peek() != '{') r.fail_expected("an object for tensor '" + key + "'");
    h.entries.push_back(parse_tensor_info(r, key, ctx));
  });
  if (!r.at_end()) r.fail("trailing characters after the JSON object");

  // The data section must be exactly the tensors' bytes back to back, as the reference checks.
  std::stable_sort(h.entries.begin(), h.entries.end(), [](const Entry& a, const Entry& b) {
    return std::pair(a.begin, a.end) < std::pair(b.begin, b.end);
  });
  uint64_t expected = 0;
  const Entry* prev = nullptr;
  for (const Entry& e : h.entries) {
    const std::string who = ctx + ": tensor '" + e.name + "'";
    if (e.end < e.begin)
      detail::fail<>(who, ": data_offsets ", offsets_str(e), " end before they begin");
    if (e.begin < expected)
      detail::fail<>(who, ": data_offsets ", offsets_str(e), " overlap tensor '", prev->name,
                     "' at ", offsets_str(*prev));
    if (e.begin > expected)
      detail::fail<>(who, ": data_offsets ", offsets_str(e), " leave bytes [", expected, ", ",
                     e.begin, ") of the data unused");
    // nbytes as the reference computes it (overflow is an error); span, the product of the
    // non-zero dims, must fit in int64 too, or the tensor's strides would overflow.
    uint64_t nbytes = static_cast<uint64_t>(element_size(e.dtype));
    uint64_t span = nbytes;
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    for (int64_t d : e.shape) {
      const auto u = static_cast<uint64_t>(d);
      if (u != 0 && (nbytes > kMax / u || span > kMax / u))
        detail::fail<>(who, ": shape ", shape_str(e.shape), " is too large");
      nbytes *= u;
      span *= std::max<uint64_t>(u, 1);
    }
    if (nbytes != e.end - e.begin)
      detail::fail<>(who, ": shape ", shape_str(e.shape), " of dtype ", dtype_info(e.dtype).name,
                     " takes ", nbytes, " bytes but data_offsets ", offsets_str(e), " hold ",
                     e.end - e.begin);
    expected = e.end;
    prev = &e;
  }
  if (expected != data_size)
    detail::fail<>(ctx, ": the tensors' data takes ", expected, " bytes but ", data_size,
                   " bytes follow the header", expected > data_size ? " (truncated?)" : "");
  return h;
}

Tensor empty_for(const Entry& e) {
  // Every byte count was checked against the data size, so numel fits comfortably.
  return empty(e.shape, TensorOptions().dtype(e.dtype));
}

void check_bools(const Tensor& t, const std::string& ctx, const std::string& name) {
  if (t.dtype() != kBool) return;
  const auto* b = static_cast<const unsigned char*>(t.data_ptr());
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (b[i] > 1)
      detail::fail<>(ctx, ": tensor '", name, "': BOOL element ", i, " is byte ",
                     static_cast<int>(b[i]), ", not 0 or 1");
  }
}

uint64_t read_le64(const unsigned char* b) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
  return v;
}

void check_header_length(uint64_t n, uint64_t total, const std::string& ctx) {
  if (n > kMaxHeaderSize)
    detail::fail<>(ctx, ": header length ", n, " exceeds the limit of ", kMaxHeaderSize, " bytes");
  if (n > total - 8)
    detail::fail<>(ctx, ": header length ", n, " runs past the end of the ", total,
                   "-byte input (truncated?)");
}

// ---- Writing ------------------------------------------------------------------------------------

void append_json_string(std::string& out, const std::string& s) {
  // serde_json's and Python's json.dumps(ensure_ascii=False) escaping.
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

struct Prepared {
  std::string header;        // padded
  std::vector<Tensor> data;  // contiguous, in file order
  uint64_t data_size = 0;
};

Prepared prepare(const std::map<std::string, Tensor>& tensors,
                 const std::map<std::string, std::string>& metadata) {
  struct Item {
    const std::string* name;
    Tensor t;
    const DtypeInfo* info;
  };
  std::vector<Item> items;
  items.reserve(tensors.size());
  for (const auto& [name, t] : tensors) {
    EMBER_CHECK(t.defined(), "safetensors: tensor '", name, "' is undefined");
    EMBER_CHECK(name != kMetadataKey, "safetensors: '__metadata__' cannot name a tensor");
    EMBER_CHECK(valid_utf8(name.data(), name.size()),
                "safetensors: tensor names must be valid UTF-8");
    items.push_back({&name, t.detach().contiguous(), &dtype_info(t.dtype())});
  }
  for (const auto& [k, v] : metadata) {
    EMBER_CHECK(valid_utf8(k.data(), k.size()) && valid_utf8(v.data(), v.size()),
                "safetensors: metadata must be valid UTF-8");
  }
  // The reference writer's order: decreasing dtype alignment, then name (byte-wise).
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.info->rank != b.info->rank) return a.info->rank > b.info->rank;
    return *a.name < *b.name;
  });

  Prepared out;
  std::string& h = out.header;
  h += '{';
  if (!metadata.empty()) {
    append_json_string(h, kMetadataKey);
    h += ":{";
    bool first = true;
    for (const auto& [k, v] : metadata) {
      if (!first) h += ',';
      first = false;
      append_json_string(h, k);
      h += ':';
      append_json_string(h, v);
    }
    h += '}';
  }
  uint64_t offset = 0;
  for (const Item& it : items) {
    if (h.size() > 1) h += ',';
    append_json_string(h, *it.name);
    h += ":{\"dtype\":\"";
    h += it.info->name;
    h += "\",\"shape\":[";
    for (int64_t i = 0; i < it.t.dim(); ++i) {
      if (i) h += ',';
      h += std::to_string(it.t.size(i));
    }
    const auto nbytes = static_cast<uint64_t>(it.t.nbytes());
    h += "],\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(offset + nbytes) +
         "]}";
    offset += nbytes;
    out.data.push_back(it.t);
  }
  h += '}';
  h.append((8 - h.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
  EMBER_CHECK(h.size() <= kMaxHeaderSize, "safetensors: the header would exceed ", kMaxHeaderSize,
              " bytes");
  out.data_size = offset;
  return out;
}

void put_le64(unsigned char* b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::string file_ctx(const std::string& path) { return "safetensors file '" + path + "'"; }

SafeTensors load_stream(const std::string& path, const std::string& ctx);

}  // namespace

const char* safetensors_dtype_name(ScalarType t) { return dtype_info(t).name; }

// ---- Byte buffers -------------------------------------------------------------------------------

std::vector<uint8_t> save_to_bytes(const std::map<std::string, Tensor>& tensors,
                                   const std::map<std::string, std::string>& metadata) {
  Prepared p = prepare(tensors, metadata);
  std::vector<uint8_t> out(8 + p.header.size() + p.data_size);
  put_le64(out.data(), p.header.size());
  std::memcpy(out.data() + 8, p.header.data(), p.header.size());
  uint8_t* d = out.data() + 8 + p.header.size();
  for (const Tensor& t : p.data) {
    const auto n = static_cast<size_t>(t.nbytes());
    if (n) std::memcpy(d, t.data_ptr(), n);
    d += n;
  }
  return out;
}

SafeTensors load_from_bytes(const void* data, size_t size) {
  const std::string ctx = "safetensors";
  const auto* b = static_cast<const unsigned char*>(data);
  if (size < 8)
    detail::fail<>(ctx, ": ", size,
                   " bytes is too short for the 8-byte header length (truncated?)");
  const uint64_t n = read_le64(b);
  check_header_length(n, size, ctx);
  Header h = parse_header(reinterpret_cast<const char*>(b + 8), n, size - 8 - n, ctx);
  SafeTensors out;
  out.metadata = std::move(h.metadata);
  const unsigned char* base = b + 8 + n;
  for (const Entry& e : h.entries) {
    Tensor t = empty_for(e);
    if (e.end > e.begin) std::memcpy(t.data_ptr(), base + e.begin, e.end - e.begin);
    check_bools(t, ctx, e.name);
    out.tensors.emplace(e.name, std::move(t));
  }
  return out;
}

// ---- Files --------------------------------------------------------------------------------------

void save(const std::map<std::string, Tensor>& tensors, const std::string& path,
          const std::map<std::string, std::string>& metadata) {
  Prepared p = prepare(tensors, metadata);
  serialize_detail::AtomicFileWriter out(path, file_ctx(path));
  unsigned char len[8];
  put_le64(len, p.header.size());
  out.write(len, 8);
  out.write(p.header.data(), p.header.size());
  for (const Tensor& t : p.data) out.write(t.data_ptr(), static_cast<size_t>(t.nbytes()));
  out.commit();
}

SafeTensors load_safetensors(const std::string& path) {
  const std::string ctx = file_ctx(path);
  std::error_code ec;
  EMBER_CHECK(!std::filesystem::is_directory(path, ec), ctx, ": is a directory");
  try {
    return load_stream(path, ctx);
  } catch (const std::ios_base::failure& e) {
    // libstdc++ throws from a failing read(2) even without an exception mask.
    detail::fail<>(ctx, ": read failed: ", e.what());
  }
}

namespace {

SafeTensors load_stream(const std::string& path, const std::string& ctx) {
  std::ifstream in(path, std::ios::binary);
  EMBER_CHECK(in, ctx, ": cannot open for reading: ", std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff end = in.tellg();
  EMBER_CHECK(end >= 0, ctx, ": cannot determine its size");
  in.seekg(0, std::ios::beg);
  const auto size = static_cast<uint64_t>(end);
  if (size < 8)
    detail::fail<>(ctx, ": ", size,
                   " bytes is too short for the 8-byte header length (truncated?)");
  unsigned char len[8];
  in.read(reinterpret_cast<char*>(len), 8);
  EMBER_CHECK(in, ctx, ": read failed");
  const uint64_t n = read_le64(len);
  check_header_length(n, size, ctx);
  std::string header(n, '\0');
  in.read(header.data(), static_cast<std::streamsize>(n));
  EMBER_CHECK(in, ctx, ": read failed");
  Header h = parse_header(header.data(), n, size - 8 - n, ctx);
  // Entries are in offset order and cover the data exactly: read them straight into place.
  SafeTensors out;
  out.metadata = std::move(h.metadata);
  for (const Entry& e : h.entries) {
    Tensor t = empty_for(e);
    in.read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(e.end - e.begin));
    EMBER_CHECK(in, ctx, ": read failed in tensor '", e.name, "' (did the file shrink?)");
    check_bools(t, ctx, e.name);
    out.tensors.emplace(e.name, std::move(t));
  }
  return out;
}

}  // namespace

std::map<std::string, Tensor> load_tensors(const std::string& path) {
  return load_safetensors(path).tensors;
}

void load(std::map<std::string, Tensor>& tensors, const std::string& path) {
  tensors = load_tensors(path);
}

void save(const Tensor& tensor, const std::string& path) { save({{"tensor", tensor}}, path); }

void load(Tensor& tensor, const std::string& path) {
  auto tensors = load_tensors(path);
  EMBER_CHECK(tensors.size() == 1, file_ctx(path), ": expected exactly one tensor, found ",
              tensors.size());
  tensor = tensors.begin()->second;
}

void save(const std::vector<Tensor>& tensors, const std::string& path) {
  std::map<std::string, Tensor> named;
  for (size_t i = 0; i < tensors.size(); ++i) named.emplace(std::to_string(i), tensors[i]);
  save(named, path);
}

void load(std::vector<Tensor>& tensors, const std::string& path) {
  auto named = load_tensors(path);
  std::vector<Tensor> out(named.size());
  for (size_t i = 0; i < out.size(); ++i) {
    auto it = named.find(std::to_string(i));
    EMBER_CHECK(it != named.end(), file_ctx(path), ": expected a list of ", named.size(),
                " tensors named 0 .. ", named.size() - 1,
                " (as save(std::vector<Tensor>) "
                "writes), but '",
                i, "' is missing");
    out[i] = it->second;
  }
  tensors = std::move(out);
}

}  // namespace ember
