// StreamCore: the incremental XMPP stream parser over libexpat, free of N-API so that the
// addon (addon.cc) and the fuzz harness (../fuzz/fuzz_stream_core.cc) share it.
//
// Input: byte chunks of any size. Output: a batch of completed events per call, encoded as
// a flat uint32 array plus one UTF-8 string per event, which the addon hands to JS in one
// crossing and ../batch-decoder.ts turns into {name, attrs, children} objects.
//
// Batch layout (uint32 words):
//   event   := STREAM_START string base element | STANZA string base element | STREAM_END
//            | ERROR string base kind
// STREAM_START's element is the stream header's start tag (no children, END right after
// its attributes), so that one reader in JS serves both.
//   element := ELEMENT name n attr{n} (element | TEXT start end)* END
//   attr    := name value_start value_end
//   name    := id | NOT_INTERNED start end      (id: index in the NameTable, see names())
// `string` indexes the batch's strings and `base` is where the event's text starts in it;
// start/end are offsets from there. The core writes them in bytes of its UTF-8 text; the
// addon turns those of a string that is not ASCII into UTF-16 code units as it transcodes
// it (VisitOffsets), so that JS can String.prototype.slice them; an ASCII string's bytes
// are already its units.
// Consecutive small events share one string (at most kSharedStringBytes), fewer strings
// to make for a batch of acks and presences, while a value JS keeps pins at most that
// much text (a V8 slice keeps its parent alive); a larger stanza has its own string.
// ERROR's string is its human-readable detail. The names the table gained during the
// batch (names().added()) travel with it, so JS's copy of the table stays in step.

// Limits (RFC 6120 §13.12): bytes since the last settled point (end of the XML
// declaration, of the stream header, of a stanza, or of whitespace between stanzas) are
// counted before expat sees them, and expat is fed no further than maxStanzaBytes, so a
// never-ending stanza costs at most that much memory, and expat 2.5's re-scan of a growing
// token (CVE-2023-52425) is bounded by it too.
#pragma once

#include <expat.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "batch_buffer.h"
#include "error_kind.h"
#include "name_table.h"
#include "namespace_scope.h"
#include "utf8_validator.h"

namespace foyer {

enum BatchOp : uint32_t {
  kOpStreamStart = 1,
  kOpStanza = 2,
  kOpStreamEnd = 3,
  kOpElement = 4,
  kOpEnd = 5,
  kOpText = 6,
  kOpError = 7,
};

struct CoreLimits {
  uint32_t max_stanza_bytes;
  uint32_t max_depth;
  // parseElement mode: the document's root element is itself the one stanza.
  bool fragment;
};

// One string of a batch: a byte range of StreamCore::text(), the range of ops() that holds
// its events, and whether it is all ASCII (which the addon copies as Latin-1 and whose
// offsets need no conversion). Events of both kinds never share a string.
struct BatchString {
  size_t begin;
  size_t end;
  size_t first_op;
  size_t end_op;
  bool ascii;
};

// Calls visit(word, is_base) for every offset word of the events in ops[begin, end), in
// order: each event's base first (is_base), then its start/end offsets (relative to the
// base). Their byte positions never go back, so a transcoder can convert them in one pass.
template <typename Visit>
void VisitOffsets(uint32_t* ops, size_t begin, size_t end, Visit visit) {
  const auto visit_range = [&](size_t i) {
    visit(ops[i], false);
    visit(ops[i + 1], false);
  };
  const auto visit_name = [&](size_t i) {
    if (ops[i] != NameTable::kNotInterned) return i + 1;
    visit_range(i + 1);
    return i + 3;
  };
  const auto visit_attributes = [&](size_t i) {
    const uint32_t count = ops[i++];
    for (uint32_t n = 0; n < count; ++n) {
      i = visit_name(i);
      visit_range(i);
      i += 2;
    }
    return i;
  };
  for (size_t i = begin; i < end;) {
    const uint32_t op = ops[i++];
    if (op == kOpStreamEnd) continue;
    visit(ops[i + 1], true);
    i += 2;
    if (op == kOpStreamStart || op == kOpStanza) {
      for (size_t depth = 0;;) {
        const uint32_t element_op = ops[i];
        if (element_op == kOpElement) {
          i = visit_attributes(visit_name(i + 1));
          ++depth;
        } else if (element_op == kOpText) {
          visit_range(i + 1);
          i += 3;
        } else {  // kOpEnd
          ++i;
          if (--depth == 0) break;
        }
      }
    } else {  // kOpError: its kind
      ++i;
    }
  }
}

class StreamCore {
 public:
  explicit StreamCore(CoreLimits limits);
  StreamCore(const StreamCore&) = delete;
  StreamCore& operator=(const StreamCore&) = delete;

