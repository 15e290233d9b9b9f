// Utf16Transcoder: turns one batch string that is not ASCII (valid UTF-8, see
// stream_core.h) into UTF-16 for JS, and its events' offsets in the batch from bytes into
// UTF-16 units, in one pass. Free of N-API so that the fuzz harness checks it too.
#pragma once

#include <cstddef>
#include <cstdint>

#include "batch_buffer.h"
#include "stream_core.h"

namespace foyer {

class Utf16Transcoder {
 public:
  // Transcodes `text` (bytes of `core_text`) and converts the offsets of its events in
  // `ops` (a copy of the batch's ops, same indices). The result stays valid until the next
  // call: latin1() when every character fits in a byte (V8 then stores one byte per
  // character), utf16() otherwise, length() units either way.
  void Transcode(const char* core_text, const BatchString& text, uint32_t* ops);
  bool is_latin1() const { return is_latin1_; }
  const char* latin1() const { return latin1_.data(); }
  const char16_t* utf16() const { return utf16_.data(); }
  size_t length() const { return length_; }
  // Gives back scratch memory above `keep` units (after a large stanza).
  void ShrinkTo(size_t keep);

 private:
  BatchBuffer<char16_t> utf16_;
  BatchBuffer<char> latin1_;
  bool is_latin1_ = false;
  size_t length_ = 0;
};

}  // namespace foyer
