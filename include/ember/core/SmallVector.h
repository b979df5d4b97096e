#pragma once
// SmallVector<T, N>: a vector that keeps up to N elements in place and spills to the heap beyond.
// Autograd's nodes keep their edges and gradients in one so that recording an op costs one
// allocation (the node itself).
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <new>
#include <utility>

namespace ember {

template <class T, size_t N>
class SmallVector {
 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  SmallVector() = default;
  explicit SmallVector(size_t n) { resize(n); }
  SmallVector(std::initializer_list<T> il) {
    reserve(il.size());
    for (const T& v : il) push_back(v);
  }
  SmallVector(const SmallVector& o) {
    reserve(o.size_);
    for (const T& v : o) push_back(v);
  }
  SmallVector(SmallVector&& o) noexcept { take(std::move(o)); }
  SmallVector& operator=(const SmallVector& o) {
    if (this != &o) {
      clear();
      reserve(o.size_);
      for (const T& v : o) push_back(v);
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& o) noexcept {
    if (this != &o) {
      destroy_all();
      take(std::move(o));
    }
    return *this;
  }
  ~SmallVector() { destroy_all(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return heap_ ? heap_ : inline_ptr(); }
  const T* data() const { return heap_ ? heap_ : inline_ptr(); }
  T& operator[](size_t i) { return data()[i]; }
  const T& operator[](size_t i) const { return data()[i]; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  T& back() { return data()[size_ - 1]; }

  void push_back(T v) { emplace_back(std::move(v)); }
  template <class... A>
  T& emplace_back(A&&... a) {
    reserve(size_ + 1);
    T* p = new (data() + size_) T(std::forward<A>(a)...);
    ++size_;
    return *p;
  }
  void resize(size_t n) {
    reserve(n);
    while (size_ < n) emplace_back();
    while (size_ > n) data()[--size_].~T();
  }
  void clear() {
    for (size_t i = 0; i < size_; ++i) data()[i].~T();
    size_ = 0;
  }
  void reserve(size_t n) {
    const size_t cap = heap_ ? cap_ : N;
    if (n <= cap) return;
    const size_t ncap = n > 2 * cap ? n : 2 * cap;
    T* p = static_cast<T*>(::operator new(ncap * sizeof(T), std::align_val_t(alignof(T))));
    T* old = data();
    for (size_t i = 0; i < size_; ++i) {
      new (p + i) T(std::move(old[i]));
      old[i].~T();
    }
    free_heap();
    heap_ = p;
    cap_ = ncap;
  }

 private:
  T* inline_ptr() { return std::launder(reinterpret_cast<T*>(inline_)); }
  const T* inline_ptr() const { return std::launder(reinterpret_cast<const T*>(inline_)); }
  void free_heap() {
    if (heap_) ::operator delete(heap_, std::align_val_t(alignof(T)));
    heap_ = nullptr;
  }
  void destroy_all() {
    clear();
    free_heap();
  }
  void take(SmallVector&& o) {
    size_ = 0;
    if (o.heap_) {
      heap_ = o.heap_;
      cap_ = o.cap_;
      size_ = o.size_;
      o.heap_ = nullptr;
      o.size_ = 0;
      return;
    }
    for (size_t i = 0; i < o.size_; ++i) new (inline_ptr() + i) T(std::move(o.inline_ptr()[i]));
    size_ = o.size_;
    o.clear();
  }

  alignas(T) unsigned char inline_[N * sizeof(T)];
  T* heap_ = nullptr;
  size_t size_ = 0;
  size_t cap_ = 0;
};

}  // namespace ember
