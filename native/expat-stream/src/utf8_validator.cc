#include "utf8_validator.h"

#include <algorithm>
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

// Byte classes of the automaton below.
enum Class : uint8_t {
  kAllowed,       // ASCII allowed in XML: 0x20-0x7f, tab, LF, CR
  kControl,       // other C0 controls
  kCont80,        // continuation bytes, split where a state's bounds fall: 80-8f,
                  // 90-9f, a0-bd, be, bf
  kCont90,
  kContA0,
  kContBE,
  kContBF,
  kLead2,         // 0xc2-0xdf
  kLeadE0,
  kLead3,         // 0xe1-0xec, 0xee
  kLeadED,
  kLeadEF,
  kLeadF0,
  kLead4,         // 0xf1-0xf3
  kLeadF4,
  kNeverValid,    // 0xc0, 0xc1, 0xf5-0xff
  kClasses
};

constexpr Class ClassOf(unsigned byte) {
  if (byte < 0x20) return byte == 0x09 || byte == 0x0a || byte == 0x0d ? kAllowed : kControl;
  if (byte < 0x80) return kAllowed;
  if (byte < 0x90) return kCont80;
  if (byte < 0xa0) return kCont90;
  if (byte < 0xbe) return kContA0;
  if (byte == 0xbe) return kContBE;
  if (byte == 0xbf) return kContBF;
  if (byte < 0xc2) return kNeverValid;
  if (byte < 0xe0) return kLead2;
  if (byte == 0xe0) return kLeadE0;
  if (byte == 0xed) return kLeadED;
  if (byte == 0xef) return kLeadEF;
  if (byte < 0xf0) return kLead3;
  if (byte == 0xf0) return kLeadF0;
  if (byte < 0xf4) return kLead4;
  if (byte == 0xf4) return kLeadF4;
  return kNeverValid;
}

// States: where the bytes so far leave a character. U+FFFE and U+FFFF (EF BF BE/BF) are
// not XML Chars, hence the states after EF and EF BF.
enum State : uint8_t {
  kStart,       // between characters
  kNeed1,       // any continuation byte ends the character
  kNeed2,
  kNeed3,
  kAfterE0,     // A0-BF next: no overlong forms
  kAfterED,     // 80-9F next: no surrogates
  kAfterEF,
  kAfterEFBF,
  kAfterF0,     // 90-BF next: no overlong forms
  kAfterF4,     // 80-8F next: nothing above U+10FFFF
  kBadUtf8,
  kBadChar,
  kStates
};

constexpr State Next(State state, Class c) {
  const bool continuation = c >= kCont80 && c <= kContBF;
  switch (state) {
    case kStart:
      switch (c) {
        case kAllowed: return kStart;
        case kControl: return kBadChar;
        case kLead2: return kNeed1;
        case kLeadE0: return kAfterE0;
        case kLead3: return kNeed2;
        case kLeadED: return kAfterED;
        case kLeadEF: return kAfterEF;
        case kLeadF0: return kAfterF0;
        case kLead4: return kNeed3;
        case kLeadF4: return kAfterF4;
        default: return kBadUtf8;
      }
    case kNeed1: return continuation ? kStart : kBadUtf8;
    case kNeed2: return continuation ? kNeed1 : kBadUtf8;
    case kNeed3: return continuation ? kNeed2 : kBadUtf8;
    case kAfterE0: return c >= kContA0 && c <= kContBF ? kNeed1 : kBadUtf8;
    case kAfterED: return c == kCont80 || c == kCont90 ? kNeed1 : kBadUtf8;
    case kAfterEF: return c == kContBF ? kAfterEFBF : continuation ? kNeed1 : kBadUtf8;
    case kAfterEFBF: return c == kContBE || c == kContBF ? kBadChar : continuation ? kStart : kBadUtf8;
    case kAfterF0: return c >= kCont90 && c <= kContBF ? kNeed2 : kBadUtf8;
    case kAfterF4: return c == kCont80 ? kNeed2 : kBadUtf8;
    default: return state;
  }
}

struct Tables {
  uint8_t class_of[256];
  uint8_t next[kStates][kClasses];
  constexpr Tables() : class_of(), next() {
    for (unsigned byte = 0; byte < 256; ++byte) class_of[byte] = ClassOf(byte);
    for (unsigned s = 0; s < kStates; ++s) {
      for (unsigned c = 0; c < kClasses; ++c) next[s][c] = Next(static_cast<State>(s), static_cast<Class>(c));
    }
  }
};

constexpr Tables kTables;

// The same automaton as a shift-based DFA, for the hot loop: a state is a bit offset in a
// 64-bit row, and row[byte] holds, at each state's offset, the offset of the next state.
// One step is a load that does not wait for the previous step and a shift that does, where
// the tables above cost two dependent loads per byte. Both errors share offset 0, whose
// field is 0 in every row, so a failure sticks until the end of a stretch; Diagnose then
// replays the stretch through the tables above to find the byte and the kind. kNeed1 sits
// at offset 60, where only 4 bits remain: its next states (kStart or the error) fit.
constexpr uint8_t kShiftError = 0;

