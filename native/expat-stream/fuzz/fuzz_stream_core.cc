// libFuzzer harness for StreamCore (the addon's parser without N-API), built with
// AddressSanitizer and UndefinedBehaviorSanitizer by run.sh.
//
// Input: byte 0 picks limits and mode, byte 1 the chunk size; the rest is the stream, fed
// in chunks, ended, then fed again after Reset() (the STARTTLS/SASL restart path). Every
// batch is checked the way the JS decoder reads it: balanced elements, offsets inside the
// event's string, names inside the name table, one string per STREAM_START/STANZA/ERROR,
// an ERROR only at the end.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "stream_core.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

struct Batch {
  const uint32_t* ops;
  size_t size;
  size_t names;  // size of the name table
};

// A name: a table index, or NOT_INTERNED and a non-empty range of the event's string.
size_t CheckName(const Batch& batch, size_t i, uint32_t units) {
  Check(i < batch.size);
  if (batch.ops[i] != foyer::NameTable::kNotInterned) {
    Check(batch.ops[i] < batch.names);
    return i + 1;
  }
  Check(i + 3 <= batch.size && batch.ops[i + 1] < batch.ops[i + 2] && batch.ops[i + 2] <= units);
  return i + 3;
}

size_t CheckAttributes(const Batch& batch, size_t i, uint32_t units) {
  Check(i < batch.size);
  const uint32_t count = batch.ops[i++];
  for (uint32_t n = 0; n < count; ++n) {
    i = CheckName(batch, i, units);
    Check(i + 2 <= batch.size && batch.ops[i] <= batch.ops[i + 1] && batch.ops[i + 1] <= units);
    i += 2;
  }
  return i;
}

// Reads an element (ops[i] == kOpElement); returns the index after its kOpEnd.
size_t CheckElement(const Batch& batch, size_t i, uint32_t units, uint32_t max_depth) {
  const uint32_t* ops = batch.ops;
  const size_t size = batch.size;
  uint32_t depth = 0;
  while (i < size) {
    const uint32_t op = ops[i];
    if (op == foyer::kOpElement) {
      Check(++depth <= max_depth + 1);
      i = CheckAttributes(batch, CheckName(batch, i + 1, units), units);
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
  const Batch batch{core.ops(), core.ops_size(), core.names().size()};
  const uint32_t* ops = batch.ops;
  const size_t size = batch.size;
  const auto& strings = core.strings();
  for (const foyer::BatchString& string : strings) {
    // The addon sizes its UTF-16 buffer from `units`: it must be exact.
    Check(string.begin <= string.end);
    uint32_t units = 0;
    for (size_t b = string.begin; b < string.end; ++b) {
      const auto byte = static_cast<uint8_t>(core.text()[b]);
      units += ((byte & 0xc0) != 0x80) + (byte >= 0xf0);
    }
    Check(units == string.units);
  }
  // Events sharing a string follow each other in it: the first at 0, bases never going back.
  std::vector<int64_t> last_base(strings.size(), -1);
  for (size_t i = 0; i < size;) {
    const uint32_t op = ops[i++];
    if (op == foyer::kOpStreamEnd) continue;
    Check(i + 2 <= size && ops[i] < strings.size());
    const uint32_t string = ops[i];
    const uint32_t base = ops[i + 1];
    Check(base <= strings[string].units && (last_base[string] < 0 ? base == 0 : base >= last_base[string]));
    last_base[string] = base;
    i += 2;
    const uint32_t units = strings[string].units - base;
    if (op == foyer::kOpStreamStart) {
      i = CheckAttributes(batch, i, units);
    } else if (op == foyer::kOpStanza) {
      i = CheckElement(batch, i, units, max_depth);
    } else {
      Check(op == foyer::kOpError && i + 1 == size && base == 0 &&
            ops[i] <= static_cast<uint32_t>(foyer::ErrorKind::NoMemory));
      ++i;
    }
  }
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
