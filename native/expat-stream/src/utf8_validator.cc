#include "utf8_validator.h"

#include <cstring>

namespace foyer {

namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;
constexpr uint64_t kSpaces = 0x2020202020202020ULL;

// True when all 8 bytes are ASCII and none is below 0x20 (controls, tab, LF and CR go
// through the byte loop, which knows which controls XML allows).
bool IsPlainAscii8(const uint8_t* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return ((word | (word - kSpaces)) & kHighBits) == 0;
}

bool IsAllowedControl(uint8_t byte) { return byte == 0x09 || byte == 0x0a || byte == 0x0d; }

}  // namespace

size_t Utf8Validator::Scan(const uint8_t* data, size_t size) {
  size_t i = 0;
  while (i < size) {
    if (pending_ == 0) {
      while (i + 8 <= size && IsPlainAscii8(data + i)) i += 8;
      if (i == size) break;
      const uint8_t byte = data[i];
      if (byte < 0x80) {
        if (byte < 0x20 && !IsAllowedControl(byte)) {
          error_ = ErrorKind::InvalidChar;
          return i;
        }
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        pending_ = 1, code_point_ = byte & 0x1f, lower_ = 0x80, upper_ = 0xbf;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        pending_ = 2, code_point_ = byte & 0x0f;
        lower_ = byte == 0xe0 ? 0xa0 : 0x80;  // no overlong forms
        upper_ = byte == 0xed ? 0x9f : 0xbf;  // no surrogates
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        pending_ = 3, code_point_ = byte & 0x07;
        lower_ = byte == 0xf0 ? 0x90 : 0x80;
        upper_ = byte == 0xf4 ? 0x8f : 0xbf;  // nothing above U+10FFFF
      } else {
        error_ = ErrorKind::InvalidUtf8;
        return i;
      }
      ++i;
      continue;
    }
    const uint8_t byte = data[i];
    if (byte < lower_ || byte > upper_) {
      error_ = ErrorKind::InvalidUtf8;
      return i;
    }
    code_point_ = (code_point_ << 6) | (byte & 0x3f);
    lower_ = 0x80, upper_ = 0xbf;
    if (--pending_ == 0 && (code_point_ == 0xfffe || code_point_ == 0xffff)) {
      error_ = ErrorKind::InvalidChar;
      return i;
    }
    ++i;
  }
  return size;
}

}  // namespace foyer
