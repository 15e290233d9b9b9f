#include "utf16_transcoder.h"

#include <cstring>

namespace foyer {

namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Four bytes to four UTF-16 units (little-endian, as the units are stored).
uint64_t Widen4(uint64_t bytes) {
  bytes = (bytes | (bytes << 16)) & 0x0000ffff0000ffffULL;
  return (bytes | (bytes << 8)) & 0x00ff00ff00ff00ffULL;
}

// Decodes the valid UTF-8 in[0, size) to UTF-16 and returns the end of the output;
// `available` (>= size) bytes may be read from `in`, and the output has room for as many
// units. ORs into *leads the lead byte of every 2-byte character and 0xff for longer
// ones: below 0xc4, every character fits in Latin-1.
//
// Where an ASCII character starts, 8 bytes are widened at once and the output advances by
// the ASCII bytes among them (at least that one, at most what `size` allows); the units
// written past that are rewritten by what follows. No test that can fail costs a
// character, and a branch per character length is left only for the others. Inlined into
// both callers: it runs once per value or text between two offsets, often a few bytes.
inline __attribute__((always_inline)) char16_t* DecodeUtf8(const uint8_t* in, size_t size, size_t available,
                                                           char16_t* out, uint8_t* leads) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "Widen4 writes little-endian units");
  uint8_t seen = 0;
  for (size_t i = 0; i < size;) {
    const uint8_t byte = in[i];
    if (byte < 0x80) {
      if (available - i >= 8) {
        uint64_t word;
        std::memcpy(&word, in + i, 8);
        const uint64_t low = Widen4(word & 0xffffffffULL);
        const uint64_t high = Widen4(word >> 32);
        std::memcpy(out, &low, 8);
        std::memcpy(out + 4, &high, 8);
        const uint64_t non_ascii = word & kHighBits;
        size_t ascii = non_ascii == 0 ? 8 : static_cast<size_t>(__builtin_ctzll(non_ascii)) / 8;
        if (ascii > size - i) ascii = size - i;
        i += ascii;
        out += ascii;
      } else {
        *out++ = byte;
        i += 1;
      }
      continue;
    }
    char32_t cp;
    if (byte < 0xe0) {
      cp = ((byte & 0x1fu) << 6) | (in[i + 1] & 0x3fu), i += 2;
      seen |= byte;
    } else if (byte < 0xf0) {
      cp = ((byte & 0x0fu) << 12) | ((in[i + 1] & 0x3fu) << 6) | (in[i + 2] & 0x3fu), i += 3;
      seen = 0xff;
    } else {
      cp = ((byte & 0x07u) << 18) | ((in[i + 1] & 0x3fu) << 12) | ((in[i + 2] & 0x3fu) << 6) | (in[i + 3] & 0x3fu);
      i += 4;
      seen = 0xff;
      cp -= 0x10000;
      *out++ = static_cast<char16_t>(0xd800 + (cp >> 10));
      cp = 0xdc00 + (cp & 0x3ff);
    }
    *out++ = static_cast<char16_t>(cp);
  }
  *leads |= seen;
  return out;
}

}  // namespace

// The offsets are visited in order and each one's byte position is a character boundary
// (the core appends whole characters), so the text is decoded piece by piece between them.
void Utf16Transcoder::Transcode(const char* core_text, const BatchString& text, uint32_t* ops) {
  const auto* data = reinterpret_cast<const uint8_t*>(core_text + text.begin);
  const size_t length = text.end - text.begin;
  utf16_.Truncate(0);
  char16_t* const out_begin = utf16_.Extend(length);  // never more units than bytes
  char16_t* out = out_begin;
  uint8_t leads = 0;
  size_t done = 0;         // bytes transcoded
  size_t event_bytes = 0;  // where the current event starts, in bytes and in units
  uint32_t event_units = 0;
  VisitOffsets(ops, text.first_op, text.end_op, [&](uint32_t& offset, bool is_base) {
    const size_t position = is_base ? offset : event_bytes + offset;
    out = DecodeUtf8(data + done, position - done, length - done, out, &leads);
    done = position;
    const auto units = static_cast<uint32_t>(out - out_begin);
    if (is_base) {
      event_bytes = position;
      event_units = units;
      offset = units;
    } else {
      offset = units - event_units;
    }
  });
  out = DecodeUtf8(data + done, length - done, length - done, out, &leads);
  const auto units = static_cast<size_t>(out - out_begin);
  utf16_.Truncate(units);
  is_latin1_ = leads < 0xc4;
  if (is_latin1_) {
    latin1_.Truncate(0);
    char* narrow = latin1_.Extend(units);
    for (size_t i = 0; i < units; ++i) narrow[i] = static_cast<char>(out_begin[i]);
  }
}

void Utf16Transcoder::ShrinkTo(size_t keep) {
  if (utf16_.capacity() > keep) {
    utf16_.Truncate(0);
    latin1_.Truncate(0);
    utf16_.ShrinkTo(keep);
    latin1_.ShrinkTo(keep);
  }
}

}  // namespace foyer