constexpr uint8_t ShiftOf(State state) {
  switch (state) {
    case kStart: return 6;
    case kNeed2: return 12;
    case kNeed3: return 18;
    case kAfterE0: return 24;
    case kAfterED: return 30;
    case kAfterEF: return 36;
    case kAfterEFBF: return 42;
    case kAfterF0: return 48;
    case kAfterF4: return 54;
    case kNeed1: return 60;
    default: return kShiftError;
  }
}

constexpr uint8_t kShiftStart = ShiftOf(kStart);

struct ShiftTables {
  uint64_t row[256];
  State state_at[64];  // inverse of ShiftOf
  constexpr ShiftTables() : row(), state_at() {
    for (unsigned s = 0; s < kBadUtf8; ++s) state_at[ShiftOf(static_cast<State>(s))] = static_cast<State>(s);
    for (unsigned byte = 0; byte < 256; ++byte) {
      for (unsigned s = 0; s < kBadUtf8; ++s) {
        const State next = Next(static_cast<State>(s), ClassOf(byte));
        row[byte] |= static_cast<uint64_t>(ShiftOf(next)) << ShiftOf(static_cast<State>(s));
      }
    }
  }
};

constexpr ShiftTables kShift;
static_assert((kShift.row[0x80] >> 60) == kShiftStart, "kNeed1's field holds its next state");

constexpr size_t kHalfBlock = 32;

// Whether a byte can start a character (it is not a continuation byte).
bool StartsCharacter(uint8_t byte) { return (byte & 0xc0) != 0x80; }

}  // namespace

size_t Utf8Validator::Scan(const uint8_t* data, size_t size) {
  uint64_t state = state_;
  size_t i = 0;
  while (i < size) {
    if (state == kShiftStart && block_check_ != nullptr && size - i >= kBlockBytes) {
      const BlockCheck blocks = block_check_(data + i, size - i);
      if (!blocks.valid) return Diagnose(data, i, i + blocks.end, kStart);
      // what is left, fewer bytes than a block and a character cut at the last one's
      // end, goes through the automaton, which carries a cut character to the next write
      i += blocks.end;
      if (i == size) break;
    }
    if (state == kShiftStart) {
      while (i + 8 <= size && IsPlainAscii8(data + i)) i += 8;
      if (i == size) break;
    }
    const size_t begin = i;
    const uint64_t state_before = state;
    // Up to 64 bytes through the automaton before looking for plain ASCII again (mixed text
    // would otherwise pay a failed 8-byte test for every byte), as two interleaved halves:
    // the second starts at a character boundary in state kStart, so the two dependency
    // chains run side by side. The first half must end in kStart there; if it does not,
    // or either half fails, Diagnose replays the block in order.
    size_t middle = i + kHalfBlock;
    while (middle < i + kHalfBlock + 3 && middle < size && !StartsCharacter(data[middle])) ++middle;
    const size_t end = middle + (middle - i);
    if (end <= size && StartsCharacter(data[middle])) {
      uint64_t second = kShiftStart;
      for (size_t k = 0; i + k < middle; ++k) {
        state = kShift.row[data[i + k]] >> (state & 63);
        second = kShift.row[data[middle + k]] >> (second & 63);
      }
      if ((state & 63) != kShiftStart || (second & 63) == kShiftError) {
        return Diagnose(data, begin, end, kShift.state_at[state_before]);
      }
      state = second & 63;
      i = end;
      continue;
    }
    const size_t stretch = std::min(size, i + 16);
    for (; i < stretch; ++i) state = kShift.row[data[i]] >> (state & 63);
    state &= 63;
    if (state == kShiftError) return Diagnose(data, begin, stretch, kShift.state_at[state_before]);
  }
  state_ = static_cast<uint8_t>(state);
  return size;
}

bool Utf8Validator::InsideSequence() const { return state_ != kShiftStart; }

void Utf8Validator::Reset() { state_ = kShiftStart; }

Utf8Validator::Utf8Validator(Engine engine)
    : block_check_(engine == Engine::kBlocksAndAutomaton ? SupportedBlockCheck() : nullptr) {
  Reset();
}

// Replays a stretch that failed, one table step per byte, to find the rejected byte.
size_t Utf8Validator::Diagnose(const uint8_t* data, size_t begin, size_t end, uint8_t state) {
  for (size_t i = begin; i < end; ++i) {
    state = kTables.next[state][kTables.class_of[data[i]]];
    if (state >= kBadUtf8) {
      error_ = state == kBadChar ? ErrorKind::InvalidChar : ErrorKind::InvalidUtf8;
      return i;
    }
  }
  return end;  // not reached: the shift tables and these agree
}

}  // namespace foyer
