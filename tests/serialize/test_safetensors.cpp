// safetensors: ember writes the reference files (tests/reference/serialize_*.safetensors, from the
// spec writer in gen_serialize.py) byte for byte, reads them back exactly, and rejects every kind
// of malformed file with an ember::Error.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "ember/serialize/safetensors.h"
#include "reference.h"

namespace {

using ember::Tensor;
using ember_test::reference;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;
using Bytes = std::vector<uint8_t>;

std::string ref_path(const std::string& file) {
  return std::string(EMBER_REFERENCE_DIR) + "/" + file;
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

// Equal bytes, or where they first differ.
::testing::AssertionResult same_bytes(const Bytes& got, const Bytes& want) {
  if (got == want) return ::testing::AssertionSuccess();
  size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  auto r = ::testing::AssertionFailure();
  r << "sizes " << got.size() << " vs " << want.size() << ", first difference at byte " << i;
  if (i < got.size() && i < want.size()) r << ": " << int{got[i]} << " vs " << int{want[i]};
  return r;
}

void write_file(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// A scratch file removed at scope exit.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() /
              ("ember_st_" + std::to_string(::getpid()) + "_" + name))
                 .string()) {}
  ~TempFile() { std::remove(path.c_str()); }
};

const nlohmann::json& cases() { return reference("serialize").at("safetensors"); }

std::map<std::string, Tensor> ref_tensors(const nlohmann::json& c) {
  std::map<std::string, Tensor> out;
  for (const auto& [name, t] : c.at("tensors").items()) out[name] = tensor_from_reference(t);
  return out;
}

std::map<std::string, std::string> ref_metadata(const nlohmann::json& c) {
  return c.at("metadata").get<std::map<std::string, std::string>>();
}

void expect_same_map(const std::map<std::string, Tensor>& got,
                     const std::map<std::string, Tensor>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [name, t] : want) {
    auto it = got.find(name);
    ASSERT_NE(it, got.end()) << "missing " << name;
    EXPECT_TRUE(same_tensor(it->second, t)) << name;
    EXPECT_FALSE(it->second.requires_grad());
  }
}

// The message of the ember::Error that loading `b` throws ("" when it loads).
std::string load_error(const Bytes& b) {
  try {
    ember::load_from_bytes(b);
  } catch (const ember::Error& e) {
    return e.what();
  }
  return "";
}

Bytes make_file(const std::string& header, const Bytes& data = {}) {
  std::string s(8, '\0');
  const uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>(n >> (8 * i));
  s += header;
  s.append(reinterpret_cast<const char*>(data.data()), data.size());
  return Bytes(s.begin(), s.end());
}

#define EXPECT_LOAD_ERROR(bytes, substring)                                                  \
  do {                                                                                       \
    const std::string msg_ = load_error(bytes);                                              \
    EXPECT_NE(msg_.find(substring), std::string::npos)                                       \
        << "expected an error containing \"" << (substring) << "\", got \"" << msg_ << "\""; \
  } while (0)

// ---- The reference files -----------------------------------------------------------------------

TEST(Safetensors, ReadsReferenceFiles) {
  for (const auto& [name, c] : cases().items()) {
    SCOPED_TRACE(name);
    const std::string path = ref_path(c.at("file").get<std::string>());
    ember::SafeTensors from_file = ember::load_safetensors(path);
    expect_same_map(from_file.tensors, ref_tensors(c));
    EXPECT_EQ(from_file.metadata, ref_metadata(c));
    ember::SafeTensors from_bytes = ember::load_from_bytes(read_file(path));
    expect_same_map(from_bytes.tensors, ref_tensors(c));
    EXPECT_EQ(from_bytes.metadata, ref_metadata(c));
  }
}

TEST(Safetensors, WritesReferenceFilesByteForByte) {
  for (const auto& [name, c] : cases().items()) {
    SCOPED_TRACE(name);
    const Bytes expected = read_file(ref_path(c.at("file").get<std::string>()));
    EXPECT_TRUE(same_bytes(ember::save_to_bytes(ref_tensors(c), ref_metadata(c)), expected));
    TempFile f(name + ".safetensors");
    ember::save(ref_tensors(c), f.path, ref_metadata(c));
    EXPECT_TRUE(same_bytes(read_file(f.path), expected));
  }
}

