// libFuzzer harness for StreamCore (the addon's parser without N-API), built with
// AddressSanitizer and UndefinedBehaviorSanitizer by run.sh.
//
// Input: byte 0 picks limits and mode, byte 1 the chunk size; the rest is the stream, fed
// in chunks, ended, then fed again after Reset() (the STARTTLS/SASL restart path). Every
// batch is checked the way the addon and the JS decoder read it: balanced elements, offsets
// inside the event's string on character boundaries and all visited by VisitOffsets,
// ASCII strings flagged truly, names inside the name table, one string per
// STREAM_START/STANZA/ERROR, an ERROR only at the end. The raw input also goes through
// both UTF-8 check engines, which must agree (utf8_engines_agree.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "stream_core.h"
#include "utf16_transcoder.h"
#include "utf8_engines_agree.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

struct Batch {
  const uint32_t* ops;
  size_t size;
  size_t names;  // size of the name table
};

// Flags a base among the offset positions the checks collect.
constexpr uint32_t kBaseSlot = 0x80000000u;

// The event being checked: its text (from its base to its string's end), and where the
// offsets its walk found lie in ops, to compare with VisitOffsets.
struct Event {
  const uint8_t* text;
  size_t length;
  std::vector<uint32_t>* slots;
};

// ops[i], ops[i + 1]: a byte range of the event's text, ends on character boundaries
// (the addon converts offsets to UTF-16 units there), non-empty when `nonempty`.
void CheckRange(const Batch& batch, size_t i, const Event& event, bool nonempty) {
  Check(i + 2 <= batch.size);
  const uint32_t start = batch.ops[i];
  const uint32_t end = batch.ops[i + 1];
  Check((nonempty ? start < end : start <= end) && end <= event.length);
  for (const uint32_t offset : {start, end}) Check(offset == event.length || (event.text[offset] & 0xc0) != 0x80);
  event.slots->push_back(static_cast<uint32_t>(i));
  event.slots->push_back(static_cast<uint32_t>(i + 1));
}

// A name: a table index, or NOT_INTERNED and a non-empty range of the event's text.
size_t CheckName(const Batch& batch, size_t i, const Event& event) {
  Check(i < batch.size);
  if (batch.ops[i] != foyer::NameTable::kNotInterned) {
    Check(batch.ops[i] < batch.names);
    return i + 1;
  }
  CheckRange(batch, i + 1, event, true);
  return i + 3;
}

size_t CheckAttributes(const Batch& batch, size_t i, const Event& event) {
  Check(i < batch.size);
  const uint32_t count = batch.ops[i++];
  for (uint32_t n = 0; n < count; ++n) {
    i = CheckName(batch, i, event);
    CheckRange(batch, i, event, false);
    i += 2;
  }
  return i;
}

