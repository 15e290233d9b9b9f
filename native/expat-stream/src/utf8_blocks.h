// The UTF-8 and XML 1.0 Char check of Utf8Validator, 16 bytes at a time with vector table
// lookups: SSSE3 on x86-64 (chosen at run time), NEON on AArch64 (the box). It only says
// whether a stretch is valid; the validator's automaton stays the reference, finds the
// exact byte and error kind of a stretch that failed here, and follows a character split
// across writes.
//
// The method is the one of Keiser and Lemire, "Validating UTF-8 In Less Than One
// Instruction Per Byte" (2021): each byte and the one before it are classified by three
// 16-entry tables indexed by nibbles, whose AND has a bit set for each rule the pair breaks;
// the continuation bytes that a 3- or 4-byte lead requires two and three bytes further on
// are matched against the pairs of continuation bytes. XML's rules beyond UTF-8 (no C0
// control but tab, LF and CR; no U+FFFE or U+FFFF) are two more tests per block.
#pragma once

#include <cstddef>
#include <cstdint>

namespace foyer {

constexpr size_t kBlockBytes = 16;

struct BlockCheck {
  // Valid: where the automaton takes over, the end of the last whole block or, when that
  // block ends inside a character, the start of that character.
  // Invalid: the end of a stretch, starting at the data's start, that holds the error.
  size_t end;
  bool valid;
};

// Checks the whole 16-byte blocks of data[0, size), which starts between characters.
using BlockCheckFunction = BlockCheck (*)(const uint8_t* data, size_t size);

// The block check this CPU can run, or nullptr where none is built (the automaton then
// checks every byte).
BlockCheckFunction SupportedBlockCheck();

}  // namespace foyer
