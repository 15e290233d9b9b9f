// The block check (utf8_blocks.h) against the automaton alone: both validators are fed
// the same chunks and must accept the same prefix of each, reject at the same byte for
// the same reason, and agree on whether a write ended inside a character. Used by the
// libFuzzer harness and by vector_code_test.cc (which also runs on AArch64 under qemu).
#pragma once

#include <cstddef>
#include <cstdint>

#include "utf8_validator.h"

// `next_chunk(remaining)` returns the size of the next chunk, 1 to `remaining`.
template <typename NextChunk>
bool Utf8EnginesAgree(const uint8_t* data, size_t size, NextChunk next_chunk) {
  foyer::Utf8Validator blocks(foyer::Utf8Validator::Engine::kBlocksAndAutomaton);
  foyer::Utf8Validator automaton(foyer::Utf8Validator::Engine::kAutomaton);
  size_t offset = 0;
  while (offset < size) {
    const size_t length = next_chunk(size - offset);
    const size_t accepted = blocks.Scan(data + offset, length);
    if (accepted != automaton.Scan(data + offset, length)) return false;
    if (accepted < length) return blocks.error() == automaton.error();
    if (blocks.InsideSequence() != automaton.InsideSequence()) return false;
    offset += length;
  }
  return true;
}