// Reads an element (ops[i] == kOpElement); returns the index after its kOpEnd.
size_t CheckElement(const Batch& batch, size_t i, const Event& event, uint32_t max_depth) {
  const uint32_t* ops = batch.ops;
  const size_t size = batch.size;
  uint32_t depth = 0;
  while (i < size) {
    const uint32_t op = ops[i];
    if (op == foyer::kOpElement) {
      Check(++depth <= max_depth + 1);
      i = CheckAttributes(batch, CheckName(batch, i + 1, event), event);
    } else if (op == foyer::kOpText) {
      Check(depth > 0);
      CheckRange(batch, i + 1, event, true);
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

// UTF-16 length of valid UTF-8: one unit per sequence start, two for 4-byte sequences.
uint32_t Utf16Length(const uint8_t* data, size_t size) {
  uint32_t units = 0;
  for (size_t b = 0; b < size; ++b) units += ((data[b] & 0xc0) != 0x80) + (data[b] >= 0xf0);
  return units;
}

// The addon's transcoder on every string that is not ASCII: as many units as the UTF-8
// holds, Latin-1 exactly when every unit fits, the same characters as a plain decoder, and
// each offset turned into the UTF-16 length of the bytes before it (from the event's base).
void CheckTranscoding(const foyer::StreamCore& core, const std::vector<uint32_t>& slots) {
  const auto* text = reinterpret_cast<const uint8_t*>(core.text());
  std::vector<uint32_t> ops(core.ops(), core.ops() + core.ops_size());
  foyer::Utf16Transcoder transcoder;
  for (const foyer::BatchString& string : core.strings()) {
    if (string.ascii) continue;
    transcoder.Transcode(core.text(), string, ops.data());
    const uint8_t* bytes = text + string.begin;
    const size_t size = string.end - string.begin;
    Check(transcoder.length() == Utf16Length(bytes, size));
    bool latin1 = true;
    for (size_t b = 0, u = 0; b < size; ++u) {
      const uint8_t lead = bytes[b];
      const size_t width = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
      char32_t cp = width == 1 ? lead : lead & (0x7f >> width);
      for (size_t k = 1; k < width; ++k) cp = (cp << 6) | (bytes[b + k] & 0x3f);
      b += width;
      latin1 = latin1 && cp < 0x100;
      Check(u < transcoder.length());
      if (transcoder.is_latin1()) {
        Check(static_cast<uint8_t>(transcoder.latin1()[u]) == cp);
      } else if (cp >= 0x10000) {
        Check(transcoder.utf16()[u] == 0xd800 + ((cp - 0x10000) >> 10));
        Check(transcoder.utf16()[++u] == 0xdc00 + (cp & 0x3ff));
      } else {
        Check(transcoder.utf16()[u] == cp);
      }
    }
    Check(transcoder.is_latin1() == latin1);
  }
  // Offsets: a base is the units before it in its string, the others count from their base.
  const uint8_t* event_text = text;
  bool ascii_event = true;
  for (const uint32_t slot : slots) {
    const uint32_t index = slot & ~kBaseSlot;
    if ((slot & kBaseSlot) != 0) {
      // The event's string is named by the word before its base.
      const foyer::BatchString& string = core.strings()[core.ops()[index - 1]];
      const uint32_t base_bytes = core.ops()[index];
      ascii_event = string.ascii;
      Check(ops[index] == (ascii_event ? base_bytes : Utf16Length(text + string.begin, base_bytes)));
      event_text = text + string.begin + base_bytes;
    } else {
      const uint32_t bytes = core.ops()[index];
      Check(ops[index] == (ascii_event ? bytes : Utf16Length(event_text, bytes)));
    }
  }
}

void CheckBatch(const foyer::StreamCore& core, uint32_t max_depth) {
  const Batch batch{core.ops(), core.ops_size(), core.names().size()};
  const uint32_t* ops = batch.ops;
  const size_t size = batch.size;
  const auto& strings = core.strings();
  const auto* text = reinterpret_cast<const uint8_t*>(core.text());
  size_t op_count = 0;
  for (const foyer::BatchString& string : strings) {
    // The addon copies an ASCII string as Latin-1 without converting its offsets.
    Check(string.begin <= string.end);
    if (string.ascii) {
      for (size_t b = string.begin; b < string.end; ++b) Check(text[b] < 0x80);
    }
    // Strings own ranges of ops in order (a STREAM_END may fall between two).
    Check(string.first_op >= op_count && string.first_op < string.end_op && string.end_op <= size);
    op_count = string.end_op;
  }
  // Events sharing a string follow each other in it: the first at 0, bases never going back.
  std::vector<int64_t> last_base(strings.size(), -1);
  std::vector<uint32_t> slots;
  for (size_t i = 0; i < size;) {
    const uint32_t op = ops[i++];
    if (op == foyer::kOpStreamEnd) continue;
    Check(i + 2 <= size && ops[i] < strings.size());
    const foyer::BatchString& string = strings[ops[i]];
    const uint32_t base = ops[i + 1];
    const size_t length = string.end - string.begin;
    Check(base <= length && (last_base[ops[i]] < 0 ? base == 0 : base >= last_base[ops[i]]));
    Check(base == length || (text[string.begin + base] & 0xc0) != 0x80);
    last_base[ops[i]] = base;
    Check(i - 1 >= string.first_op && i - 1 < string.end_op);
    slots.push_back(static_cast<uint32_t>(i + 1) | kBaseSlot);
    const Event event{text + string.begin + base, length - base, &slots};
    i += 2;
    if (op == foyer::kOpStreamStart) {
      Check(i < size && ops[i] == foyer::kOpElement);
      i = CheckElement(batch, i, event, 0);
    } else if (op == foyer::kOpStanza) {
      i = CheckElement(batch, i, event, max_depth);
    } else {
      Check(op == foyer::kOpError && i + 1 == size && base == 0 &&
            ops[i] <= static_cast<uint32_t>(foyer::ErrorKind::NoMemory));
      ++i;
    }
    Check(i <= string.end_op);
  }
  // The addon's walk over each string's events visits exactly these offsets, in order.
  std::vector<uint32_t> visited;
  auto* mutable_ops = const_cast<uint32_t*>(ops);
  for (const foyer::BatchString& string : strings) {
    foyer::VisitOffsets(mutable_ops, string.first_op, string.end_op, [&](uint32_t& offset, bool is_base) {
      visited.push_back(static_cast<uint32_t>(&offset - ops) | (is_base ? kBaseSlot : 0));
    });
  }
  Check(visited == slots);
  CheckTranscoding(core, slots);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  const size_t chunk = 1 + data[1] % 97;
  data += 2;
  size -= 2;
  Check(Utf8EnginesAgree(data, size, [chunk](size_t remaining) { return remaining < chunk ? remaining : chunk; }));
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