TEST(Safetensors, SingleTensorIsStoredAsTensor) {
  const auto& c = cases().at("single");
  Tensor t = ref_tensors(c).at("tensor");
  TempFile f("single.safetensors");
  ember::save(t, f.path);
  EXPECT_TRUE(same_bytes(read_file(f.path), read_file(ref_path(c.at("file").get<std::string>()))));
  Tensor back;
  ember::load(back, f.path);
  EXPECT_TRUE(same_tensor(back, t));
}

// The byte vectors of the Rust reference implementation's own tests (safetensors/src/tensor.rs:
// test_serialization, test_empty, test_serialization_forced_alignement).
TEST(Safetensors, MatchesTheRustReferenceTestVectors) {
  auto bytes = [](std::initializer_list<int> v) {
    Bytes b;
    for (int x : v) b.push_back(static_cast<uint8_t>(x));
    return b;
  };
  Tensor six = ember::arange(6, ember::kFloat);
  EXPECT_TRUE(same_bytes(
      ember::save_to_bytes({{"attn.0", six.reshape({1, 2, 3})}}),
      bytes({64, 0,  0,   0,   0,   0,   0,   0,   123, 34,  97,  116, 116, 110, 46,  48,
             34, 58, 123, 34,  100, 116, 121, 112, 101, 34,  58,  34,  70,  51,  50,  34,
             44, 34, 115, 104, 97,  112, 101, 34,  58,  91,  49,  44,  50,  44,  51,  93,
             44, 34, 100, 97,  116, 97,  95,  111, 102, 102, 115, 101, 116, 115, 34,  58,
             91, 48, 44,  50,  52,  93,  125, 125, 0,   0,   0,   0,   0,   0,   128, 63,
             0,  0,  0,   64,  0,   0,   64,  64,  0,   0,   128, 64,  0,   0,   160, 64})));
  EXPECT_TRUE(same_bytes(ember::save_to_bytes({}),
                         bytes({8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32})));
  EXPECT_TRUE(same_bytes(
      ember::save_to_bytes({}, {{"framework", "pt"}}),
      bytes({40,  0,   0,   0,  0,  0,  0,   0,   123, 34,  95,  95,  109, 101, 116, 97,
             100, 97,  116, 97, 95, 95, 34,  58,  123, 34,  102, 114, 97,  109, 101, 119,
             111, 114, 107, 34, 58, 34, 112, 116, 34,  125, 125, 32,  32,  32,  32,  32})));
  EXPECT_TRUE(same_bytes(
      ember::save_to_bytes({{"attn0", six.reshape({1, 1, 2, 3})}}),
      bytes({72,  0,   0,   0,   0,   0,   0,   0,   123, 34, 97, 116, 116, 110, 48,  34,  58,  123,
             34,  100, 116, 121, 112, 101, 34,  58,  34,  70, 51, 50,  34,  44,  34,  115, 104, 97,
             112, 101, 34,  58,  91,  49,  44,  49,  44,  50, 44, 51,  93,  44,  34,  100, 97,  116,
             97,  95,  111, 102, 102, 115, 101, 116, 115, 34, 58, 91,  48,  44,  50,  52,  93,  125,
             125, 32,  32,  32,  32,  32,  32,  32,  0,   0,  0,  0,   0,   0,   128, 63,  0,   0,
             0,   64,  0,   0,   64,  64,  0,   0,   128, 64, 0,  0,   160, 64})));
}

// ---- Round trips --------------------------------------------------------------------------------

TEST(Safetensors, RoundTripsEveryDtypeAndLayout) {
  ember::manual_seed(3);
  std::map<std::string, Tensor> m;
  for (int i = 0; i < ember::kNumScalarTypes; ++i) {
    auto dt = static_cast<ember::ScalarType>(i);
    Tensor base = ember::randn({4, 6}).mul(5);
    Tensor v = dt == ember::kBool ? base.gt(0) : base.to(dt);
    const std::string n(ember::python_name(dt));
    m[n] = v;
    m[n + "_t"] = v.t();                               // transposed
    m[n + "_step"] = v.slice(1, 1, std::nullopt, 2);   // strided
    m[n + "_expand"] = v.select(0, 0).expand({3, 6});  // stride 0
    m[n + "_0d"] = v.select(0, 1).select(0, 2);        // 0-d view with an offset
  }
  Tensor leaf = ember::randn({3}).requires_grad_();
  m["requires_grad"] = leaf;
  m["computed"] = leaf.mul(2);
  auto back = ember::load_from_bytes(ember::save_to_bytes(m)).tensors;
  expect_same_map(back, m);
  for (const auto& [n, t] : back) EXPECT_TRUE(t.is_contiguous()) << n;
}

