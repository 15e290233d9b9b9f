// Incremental UTF-8 and XML 1.0 Char check of the raw input, run before expat sees it, so
// that invalid UTF-8 is reported as such (RFC 6120 §4.9.3.22 unsupported-encoding) rather
// than as one of expat's generic "invalid token" errors, and a sequence split across
// chunks is followed from one write to the next.
// References: RFC 3629 §4 (valid sequences), XML 1.0 §2.2 (Char).
#pragma once

#include <cstddef>
#include <cstdint>

#include "error_kind.h"
#include "utf8_blocks.h"

namespace foyer {

class Utf8Validator {
 public:
  // kBlocksAndAutomaton: whole 16-byte blocks through this CPU's vector check where it
  // has one (utf8_blocks.h); kAutomaton: every byte through the automaton (the reference
  // that the tests compare the block check with).
  enum class Engine { kBlocksAndAutomaton, kAutomaton };
  explicit Utf8Validator(Engine engine = Engine::kBlocksAndAutomaton);
  // Returns the length of the accepted prefix of `data`; when it is shorter than `size`,
  // error() tells why the byte at that offset was rejected.
  size_t Scan(const uint8_t* data, size_t size);
  bool InsideSequence() const;
  ErrorKind error() const { return error_; }
  void Reset();

 private:
  size_t Diagnose(const uint8_t* data, size_t begin, size_t end, uint8_t state);

  BlockCheckFunction block_check_;  // nullptr: the automaton checks every byte
  uint8_t state_;  // where the last character stands, as a shift-table offset (see the .cc)
  ErrorKind error_ = ErrorKind::InvalidUtf8;
};

}  // namespace foyer