  void Write(const uint8_t* data, size_t size);
  // End of input: a stanza or a tag left open is E_XML_TRUNCATED.
  void End();
  // A new stream (RFC 6120 §4.3.3 restart): fresh expat state, same limits.
  void Reset();

  // The completed events of the calls since the last ConsumeBatch().
  static constexpr size_t kSharedStringBytes = 2048;

  bool HasBatch() const { return committed_ops_ > 0 || !names_.added().empty(); }
  const NameTable& names() const { return names_; }
  const uint32_t* ops() const { return ops_.data(); }
  size_t ops_size() const { return committed_ops_; }
  const std::vector<BatchString>& strings() const { return strings_; }
  const char* text() const { return text_.data(); }
  // Drops the delivered batch, keeping the stanza in progress.
  void ConsumeBatch();
  // Bytes held between calls, for the JS engine's external-memory accounting.
  size_t RetainedBytes() const { return text_.capacity() + ops_.capacity() * sizeof(uint32_t); }

 private:
  using Position = std::make_unsigned_t<XML_Index>;
  struct ParserDeleter {
    void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
  };

  void InstallHandlers();
  void Feed(const uint8_t* data, size_t size);
  void Fail(ErrorKind kind, const char* detail) noexcept;
  void FailFromExpat();
  void Settle();
  size_t StanzaLevel() const { return limits_.fragment ? 0 : 1; }
  uint32_t Offset() const;
  void AppendString(const char* data, size_t size);
  void AppendValue(const char* value);
  void AppendName(const char* name, bool kept);
  void AppendText(const char* data, size_t size);
  void AppendAttributes(const char** attrs);
  void AppendStartTag(const char* name, const char** attrs);
  void FlushTextRun();
  void BeginEvent(BatchOp op);
  void Commit(bool has_text);
  template <typename Handler>
  static void Guarded(void* self, Handler handler);

  void OnStartElement(const char* name, const char** attrs);
  void OnEndElement();
  void OnCharacterData(const char* data, int size);
  void OnXmlDecl(const char* encoding);

  static void StartElementHandler(void* self, const XML_Char* name, const XML_Char** attrs);
  static void EndElementHandler(void* self, const XML_Char* name);
  static void CharacterDataHandler(void* self, const XML_Char* data, int size);
  static void XmlDeclHandler(void* self, const XML_Char* version, const XML_Char* encoding, int standalone);
  static void CommentHandler(void* self, const XML_Char* data);
  static void ProcessingInstructionHandler(void* self, const XML_Char* target, const XML_Char* data);
  static void StartDoctypeDeclHandler(void* self, const XML_Char* name, const XML_Char* sysid, const XML_Char* pubid,
                                      int has_internal_subset);
  static void EntityDeclHandler(void* self, const XML_Char* name, int is_parameter_entity, const XML_Char* value,
                                int value_length, const XML_Char* base, const XML_Char* system_id,
                                const XML_Char* public_id, const XML_Char* notation_name);

  const CoreLimits limits_;
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserDeleter> parser_;
  Utf8Validator utf8_;
  NamespaceScope namespaces_;
  NameTable names_;  // kept across Reset(): JS holds the same table
  bool failed_ = false;
  bool parsing_ = false;  // inside XML_Parse, where XML_StopParser applies
  size_t depth_ = 0;      // open elements, the stream root included
  Position fed_ = 0;      // bytes handed to expat since the stream start
  Position settled_ = 0;  // see "Limits" above
  // Batch under construction; [0, committed_*) is complete, the rest is the stanza in progress.
  BatchBuffer<uint32_t> ops_;
  BatchBuffer<char> text_;
  std::vector<BatchString> strings_;
  size_t committed_ops_ = 0;
  size_t committed_text_ = 0;
  size_t stanza_text_begin_ = 0;  // byte offset in text_ of the current event's text
  size_t event_op_ = 0;           // index in ops_ of the current event's op
  uint8_t event_high_bits_ = 0;   // OR of the current event's text bytes: 0x80 if not ASCII
  bool in_text_run_ = false;
  uint32_t text_run_start_ = 0;
};

}  // namespace foyer
