#include "utf8_blocks.h"

#if defined(__x86_64__)
#include <tmmintrin.h>
#define FOYER_HAS_BLOCK_CHECK 1
// Only these functions use SSSE3; the rest of the addon runs on any x86-64.
#define VECTOR_CODE __attribute__((target("ssse3")))
#define VECTOR_INLINE __attribute__((target("ssse3"), always_inline)) inline
#elif defined(__aarch64__)
#include <arm_neon.h>
#define FOYER_HAS_BLOCK_CHECK 1
#define VECTOR_CODE
#define VECTOR_INLINE __attribute__((always_inline)) inline
#endif

namespace foyer {

#ifdef FOYER_HAS_BLOCK_CHECK

namespace {

// What a pair of bytes (the previous one, the current one) can break, one bit per rule.
// Each rule is a product of three sets: the previous byte's high nibble, its low nibble
// and the current byte's high nibble, so each table entry holds the bits of the rules
// whose set takes that nibble, and the three lookups ANDed hold the rules the pair breaks.
enum PairRule : uint8_t {
  kLeadThenNoContinuation = 0x01,  // C0-FF, then 00-7F or C0-FF
  kAsciiThenContinuation = 0x02,   // 00-7F, then 80-BF
  kOverlong2 = 0x04,               // C0 or C1, then 80-BF
  kOverlong3 = 0x08,               // E0, then 80-9F
  kSurrogate = 0x10,               // ED, then A0-BF
  kOverlong4OrTooLarge = 0x20,     // F0, or F5-FF, then 80-8F
  kTooLarge = 0x40,                // F4-FF, then 90-BF
  kTwoContinuations = 0x80,        // 80-BF, then 80-BF: an error unless a 3- or 4-byte
                                   // lead two or three bytes back asks for it
};

// A set of nibbles, bit n for nibble n.
constexpr uint16_t Range(unsigned first, unsigned last) {
  uint16_t set = 0;
  for (unsigned nibble = first; nibble <= last; ++nibble) set |= static_cast<uint16_t>(1u << nibble);
  return set;
}

constexpr uint16_t kAnyNibble = Range(0, 15);
constexpr uint16_t kContinuationHigh = Range(0x8, 0xb);

struct Rule {
  uint8_t bit;
  uint16_t previous_high, previous_low, current_high;
};

constexpr Rule kRules[] = {
    {kLeadThenNoContinuation, Range(0xc, 0xf), kAnyNibble, static_cast<uint16_t>(Range(0x0, 0x7) | Range(0xc, 0xf))},
    {kAsciiThenContinuation, Range(0x0, 0x7), kAnyNibble, kContinuationHigh},
    {kOverlong2, Range(0xc, 0xc), Range(0x0, 0x1), kContinuationHigh},
    {kOverlong3, Range(0xe, 0xe), Range(0x0, 0x0), Range(0x8, 0x9)},
    {kSurrogate, Range(0xe, 0xe), Range(0xd, 0xd), Range(0xa, 0xb)},
    {kOverlong4OrTooLarge, Range(0xf, 0xf), static_cast<uint16_t>(Range(0x0, 0x0) | Range(0x5, 0xf)), Range(0x8, 0x8)},
    {kTooLarge, Range(0xf, 0xf), Range(0x4, 0xf), Range(0x9, 0xb)},
    {kTwoContinuations, kContinuationHigh, kAnyNibble, kContinuationHigh},
};

struct Table {
  uint8_t entries[16];
};

enum class Nibble { kPreviousHigh, kPreviousLow, kCurrentHigh };

constexpr Table RuleTable(Nibble which) {
  Table table{};
  for (const Rule& rule : kRules) {
    const uint16_t set = which == Nibble::kPreviousHigh  ? rule.previous_high
                         : which == Nibble::kPreviousLow ? rule.previous_low
                                                         : rule.current_high;
    for (unsigned nibble = 0; nibble < 16; ++nibble) {
      if (set & (1u << nibble)) table.entries[nibble] |= rule.bit;
    }
  }
  return table;
}

constexpr Table kPreviousHighRules = RuleTable(Nibble::kPreviousHigh);
constexpr Table kPreviousLowRules = RuleTable(Nibble::kPreviousLow);
constexpr Table kCurrentHighRules = RuleTable(Nibble::kCurrentHigh);

// C0 controls other than tab, LF and CR: bit 1 for 00-0F, bit 2 for 10-1F, by high nibble;
// by low nibble, bit 2 always and bit 1 except for 9, A and D.
constexpr Table ControlTable(bool high) {
  Table table{};
  for (unsigned nibble = 0; nibble < 16; ++nibble) {
    if (high) {
      table.entries[nibble] = nibble == 0 ? 1 : nibble == 1 ? 2 : 0;
    } else {
      table.entries[nibble] = nibble == 0x9 || nibble == 0xa || nibble == 0xd ? 2 : 3;
    }
  }
  return table;
}

constexpr Table kControlHigh = ControlTable(true);
constexpr Table kControlLow = ControlTable(false);

// Subtracted with saturation from a block's last three bytes: non-zero where a lead byte
// still waits for continuation bytes beyond the block (C0+ last, E0+ second to last,
// F0+ third to last).
constexpr Table kIncompleteAbove = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xef, 0xdf, 0xbf}};

