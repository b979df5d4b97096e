#include "serialize/json_reader.h"

#include "ember/core/Error.h"

namespace ember::serialize_detail {

bool valid_utf8(const char* text, size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(text);
  const auto* end = p + n;
  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
    } else {
      return false;
    }
    if (end - p < len) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
    }
    p += len;
  }
  return true;
}

void JsonReader::fail(std::string_view what) const {
  detail::fail<>(context_, ": invalid JSON header at byte ", offset(), ": ", what);
}

void JsonReader::fail_expected(std::string_view what) {
  fail(std::string(at_end() ? "unexpected end, expected " : "expected ") + std::string(what));
}

void JsonReader::skip_ws() {
  while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
}

void JsonReader::expect(char c) {
  if (peek() != c) {
    if (p_ == end_) fail(std::string("unexpected end, expected '") + c + "'");
    fail(std::string("expected '") + c + "'");
  }
  ++p_;
}

void JsonReader::expect_literal(std::string_view word) {
  skip_ws();
  if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
    fail("invalid value");
  p_ += word.size();
}

unsigned JsonReader::read_hex4() {
  if (end_ - p_ < 4) fail("unexpected end in a \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = *p_++;
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<unsigned>(c - 'A' + 10);
    } else {
      fail("invalid \\u escape");
    }
  }
  return v;
}

static void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string JsonReader::read_string() {
  expect('"');
  std::string out;
  for (;;) {
    if (p_ == end_) fail("unterminated string");
    const char c = *p_++;
    if (c == '"') return out;
    if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
    if (c != '\\') {
      out += c;  // the whole header was checked to be UTF-8 beforehand
      continue;
    }
    if (p_ == end_) fail("unterminated string");
    const char e = *p_++;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned cp = read_hex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) fail("lone trailing surrogate in a \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u')
            fail("lone leading surrogate in a \\u escape");
          p_ += 2;
          const unsigned lo = read_hex4();
          if (lo < 0xDC00 || lo > 0xDFFF) fail("lone leading surrogate in a \\u escape");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default:
        fail("invalid escape in a string");
    }
  }
}

uint64_t JsonReader::read_uint64() {
  skip_ws();
  if (p_ == end_) fail("unexpected end, expected an integer");
  if (*p_ < '0' || *p_ > '9') fail("expected a non-negative integer");
  const char* start = p_;
  uint64_t v = 0;
  while (p_ != end_ && *p_ >= '0' && *p_ <= '9') {
    const auto d = static_cast<uint64_t>(*p_ - '0');
    if (v > (UINT64_MAX - d) / 10) fail("integer out of range");
    v = v * 10 + d;
    ++p_;
  }
  if (*start == '0' && p_ - start > 1) fail("leading zero in a number");
  if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E'))
    fail("expected an integer, found a fractional number");
  return v;
}

void JsonReader::skip_number() {
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  auto digits = [&] {
    const char* s = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == s) fail("invalid number");
    return p_ - s;
  };
  if (p_ != end_ && *p_ == '-') ++p_;
  const char* int_start = p_;
  const auto n = digits();
  if (*int_start == '0' && n > 1) fail("leading zero in a number");
  if (p_ != end_ && *p_ == '.') {
    ++p_;
    digits();
  }
  if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    digits();
  }
}

void JsonReader::skip_value(int depth) {
  if (depth >= kMaxDepth) fail("nesting too deep");
  switch (peek()) {
    case '{':
      read_object([&](const std::string&) { skip_value(depth + 1); });
      break;
    case '[':
      read_array([&] { skip_value(depth + 1); });
      break;
    case '"':
      read_string();
      break;
    case 'n':
      expect_literal("null");
      break;
    case 't':
      expect_literal("true");
      break;
    case 'f':
      expect_literal("false");
      break;
    case '\0':
      if (p_ == end_) fail("unexpected end, expected a value");
      fail("invalid value");
    default:
      if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) {
        skip_number();
      } else {
        fail("invalid value");
      }
  }
}

}  // namespace ember::serialize_detail
