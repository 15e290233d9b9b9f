#include "utf16_transcoder.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace foyer {

namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

#if defined(__SSE2__) || defined(__aarch64__)
constexpr size_t kCopyBytes = 16;

// Copies 16 bytes (widened to units for UTF-16) and returns how many of them, from the
// first, are ASCII.
template <typename Unit>
inline __attribute__((always_inline)) size_t CopyBytes(const uint8_t* in, Unit* out) {
#if defined(__SSE2__)
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  if constexpr (sizeof(Unit) == 2) {
    const __m128i zero = _mm_setzero_si128();
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_unpacklo_epi8(bytes, zero));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 8), _mm_unpackhi_epi8(bytes, zero));
  } else {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), bytes);
  }
  const auto non_ascii = static_cast<unsigned>(_mm_movemask_epi8(bytes));
  return non_ascii == 0 ? 16 : static_cast<size_t>(__builtin_ctz(non_ascii));
#else
  const uint8x16_t bytes = vld1q_u8(in);
  if constexpr (sizeof(Unit) == 2) {
    vst1q_u16(reinterpret_cast<uint16_t*>(out), vmovl_u8(vget_low_u8(bytes)));
    vst1q_u16(reinterpret_cast<uint16_t*>(out + 8), vmovl_high_u8(bytes));
  } else {
    vst1q_u8(reinterpret_cast<uint8_t*>(out), bytes);
  }
  // NEON has no byte mask: narrowing the 0xff/0x00 bytes of the test by 4 bits leaves a
  // nibble per byte in 64 bits
  const uint8x8_t nibbles = vshrn_n_u16(vreinterpretq_u16_u8(vcltzq_s8(vreinterpretq_s8_u8(bytes))), 4);
  const uint64_t non_ascii = vget_lane_u64(vreinterpret_u64_u8(nibbles), 0);
  return non_ascii == 0 ? 16 : static_cast<size_t>(__builtin_ctzll(non_ascii)) / 4;
#endif
}
#else
// Elsewhere (neither the box's AArch64 nor x86-64): one byte at a time.
constexpr size_t kCopyBytes = 1;

template <typename Unit>
inline size_t CopyBytes(const uint8_t* in, Unit* out) {
  *out = static_cast<Unit>(*in);
  return 1;
}
#endif

// At an ASCII byte in[i], copies the ASCII run it starts and advances `i` and `out` past it.
// Where kCopyBytes may be read, all are copied (widened for UTF-16) and the output advances
// by the ASCII bytes among them (at least that one, at most what `size` allows); the units
// written past that are rewritten by what follows, so no test that can fail costs a byte.
template <typename Unit>
inline __attribute__((always_inline)) void CopyAsciiRun(const uint8_t* in, size_t& i, size_t size, size_t available,
                                                        Unit*& out) {
  if (available - i < kCopyBytes) {
    *out++ = static_cast<Unit>(in[i]);
    i += 1;
    return;
  }
  size_t ascii = CopyBytes(in + i, out);
  if (ascii > size - i) ascii = size - i;
  i += ascii;
  out += ascii;
}

// Whether valid UTF-8 holds only characters below U+0100: no lead byte of 0xc4 or more
// (8 bytes at a time: a byte with its high bit set is >= 0xc4 when its low 7 bits plus
// 0x3c carry into bit 7). Mixed-script text answers within its first few words.
bool FitsLatin1(const uint8_t* data, size_t size) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  constexpr uint64_t kCarryFrom44 = 0x3c3c3c3c3c3c3c3cULL;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    if ((((word & kLow7) + kCarryFrom44) & word & kHighBits) != 0) return false;
  }
  for (; i < size; ++i) {
    if (data[i] >= 0xc4) return false;
  }
  return true;
}

// Decodes the valid UTF-8 in[0, size) to UTF-16 (char16_t units), or to Latin-1 (char) for
// text that FitsLatin1, and returns the end of the output; `available` (>= size) bytes may
// be read from `in`, and the output has room for as many units.
//
// ASCII runs go through CopyAsciiRun; a branch per character length is left only for the
// others. Inlined: it runs once per value or text between two offsets, often a few bytes.
template <typename Unit>
inline __attribute__((always_inline)) Unit* DecodeUtf8(const uint8_t* in, size_t size, size_t available, Unit* out) {
  for (size_t i = 0; i < size;) {
    const uint8_t byte = in[i];
    if (byte < 0x80) {
      CopyAsciiRun(in, i, size, available, out);
      continue;
    }
    char32_t cp;
    if (sizeof(Unit) == 1 || byte < 0xe0) {  // Latin-1 text has only 2-byte sequences
      cp = ((byte & 0x1fu) << 6) | (in[i + 1] & 0x3fu), i += 2;
    } else if (byte < 0xf0) {
      cp = ((byte & 0x0fu) << 12) | ((in[i + 1] & 0x3fu) << 6) | (in[i + 2] & 0x3fu), i += 3;
    } else {
      cp = ((byte & 0x07u) << 18) | ((in[i + 1] & 0x3fu) << 12) | ((in[i + 2] & 0x3fu) << 6) | (in[i + 3] & 0x3fu);
      i += 4;
      cp -= 0x10000;
      *out++ = static_cast<Unit>(0xd800 + (cp >> 10));
      cp = 0xdc00 + (cp & 0x3ff);
    }
    *out++ = static_cast<Unit>(cp);
  }
  return out;
}

// Decodes `length` bytes of `data` into `out_begin` with DecodeUtf8, piece by piece between the offsets of the events in ops[first_op, end_op), converting
// each from bytes to output units: they are visited in order and each one's byte position
// is a character boundary (the core appends whole characters). Returns the units written.
template <typename Unit>
size_t DecodeConvertingOffsets(const uint8_t* data, size_t length, uint32_t* ops, const BatchString& text,
                               Unit* out_begin) {
  Unit* out = out_begin;
  size_t done = 0;         // bytes decoded
  size_t event_bytes = 0;  // where the current event starts, in bytes and in units
  uint32_t event_units = 0;
  VisitOffsets(ops, text.first_op, text.end_op, [&](uint32_t& offset, bool is_base) {
    const size_t position = is_base ? offset : event_bytes + offset;
    out = DecodeUtf8(data + done, position - done, length - done, out);
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
  out = DecodeUtf8(data + done, length - done, length - done, out);
  return static_cast<size_t>(out - out_begin);
}

}  // namespace

// Text that fits Latin-1 (accented Latin scripts, or an ASCII vCard with one "ë" in it) is
// decoded straight to it, which V8 stores one byte per character; the rest to UTF-16.
// Either way there are never more units than bytes.
void Utf16Transcoder::Transcode(const char* core_text, const BatchString& text, uint32_t* ops) {
  const auto* data = reinterpret_cast<const uint8_t*>(core_text + text.begin);
  const size_t length = text.end - text.begin;
  is_latin1_ = FitsLatin1(data, length);
  if (is_latin1_) {
    latin1_.Truncate(0);
    length_ = DecodeConvertingOffsets(data, length, ops, text, latin1_.Extend(length));
  } else {
    utf16_.Truncate(0);
    length_ = DecodeConvertingOffsets(data, length, ops, text, utf16_.Extend(length));
  }
}

void Utf16Transcoder::ShrinkTo(size_t keep) {
  // Scratch: what they hold was handed to JS already.
  utf16_.Truncate(0);
  utf16_.ShrinkTo(keep);
  latin1_.Truncate(0);
  latin1_.ShrinkTo(keep);
}

}  // namespace foyer