#if defined(__x86_64__)
using Vector = __m128i;
VECTOR_INLINE Vector Load(const uint8_t* bytes) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes)); }
VECTOR_INLINE Vector Splat(uint8_t byte) { return _mm_set1_epi8(static_cast<char>(byte)); }
// `index` bytes are 0-15
VECTOR_INLINE Vector Lookup(const Table& table, Vector index) { return _mm_shuffle_epi8(Load(table.entries), index); }
VECTOR_INLINE Vector HighNibbles(Vector v) { return _mm_srli_epi16(v, 4) & Splat(0x0f); }
// The 16 bytes ending `n` bytes before the end of `current`, `previous` being the block before.
template <int n>
VECTOR_INLINE Vector Earlier(Vector current, Vector previous) { return _mm_alignr_epi8(current, previous, 16 - n); }
VECTOR_INLINE Vector Equal(Vector a, Vector b) { return _mm_cmpeq_epi8(a, b); }
VECTOR_INLINE Vector SubtractSaturated(Vector a, Vector b) { return _mm_subs_epu8(a, b); }
VECTOR_INLINE bool AnyBitSet(Vector v) { return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) != 0xffff; }
// Every byte in 20-7F (signed: greater than 1F, which bytes 80-FF are not)
VECTOR_INLINE bool IsPlainAscii(Vector v) { return _mm_movemask_epi8(_mm_cmpgt_epi8(v, Splat(0x1f))) == 0xffff; }
#elif defined(__aarch64__)
using Vector = uint8x16_t;
VECTOR_INLINE Vector Load(const uint8_t* bytes) { return vld1q_u8(bytes); }
VECTOR_INLINE Vector Splat(uint8_t byte) { return vdupq_n_u8(byte); }
VECTOR_INLINE Vector Lookup(const Table& table, Vector index) { return vqtbl1q_u8(Load(table.entries), index); }
VECTOR_INLINE Vector HighNibbles(Vector v) { return vshrq_n_u8(v, 4); }
template <int n>
VECTOR_INLINE Vector Earlier(Vector current, Vector previous) { return vextq_u8(previous, current, 16 - n); }
VECTOR_INLINE Vector Equal(Vector a, Vector b) { return vceqq_u8(a, b); }
VECTOR_INLINE Vector SubtractSaturated(Vector a, Vector b) { return vqsubq_u8(a, b); }
VECTOR_INLINE bool AnyBitSet(Vector v) { return vmaxvq_u8(v) != 0; }
// Every byte in 20-7F: minus 20 (wrapping), every byte is below 60
VECTOR_INLINE bool IsPlainAscii(Vector v) { return vmaxvq_u8(vsubq_u8(v, Splat(0x20))) < 0x60; }
#endif
// Both vector types take C's bitwise operators (GCC and Clang vector extensions).

VECTOR_INLINE Vector LowNibbles(Vector v) { return v & Splat(0x0f); }

// The error bits of one block that is not plain ASCII; `previous` is the block before it
// (zeros at the start: a character boundary).
VECTOR_INLINE Vector BlockErrors(Vector current, Vector previous) {
  const Vector previous1 = Earlier<1>(current, previous);
  const Vector previous2 = Earlier<2>(current, previous);
  const Vector previous3 = Earlier<3>(current, previous);
  const Vector current_high = HighNibbles(current);
  const Vector pair_rules = Lookup(kPreviousHighRules, HighNibbles(previous1)) &
                            Lookup(kPreviousLowRules, LowNibbles(previous1)) & Lookup(kCurrentHighRules, current_high);
  // 80 where a lead two bytes back is E0+ or three bytes back is F0+: a continuation is due,
  // and the pair rules flagged it as kTwoContinuations, which this clears; any other
  // continuation pair stays flagged, and a due one that is missing gets flagged here.
  const Vector continuation_due =
      (SubtractSaturated(previous2, Splat(0xe0 - 0x80)) | SubtractSaturated(previous3, Splat(0xf0 - 0x80))) &
      Splat(0x80);
  const Vector control = Lookup(kControlLow, LowNibbles(current)) & Lookup(kControlHigh, current_high);
  // EF BF BE and EF BF BF, U+FFFE and U+FFFF
  const Vector noncharacter =
      Equal(previous2, Splat(0xef)) & Equal(previous1, Splat(0xbf)) & Equal(current | Splat(0x01), Splat(0xbf));
  return (pair_rules ^ continuation_due) | control | noncharacter;
}

VECTOR_CODE BlockCheck CheckBlocks(const uint8_t* data, size_t size) {
  const Vector zero = Splat(0);
  Vector previous = zero;
  Vector incomplete = zero;  // non-zero where the previous block ends inside a character
  Vector errors = zero;
  size_t i = 0;
  for (; i + kBlockBytes <= size; i += kBlockBytes) {
    const Vector current = Load(data + i);
    if (IsPlainAscii(current)) {
      errors |= incomplete;
      incomplete = zero;
    } else {
      errors |= BlockErrors(current, previous);
      incomplete = SubtractSaturated(current, Load(kIncompleteAbove.entries));
    }
    previous = current;
    // Errors are rare: test for them once every four blocks.
    if (i % (4 * kBlockBytes) == 3 * kBlockBytes && AnyBitSet(errors)) return {i + kBlockBytes, false};
  }
  if (AnyBitSet(errors)) return {i, false};
  if (!AnyBitSet(incomplete)) return {i, true};
  // The blocks are valid, so the bytes that end them are the start of a character.
  if (data[i - 1] >= 0xc0) return {i - 1, true};
  if (data[i - 2] >= 0xe0) return {i - 2, true};
  return {i - 3, true};
}

}  // namespace

BlockCheckFunction SupportedBlockCheck() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("ssse3") ? CheckBlocks : nullptr;
#else
  return CheckBlocks;
#endif
}

#else

BlockCheckFunction SupportedBlockCheck() { return nullptr; }

#endif

}  // namespace foyer
