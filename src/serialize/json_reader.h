#pragma once
// A small strict JSON reader for the safetensors header: the caller walks the structure it
// expects (objects, arrays, strings, non-negative integers) and skips values it does not use.
// Everything is bounds-checked: any malformed input throws ember::Error naming the byte offset.
// Not a DOM: nothing is stored that the caller does not ask for, so a hostile 100 MB header
// cannot blow up memory, and nesting is capped so skipping cannot overflow the stack.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace ember::serialize_detail {

// True when [p, p + n) is valid UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF), as Rust's str::from_utf8, which the reference loader applies to the header.
bool valid_utf8(const char* p, size_t n);

class JsonReader {
 public:
  // `context` prefixes every error message ("safetensors: ...").
  JsonReader(std::string_view text, std::string context)
      : begin_(text.data()),
        p_(text.data()),
        end_(text.data() + text.size()),
        context_(std::move(context)) {}

  [[noreturn]] void fail(std::string_view what) const;
  // "expected <what>", or "unexpected end, expected <what>" at the end of the text.
  [[noreturn]] void fail_expected(std::string_view what);

  void skip_ws();
  bool at_end() {
    skip_ws();
    return p_ == end_;
  }
  // The next non-whitespace character, or '\0' at the end.
  char peek() {
    skip_ws();
    return p_ == end_ ? '\0' : *p_;
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++p_;
    return true;
  }
  void expect(char c);
  void expect_literal(std::string_view word);  // "null", "true", "false"

  std::string read_string();
  uint64_t read_uint64();  // a JSON integer >= 0 that fits in 64 bits
  void skip_value(int depth = 0);

  // Calls on_key(key) for each member of an object; on_key must consume the member's value.
  template <class F>
  void read_object(F&& on_key) {
    expect('{');
    if (consume('}')) return;
    do {
      if (peek() != '"') fail_expected("a string key");
      std::string key = read_string();
      expect(':');
      on_key(key);
    } while (consume(','));
    expect('}');
  }
  // Calls on_element() for each element of an array; it must consume the element.
  template <class F>
  void read_array(F&& on_element) {
    expect('[');
    if (consume(']')) return;
    do {
      on_element();
    } while (consume(','));
    expect(']');
  }

  size_t offset() const { return static_cast<size_t>(p_ - begin_); }

  static constexpr int kMaxDepth = 64;

 private:
  void skip_number();
  unsigned read_hex4();

  const char* begin_;
  const char* p_;
  const char* end_;
  std::string context_;
};

}  // namespace ember::serialize_detail
