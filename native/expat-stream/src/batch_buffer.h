// BatchBuffer: the growable arrays that hold a batch under construction (StreamCore's text
// and ops). Appends are inline: expat calls the character-data handler for every line,
// entity and character reference, often with one or two bytes, and std::string's append
// is a call into libstdc++ (an extern template); std::vector's resize would zero what is
// about to be written. Growth doubles;
// allocation failure throws std::bad_alloc, which the core's handlers catch. data() is
// never null.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

namespace foyer {

template <typename T>
class BatchBuffer {
  static_assert(std::is_trivially_copyable_v<T>, "items are moved with memcpy and realloc");

 public:
  BatchBuffer() { Reallocate(kInitialCapacity); }
  BatchBuffer(const BatchBuffer&) = delete;
  BatchBuffer& operator=(const BatchBuffer&) = delete;
  ~BatchBuffer() { std::free(data_); }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  const T* data() const { return data_; }
  T& operator[](size_t index) { return data_[index]; }

  // Makes room for `count` more items at the end and returns where they go.
  T* Extend(size_t count) {
    if (capacity_ - size_ < count) Grow(count);
    T* at = data_ + size_;
    size_ += count;
    return at;
  }

  void Push(T item) { *Extend(1) = item; }

  // Drops the items from `size` on.
  void Truncate(size_t size) { size_ = size; }

  // Drops the first `count` items, moving the rest to the front.
  void EraseFront(size_t count) {
    std::memmove(data_, data_ + count, (size_ - count) * sizeof(T));
    size_ -= count;
  }

  // Gives back the memory above max(size(), keep, a few) items.
  void ShrinkTo(size_t keep) {
    size_t capacity = size_ > keep ? size_ : keep;
    if (capacity < kInitialCapacity) capacity = kInitialCapacity;
    if (capacity < capacity_) Reallocate(capacity);
  }

 private:
  static constexpr size_t kInitialCapacity = 64;

  __attribute__((noinline)) void Grow(size_t count) {
    size_t capacity = capacity_ * 2;
    if (capacity < size_ + count) capacity = size_ + count;
    Reallocate(capacity);
  }

  void Reallocate(size_t capacity) {
    if (capacity > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    void* grown = std::realloc(data_, capacity * sizeof(T));
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(grown);
    capacity_ = capacity;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace foyer