TEST(Safetensors, ListsAndMaps) {
  TempFile f("list.safetensors");
  std::vector<Tensor> list;
  for (int i = 0; i < 12; ++i) list.push_back(ember::full({i % 3}, i));
  ember::save(list, f.path);
  std::vector<Tensor> back;
  ember::load(back, f.path);
  ASSERT_EQ(back.size(), list.size());
  for (size_t i = 0; i < list.size(); ++i) EXPECT_TRUE(same_tensor(back[i], list[i])) << i;

  std::map<std::string, Tensor> m{{"x", ember::ones({2})}, {"y", ember::zeros({3})}};
  ember::save(m, f.path);
  std::map<std::string, Tensor> mb{{"stale", ember::ones({1})}};
  ember::load(mb, f.path);
  expect_same_map(mb, m);
  EXPECT_EQ(ember::load_tensors(f.path).size(), 2u);

  Tensor one;
  try {
    ember::load(one, f.path);
    ADD_FAILURE() << "expected an error";
  } catch (const ember::Error& e) {
    EXPECT_NE(std::string(e.what()).find("expected exactly one tensor, found 2"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(ember::load(back, f.path), ember::Error);  // names are not 0 .. n-1
}

TEST(Safetensors, AcceptsWhatTheSpecAllows) {
  // Whitespace anywhere, null metadata, unknown fields (ignored, as the reference loader does).
  Bytes b = make_file(
      "{ \"__metadata__\" : null ,\n \"a\" : { \"shape\" : [ 2 ] , \"extra\": {\"k\": [1, -2.5e3, "
      "true, false, null, \"s\"]}, \"dtype\" : \"I16\" , \"data_offsets\" : [ 0 , 4 ] } }   ",
      {1, 0, 255, 255});
  auto st = ember::load_from_bytes(b);
  ASSERT_EQ(st.tensors.count("a"), 1u);
  EXPECT_TRUE(same_tensor(st.tensors["a"], ember::tensor({1, -1}, ember::kShort)));
  EXPECT_TRUE(st.metadata.empty());
  // Escapes, including a surrogate pair, decode to UTF-8.
  auto esc = ember::load_from_bytes(make_file(
      R"({"\u00e9\ud83d\ude00\n\/":{"dtype":"U8","shape":[],"data_offsets":[0,1]}})", {7}));
  EXPECT_EQ(esc.tensors.count("\xc3\xa9\xf0\x9f\x98\x80\n/"), 1u);
}

// ---- Malformed input ----------------------------------------------------------------------------

const char* kF32Entry = R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";

TEST(Safetensors, RejectsBadHeaderLengths) {
  EXPECT_LOAD_ERROR(Bytes{}, "0 bytes is too short");
  EXPECT_LOAD_ERROR(Bytes(7, 0), "7 bytes is too short");
  Bytes b = make_file("{}");
  b[0] = 3;  // header longer than the input
  EXPECT_LOAD_ERROR(b, "header length 3 runs past the end of the 10-byte input");
  Bytes huge = make_file("{}");
  huge[0] = 0, huge[1] = 0xe2, huge[2] = 0xf5, huge[3] = 0x05;  // 100,000,512 bytes
  EXPECT_LOAD_ERROR(huge, "exceeds the limit of 100000000 bytes");
  Bytes wrap(16, 0xff);  // 2^64 - 1: no overflow in the bounds check
  EXPECT_LOAD_ERROR(wrap, "exceeds the limit");
}

TEST(Safetensors, RejectsMalformedJson) {
  struct Case {
    std::string header, error;
  };
  const std::vector<Case> bad = {
      {"", "not a JSON object"},
      {" {}", "not a JSON object"},
      {"[]", "not a JSON object"},
      {"{", "unexpected end"},
      {"{\"a\"", "unexpected end, expected ':'"},
      {"{\"a\":", "unexpected end"},
      {"{} x", "trailing characters"},
      {"{}{}", "trailing characters"},
      {"{\"a\" 1}", "expected ':'"},
      {"{a:1}", "expected a string key"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},}",
       "expected a string key"},
      {"{\"a\":{\"dtype\":\"F32\" \"shape\":[2]}}", "expected '}'"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2,],\"data_offsets\":[0,8]}}",
       "expected a non-negative integer"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
       "expected a non-negative integer"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", "fractional"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[02],\"data_offsets\":[0,8]}}", "leading zero"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551616]}}",
       "integer out of range"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":01}}", "leading zero"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1.}}",
       "invalid number"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":tru}}",
       "invalid value"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":+1}}",
       "invalid value"},
      {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":" +
           std::string(100, '[') + std::string(100, ']') + "}}",
       "nesting too deep"},
      {"{\"a\tb\":{}}", "control character in a string"},
      {"{\"a\\x\":{}}", "invalid escape"},
      {"{\"\\ud800\":{}}", "lone leading surrogate"},
      {"{\"\\udc00\":{}}", "lone trailing surrogate"},
      {"{\"\\u12\":{}}", "invalid \\u escape"},
      {"{\"abc", "unterminated string"},
      {"{\"\xc3\x28\":{}}", "not valid UTF-8"},
      {"{\"\xed\xa0\x80\":{}}", "not valid UTF-8"},  // an encoded surrogate
      {"{\"\xc0\xaf\":{}}", "not valid UTF-8"},      // overlong '/'
  };
  for (const auto& c : bad) {
    SCOPED_TRACE(c.header);
    EXPECT_LOAD_ERROR(make_file(c.header, Bytes(8)), c.error);
  }
}

