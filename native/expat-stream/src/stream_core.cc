#include "stream_core.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>

namespace foyer {

namespace {

// Capacity kept between calls; a bigger buffer left by a large stanza is given back.
constexpr size_t kKeptCapacity = 64 * 1024;

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Copies `size` bytes and returns 0x80 when one of them is not ASCII. Words of 8 bytes
// are copied and tested at once; a short piece (expat hands over many of 1 to 3 bytes:
// entities, character references, line ends) takes two overlapping loads rather than a
// call to memcpy.
uint8_t CopyText(char* out, const char* in, size_t size) {
  uint64_t all = 0;
  if (size >= 8) {
    uint64_t word;
    for (size_t i = 0; i + 8 <= size; i += 8) {
      std::memcpy(&word, in + i, 8);
      std::memcpy(out + i, &word, 8);
      all |= word;
    }
    std::memcpy(&word, in + size - 8, 8);
    std::memcpy(out + size - 8, &word, 8);
    all |= word;
  } else if (size >= 4) {
    uint32_t head;
    uint32_t tail;
    std::memcpy(&head, in, 4);
    std::memcpy(&tail, in + size - 4, 4);
    std::memcpy(out, &head, 4);
    std::memcpy(out + size - 4, &tail, 4);
    all = head | tail;
  } else if (size > 0) {
    const auto first = static_cast<uint8_t>(in[0]);
    const auto middle = static_cast<uint8_t>(in[size / 2]);
    const auto last = static_cast<uint8_t>(in[size - 1]);
    out[0] = static_cast<char>(first);
    out[size / 2] = static_cast<char>(middle);
    out[size - 1] = static_cast<char>(last);
    all = first | middle | last;
  }
  return (all & kHighBits) != 0 ? 0x80 : 0;
}

bool IsXmlWhitespace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

bool EqualsIgnoringAsciiCase(const char* a, const char* b) {
  for (; *a && *b; ++a, ++b) {
    const char lower_a = (*a >= 'A' && *a <= 'Z') ? static_cast<char>(*a + 32) : *a;
    const char lower_b = (*b >= 'A' && *b <= 'Z') ? static_cast<char>(*b + 32) : *b;
    if (lower_a != lower_b) return false;
  }
  return *a == *b;
}

ErrorKind KindOfExpatError(XML_Error code) {
  switch (code) {
    case XML_ERROR_NO_MEMORY:
      return ErrorKind::NoMemory;
    case XML_ERROR_TAG_MISMATCH:
      return ErrorKind::MismatchedTag;
    case XML_ERROR_UNDEFINED_ENTITY:  // an entity reference other than the five predefined ones
      return ErrorKind::Restricted;
    case XML_ERROR_BAD_CHAR_REF:
      return ErrorKind::InvalidChar;
    case XML_ERROR_UNKNOWN_ENCODING:
    case XML_ERROR_INCORRECT_ENCODING:
      return ErrorKind::UnsupportedEncoding;
    default:
      return ErrorKind::NotWellFormed;
  }
}

}  // namespace

StreamCore::StreamCore(CoreLimits limits) : limits_(limits), parser_(XML_ParserCreate("UTF-8")) {
  if (!parser_) throw std::bad_alloc();
  InstallHandlers();
}

void StreamCore::InstallHandlers() {
  XML_Parser parser = parser_.get();
  XML_SetUserData(parser, this);
  XML_SetElementHandler(parser, StartElementHandler, EndElementHandler);
  XML_SetCharacterDataHandler(parser, CharacterDataHandler);
  XML_SetXmlDeclHandler(parser, XmlDeclHandler);
  // RFC 6120 §11.1: comments, processing instructions, DTDs and entity declarations stop
  // the stream; no entity is ever declared, so none can be expanded.
  XML_SetCommentHandler(parser, CommentHandler);
  XML_SetProcessingInstructionHandler(parser, ProcessingInstructionHandler);
  XML_SetStartDoctypeDeclHandler(parser, StartDoctypeDeclHandler);
  XML_SetEntityDeclHandler(parser, EntityDeclHandler);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
  // Expat's own answer to CVE-2023-52425 (in 2.6.0, backported to Debian 12's 2.5.0)
  // defers parsing while new data is small next to a pending token, which would hold back
  // a stanza whose last bytes arrive in a short read. The stanza byte limit (Feed) bounds
  // the re-scanning instead, and every complete stanza is delivered by the write that
  // completes it.
  XML_SetReparseDeferralEnabled(parser, XML_FALSE);
}

void StreamCore::Reset() {
  // XML_ParserReset clears the handlers too, hence InstallHandlers again.
  if (!XML_ParserReset(parser_.get(), "UTF-8")) throw std::bad_alloc();
  InstallHandlers();
  names_.ForgetAddresses();  // the attribute names expat kept are gone
  utf8_.Reset();
  namespaces_.Clear();
  failed_ = false;
  depth_ = 0;
  fed_ = 0;
  settled_ = 0;
  ops_.Truncate(0);
  text_.Truncate(0);
  strings_.clear();
  committed_ops_ = 0;
  committed_text_ = 0;
  stanza_text_begin_ = 0;
  event_high_bits_ = 0;
  in_text_run_ = false;
}

void StreamCore::Write(const uint8_t* data, size_t size) {
  if (failed_) return;
  const size_t accepted = utf8_.Scan(data, size);
  Feed(data, accepted);
  if (failed_ || accepted == size) return;
  if (fed_ - settled_ >= limits_.max_stanza_bytes) {
    Fail(ErrorKind::TooBig, "stanza larger than maxStanzaBytes");
    return;
  }
  char detail[48];
  std::snprintf(detail, sizeof detail, "byte 0x%02x", data[accepted]);
  Fail(utf8_.error(), detail);
}

void StreamCore::Feed(const uint8_t* data, size_t size) {
  while (size > 0 && !failed_) {
    const Position open = fed_ - settled_;
    if (open >= limits_.max_stanza_bytes) {
      Fail(ErrorKind::TooBig, "stanza larger than maxStanzaBytes");
      return;
    }
    const size_t slice = std::min<size_t>(size, limits_.max_stanza_bytes - open);
    parsing_ = true;
    const XML_Status status =
        XML_Parse(parser_.get(), reinterpret_cast<const char*>(data), static_cast<int>(slice), XML_FALSE);
    parsing_ = false;
    if (status != XML_STATUS_OK) {
      FailFromExpat();
      return;
    }
    fed_ += slice;
    data += slice;
    size -= slice;
  }
}

void StreamCore::End() {
  if (failed_) return;
  if (utf8_.InsideSequence()) {
    Fail(ErrorKind::InvalidUtf8, "input ends inside a UTF-8 sequence");
    return;
  }
  parsing_ = true;
  const XML_Status status = XML_Parse(parser_.get(), "", 0, XML_TRUE);
  parsing_ = false;
  if (status == XML_STATUS_OK || failed_) return;
  switch (XML_GetErrorCode(parser_.get())) {
    case XML_ERROR_NO_ELEMENTS:
      // A stream may end between stanzas (the connection closed); inside one it is truncated.
      if (depth_ <= StanzaLevel()) return;
      [[fallthrough]];
    case XML_ERROR_UNCLOSED_TOKEN:
    case XML_ERROR_PARTIAL_CHAR:
    case XML_ERROR_UNCLOSED_CDATA_SECTION:
      Fail(ErrorKind::Truncated, "input ends inside a stanza or tag");
      return;
    default:
      FailFromExpat();
  }
}

void StreamCore::FailFromExpat() {
  if (failed_) return;  // stopped by one of our handlers, which recorded why
  const XML_Error code = XML_GetErrorCode(parser_.get());
  char detail[160];
  std::snprintf(detail, sizeof detail, "%s at line %lu, column %lu", XML_ErrorString(code),
                static_cast<unsigned long>(XML_GetCurrentLineNumber(parser_.get())),
                static_cast<unsigned long>(XML_GetCurrentColumnNumber(parser_.get())));
  Fail(KindOfExpatError(code), detail);
}

void StreamCore::Fail(ErrorKind kind, const char* detail) noexcept {
  if (failed_) return;
  failed_ = true;
  if (parsing_) XML_StopParser(parser_.get(), XML_FALSE);
  // The stanza in progress is dropped: nothing after an error reaches JS.
  ops_.Truncate(committed_ops_);
  text_.Truncate(committed_text_);
  in_text_run_ = false;
  try {
    BeginEvent(kOpError);
    ops_.Push(static_cast<uint32_t>(kind));
    AppendText(detail, std::strlen(detail));
    Commit(true);
  } catch (const std::bad_alloc&) {
    // Memory is short: the batch keeps what was complete before the error.
    ops_.Truncate(committed_ops_);
    text_.Truncate(committed_text_);
  }
}

void StreamCore::Settle() {
  settled_ = static_cast<Position>(XML_GetCurrentByteIndex(parser_.get())) +
             static_cast<Position>(XML_GetCurrentByteCount(parser_.get()));
}

// An event that owns text starts with its op, then its string and base, set by Commit.
void StreamCore::BeginEvent(BatchOp op) {
  stanza_text_begin_ = text_.size();
  event_high_bits_ = 0;
  event_op_ = ops_.size();
  uint32_t* words = ops_.Extend(3);
  words[0] = op;
  words[1] = 0;
  words[2] = 0;
}

void StreamCore::Commit(bool has_text) {
  if (has_text) {
    const size_t end = text_.size();
    // An ASCII event does not join a string that is not (nor the reverse): an ASCII
    // string is copied as Latin-1 as it is, the other kind transcoded and its offsets
    // converted, which would cost every event that shares it.
    const bool ascii = event_high_bits_ == 0;
    const bool shares = !strings_.empty() && ops_[event_op_] != kOpError && strings_.back().end == stanza_text_begin_ &&
                        strings_.back().ascii == ascii && end - strings_.back().begin <= kSharedStringBytes;
    if (shares) {
      BatchString& string = strings_.back();
      ops_[event_op_ + 1] = static_cast<uint32_t>(strings_.size() - 1);
      ops_[event_op_ + 2] = static_cast<uint32_t>(stanza_text_begin_ - string.begin);
      string.end = end;
      string.end_op = ops_.size();
    } else {
      ops_[event_op_ + 1] = static_cast<uint32_t>(strings_.size());
      ops_[event_op_ + 2] = 0;
      strings_.push_back({stanza_text_begin_, end, event_op_, ops_.size(), ascii});
    }
  }
  committed_ops_ = ops_.size();
  committed_text_ = text_.size();
}

void StreamCore::ConsumeBatch() {
  ops_.EraseFront(committed_ops_);
  text_.EraseFront(committed_text_);
  stanza_text_begin_ = stanza_text_begin_ >= committed_text_ ? stanza_text_begin_ - committed_text_ : 0;
  event_op_ = event_op_ >= committed_ops_ ? event_op_ - committed_ops_ : 0;
  strings_.clear();
  names_.ClearAdded();
  committed_ops_ = 0;
  committed_text_ = 0;
  if (text_.capacity() > kKeptCapacity && text_.size() < kKeptCapacity / 4) text_.ShrinkTo(kKeptCapacity / 4);
  if (ops_.capacity() > kKeptCapacity && ops_.size() < kKeptCapacity / 4) ops_.ShrinkTo(kKeptCapacity / 4);
}

void StreamCore::AppendText(const char* data, size_t size) {
  event_high_bits_ |= CopyText(text_.Extend(size), data, size);
}

// Where the event's text ends now, as an offset from its start.
uint32_t StreamCore::Offset() const { return static_cast<uint32_t>(text_.size() - stanza_text_begin_); }

// Appends a string with its start and end offsets.
void StreamCore::AppendString(const char* data, size_t size) {
  ops_.Push(Offset());
  AppendText(data, size);
  ops_.Push(Offset());
}

// A NUL-terminated attribute value.
void StreamCore::AppendValue(const char* value) { AppendString(value, std::strlen(value)); }

// An element name, or with `kept` an attribute name: expat passes those from its DTD,
// where they stay until Reset(), so the name table finds them by address.
void StreamCore::AppendName(const char* name, bool kept) {
  size_t size;
  const uint32_t id = kept ? names_.InternByAddress(name, &size) : names_.Intern(name, &size);
  ops_.Push(id);
  if (id == NameTable::kNotInterned) AppendString(name, size);
}

void StreamCore::AppendAttributes(const char** attrs) {
  uint32_t count = 0;
  while (attrs[2 * count]) ++count;
  ops_.Push(count);
  for (const char** attr = attrs; *attr; attr += 2) {
    AppendName(attr[0], true);
    AppendValue(attr[1]);
  }
}

// ELEMENT name attributes: a start tag, the stream header's or a stanza's.
void StreamCore::AppendStartTag(const char* name, const char** attrs) {
  ops_.Push(kOpElement);
  AppendName(name, false);
  AppendAttributes(attrs);
}

void StreamCore::FlushTextRun() {
  if (!in_text_run_) return;
  in_text_run_ = false;
  uint32_t* words = ops_.Extend(3);
  words[0] = kOpText;
  words[1] = text_run_start_;
  words[2] = Offset();
}

void StreamCore::OnStartElement(const char* name, const char** attrs) {
  FlushTextRun();
  if (auto error = namespaces_.Open(name, attrs)) return Fail(*error, name);
  if (depth_ == 0 && !limits_.fragment) {
    if (!IsStreamRoot(name, attrs)) return Fail(ErrorKind::InvalidNamespace, name);
    BeginEvent(kOpStreamStart);
    AppendStartTag(name, attrs);
    ops_.Push(kOpEnd);
    Commit(true);
    Settle();
    depth_ = 1;
    return;
  }
  const size_t stanza_depth = limits_.fragment ? depth_ + 1 : depth_;
  if (stanza_depth > limits_.max_depth) return Fail(ErrorKind::TooDeep, name);
  if (stanza_depth == 1) BeginEvent(kOpStanza);
  AppendStartTag(name, attrs);
  ++depth_;
}

void StreamCore::OnEndElement() {
  FlushTextRun();
  namespaces_.Close();
  --depth_;
  if (depth_ == 0 && !limits_.fragment) {
    ops_.Push(kOpStreamEnd);
    Commit(false);
    Settle();
    return;
  }
  ops_.Push(kOpEnd);
  if (depth_ == StanzaLevel()) {
    Commit(true);
    Settle();
  }
}

void StreamCore::OnCharacterData(const char* data, int size) {
  if (depth_ <= 1 && !limits_.fragment) {
    // Between stanzas only whitespace (keepalives, RFC 6120 §4.6.1) is allowed.
    for (int i = 0; i < size; ++i) {
      if (!IsXmlWhitespace(data[i])) return Fail(ErrorKind::StreamText, "text between stanzas");
    }
    Settle();
    return;
  }
  if (!in_text_run_) {
    in_text_run_ = true;
    text_run_start_ = Offset();
  }
  AppendText(data, static_cast<size_t>(size));
}

void StreamCore::OnXmlDecl(const char* encoding) {
  if (encoding && !EqualsIgnoringAsciiCase(encoding, "UTF-8")) return Fail(ErrorKind::UnsupportedEncoding, encoding);
  Settle();
}

// Expat is C: nothing may unwind through it. Handlers do nothing once the stream failed
// (expat may still call the end handler of an empty element after XML_StopParser).
template <typename Handler>
void StreamCore::Guarded(void* self, Handler handler) {
  auto* core = static_cast<StreamCore*>(self);
  if (core->failed_) return;
  try {
    handler(core);
  } catch (const std::bad_alloc&) {
    core->Fail(ErrorKind::NoMemory, "out of memory");
  }
}

void StreamCore::StartElementHandler(void* self, const XML_Char* name, const XML_Char** attrs) {
  Guarded(self, [&](StreamCore* core) { core->OnStartElement(name, attrs); });
}

void StreamCore::EndElementHandler(void* self, const XML_Char*) {
  Guarded(self, [](StreamCore* core) { core->OnEndElement(); });
}

void StreamCore::CharacterDataHandler(void* self, const XML_Char* data, int size) {
  Guarded(self, [&](StreamCore* core) { core->OnCharacterData(data, size); });
}

void StreamCore::XmlDeclHandler(void* self, const XML_Char*, const XML_Char* encoding, int) {
  Guarded(self, [&](StreamCore* core) { core->OnXmlDecl(encoding); });
}

void StreamCore::CommentHandler(void* self, const XML_Char*) {
  static_cast<StreamCore*>(self)->Fail(ErrorKind::Restricted, "comment");
}

void StreamCore::ProcessingInstructionHandler(void* self, const XML_Char*, const XML_Char*) {
  static_cast<StreamCore*>(self)->Fail(ErrorKind::Restricted, "processing instruction");
}

void StreamCore::StartDoctypeDeclHandler(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<StreamCore*>(self)->Fail(ErrorKind::Restricted, "DOCTYPE");
}

void StreamCore::EntityDeclHandler(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                   const XML_Char*, const XML_Char*, const XML_Char*) {
  static_cast<StreamCore*>(self)->Fail(ErrorKind::Restricted, "entity declaration");
}

}  // namespace foyer
