// libFuzzer harness for StreamCore (the addon's parser without N-API), built with
// AddressSanitizer and UndefinedBehaviorSanitizer by run.sh.
//
// Input: byte 0 picks limits and mode, byte 1 the chunk size; the rest is the stream, fed
// in chunks, ended, then fed again after Reset() (the STARTTLS/SASL restart path). Every
// batch is checked the way the JS decoder reads it: balanced elements, offsets inside the
// event's string, one string per STREAM_START/STANZA/ERROR, an ERROR only at the end.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "stream_core.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// Reads an element (ops[i] == kOpElement); returns the index after its kOpEnd.
size_t CheckElement(const uint32_t* ops, size_t size, size_t i, uint32_t units, uint32_t max_depth) {
  uint32_t depth = 0;
  while (i < size) {
    const uint32_t op = ops[i];
    if (op == foyer::kOpElement) {
      Check(++depth <= max_depth + 1);
      Check(i + 4 <= size && ops[i + 1] <= ops[i + 2] && ops[i + 2] <= units && ops[i + 1] < ops[i + 2]);
      const uint32_t attrs = ops[i + 3];
      i += 4;
      for (uint32_t n = 0; n < attrs; ++n, i += 4) {
        Check(i + 4 <= size && ops[i] < ops[i + 1] && ops[i + 1] <= units && ops[i + 2] <= ops[i + 3] && ops[i + 3] <= units);
      }
    } else if (op == foyer::kOpText) {
      Check(depth > 0 && i + 3 <= size && ops[i + 1] < ops[i + 2] && ops[i + 2] <= units);
      i += 3;
    } else {
      Check(op == foyer::kOpEnd && depth > 0);
      ++i;
      if (--depth == 0) return i;
    }
  }
  Check(false);
  return i;
}

void CheckBatch(const foyer::StreamCore& core, uint32_t max_depth) {
  const uint32_t* ops = core.ops();
  const size_t size = core.ops_size();
  const auto& texts = core.event_texts();
  size_t next_text = 0;
  for (size_t i = 0; i < size;) {
    const uint32_t op = ops[i++];
    if (op == foyer::kOpStreamEnd) continue;
    Check(next_text < texts.size());
    const foyer::EventText& text = texts[next_text++];
    Check(text.begin <= text.end && text.units <= text.end - text.begin);
    if (op == foyer::kOpStreamStart) {
      Check(i < size);
      const uint32_t attrs = ops[i++];
      for (uint32_t n = 0; n < attrs; ++n, i += 4) Check(i + 4 <= size && ops[i + 3] <= text.units);
    } else if (op == foyer::kOpStanza) {
      i = CheckElement(ops, size, i, text.units, max_depth);
    } else {
      Check(op == foyer::kOpError && i + 1 == size && ops[i] <= static_cast<uint32_t>(foyer::ErrorKind::NoMemory));
      ++i;
    }
  }
  Check(next_text == texts.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  const size_t chunk = 1 + data[1] % 97;
  data += 2;
  size -= 2;
  const foyer::CoreLimits limits{(mode & 1) ? 300u : 1u << 20, (mode & 2) ? 3u : 64u, (mode & 4) != 0};
  foyer::StreamCore core(limits);
  for (int round = 0; round < 2; ++round) {
    for (size_t offset = 0; offset < size; offset += chunk) {
      core.Write(data + offset, size - offset < chunk ? size - offset : chunk);
      CheckBatch(core, limits.max_depth);
      core.ConsumeBatch();
    }
    core.End();
    CheckBatch(core, limits.max_depth);
    core.ConsumeBatch();
    core.Reset();
  }
  return 0;
}