TEST(Safetensors, RejectsInconsistentEntries) {
  struct Case {
    std::string header;
    size_t data;
    std::string error;
  };
  auto entry = [](const std::string& name, const std::string& dtype, const std::string& shape,
                  int b, int e) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape +
           ",\"data_offsets\":[" + std::to_string(b) + "," + std::to_string(e) + "]}";
  };
  const std::vector<Case> bad = {
      {"{" + std::string(kF32Entry) + "," + kF32Entry + "}", 8, "duplicate tensor name 'a'"},
      {R"({"a":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 8,
       "duplicate key 'dtype' in tensor 'a'"},
      {R"({"__metadata__":{},"__metadata__":{}})", 0, "duplicate key '__metadata__'"},
      {R"({"__metadata__":{"k":"1","k":"2"}})", 0, "duplicate key 'k' in __metadata__"},
      {R"({"__metadata__":{"k":1}})", 0, "expected a string value in __metadata__"},
      {R"({"__metadata__":[]})", 0, "expected an object of strings for __metadata__"},
      {R"({"a":[]})", 0, "expected an object for tensor 'a'"},
      {"{" + entry("a", "F31", "[2]", 0, 8) + "}", 8, "tensor 'a': unknown dtype 'F31'"},
      {"{" + entry("a", "U16", "[2]", 0, 4) + "}", 4, "dtype U16 is not supported by ember"},
      {R"({"a":{"dtype":7,"shape":[2],"data_offsets":[0,8]}})", 8,
       "expected a string dtype for tensor 'a'"},
      {R"({"a":{"shape":[2],"data_offsets":[0,8]}})", 8, "tensor 'a' has no dtype"},
      {R"({"a":{"dtype":"F32","data_offsets":[0,8]}})", 8, "tensor 'a' has no shape"},
      {R"({"a":{"dtype":"F32","shape":[2]}})", 8, "tensor 'a' has no data_offsets"},
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", 8, "must be [begin, end]"},
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}})", 8, "must be [begin, end]"},
      // Byte counts.
      {"{" + entry("a", "F32", "[2,3]", 0, 20) + "}", 20,
       "shape [2, 3] of dtype F32 takes 24 bytes but data_offsets [0, 20] hold 20"},
      {"{" + entry("a", "F32", "[2]", 8, 0) + "}", 8, "end before they begin"},
      {"{" + entry("a", "F32", "[4611686018427387904,4]", 0, 8) + "}", 8, "is too large"},
      {"{" + entry("a", "F32", "[0,4611686018427387904,4]", 0, 0) + "}", 0, "is too large"},
      {R"({"a":{"dtype":"F32","shape":[9223372036854775808],"data_offsets":[0,8]}})", 8,
       "is too large"},
      // Offsets against each other and against the data.
      {"{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12,
       "tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]"},
      {"{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", 12,
       "leave bytes [4, 8) of the data unused"},
      {"{" + entry("a", "F32", "[1]", 4, 8) + "}", 8, "leave bytes [0, 4) of the data unused"},
      {"{" + entry("a", "F32", "[2]", 0, 8) + "}", 12, "data takes 8 bytes but 12 bytes follow"},
      {"{" + entry("a", "F32", "[4]", 0, 16) + "}", 12,
       "data takes 16 bytes but 12 bytes follow the header (truncated?)"},
      {"{}", 1, "data takes 0 bytes but 1 bytes follow"},
  };
  for (const auto& c : bad) {
    SCOPED_TRACE(c.header);
    EXPECT_LOAD_ERROR(make_file(c.header, Bytes(c.data)), c.error);
  }
  // Bool elements must be 0 or 1 (anything else is not a C++ bool).
  EXPECT_LOAD_ERROR(make_file("{" + entry("m", "BOOL", "[3]", 0, 3) + "}", {1, 0, 2}),
                    "tensor 'm': BOOL element 2 is byte 2, not 0 or 1");
}

TEST(Safetensors, FilesReportThePath) {
  TempFile f("bad.safetensors");
  write_file(f.path, make_file("{" + std::string(kF32Entry) + "}", Bytes(4)));
  try {
    ember::load_tensors(f.path);
    ADD_FAILURE() << "expected an error";
  } catch (const ember::Error& e) {
    EXPECT_EQ(std::string(e.what()), "safetensors file '" + f.path +
                                         "': the tensors' data takes 8 bytes but 4 bytes follow "
                                         "the header (truncated?)");
  }
  EXPECT_THROW(ember::load_tensors(f.path + ".missing"), ember::Error);
  const std::string dir = std::filesystem::temp_directory_path().string();
  try {
    ember::load_tensors(dir);
    ADD_FAILURE() << "expected an error";
  } catch (const ember::Error& e) {
    EXPECT_EQ(std::string(e.what()), "safetensors file '" + dir + "': is a directory");
  }
  EXPECT_THROW(ember::save(ember::ones({1}), "/nonexistent-dir/x.safetensors"), ember::Error);
}

// Every prefix and every single-byte change of a valid file either loads or throws ember::Error;
// under the sanitizer build this also shows nothing reads out of bounds.
TEST(Safetensors, TruncationsAndCorruptionsNeverCrash) {
  const Bytes good = read_file(ref_path("serialize_mixed.safetensors"));
  for (size_t n = 0; n < good.size(); ++n) {
    Bytes prefix(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(load_error(prefix).empty()) << "prefix of " << n << " bytes loaded";
  }
  int loaded = 0;
  for (size_t i = 0; i < good.size(); ++i) {
    for (uint8_t x : {0x01, 0x20, 0x80, 0xff}) {
      Bytes b = good;
      b[i] ^= x;
      if (load_error(b).empty()) ++loaded;
    }
  }
  EXPECT_GT(loaded, 0);  // data-section flips still load
}

TEST(Safetensors, SaveRejectsWhatCannotBeWritten) {
  EXPECT_THROW(ember::save_to_bytes({{"a", Tensor()}}), ember::Error);
  EXPECT_THROW(ember::save_to_bytes({{"__metadata__", ember::ones({1})}}), ember::Error);
  EXPECT_THROW(ember::save_to_bytes({{"\xff", ember::ones({1})}}), ember::Error);
  EXPECT_THROW(ember::save_to_bytes({}, {{"k", "\xc3"}}), ember::Error);
  EXPECT_STREQ(ember::safetensors_dtype_name(ember::kBFloat16), "BF16");
}

}  // namespace
