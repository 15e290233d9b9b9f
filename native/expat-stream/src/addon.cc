// N-API binding of StreamCore: one JS object per parser (ObjectWrap), one crossing per
// write()/end(), returning that call's batch of completed events (see stream_core.h for
// the layout). Ownership: the input chunk is borrowed for the call only; the strings and
// the ops array JS receives are JS-owned; nothing here keeps a pointer into JS memory
// beyond a call except `ops_data_`, which points into an ArrayBuffer this object holds a
// strong reference to and never detaches.
#include <napi.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "stream_core.h"

namespace foyer {
namespace {

constexpr size_t kInitialOpsWords = 4096;
constexpr size_t kHeaderWords = 2;
// Scratch capacity kept between calls (a large stanza's is given back).
constexpr size_t kKeptScratch = 64 * 1024;

class StreamParserWrap : public Napi::ObjectWrap<StreamParserWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(
        env, "NativeStreamParser",
        {InstanceMethod<&StreamParserWrap::Write>("write"), InstanceMethod<&StreamParserWrap::End>("end"),
         InstanceMethod<&StreamParserWrap::Reset>("reset")});
  }

  // new NativeStreamParser(maxStanzaBytes, maxDepth, fragment); the JS wrapper validated them.
  explicit StreamParserWrap(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<StreamParserWrap>(info), core_(LimitsFrom(info)) {
    GrowOps(info.Env(), kInitialOpsWords);
    ReportMemory(info.Env());
  }

  void Finalize(Napi::Env env) override {
    Napi::MemoryManagement::AdjustExternalMemory(env, -reported_bytes_);
    reported_bytes_ = 0;
  }

 private:
  static CoreLimits LimitsFrom(const Napi::CallbackInfo& info) {
    if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsBoolean()) {
      throw Napi::TypeError::New(info.Env(), "NativeStreamParser(maxStanzaBytes, maxDepth, fragment)");
    }
    return {info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Number>().Uint32Value(),
            info[2].As<Napi::Boolean>().Value()};
  }

  // write(chunk: Uint8Array): string[] | undefined — see TakeBatch.
  Napi::Value Write(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsTypedArray() ||
        info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw Napi::TypeError::New(env, "write() takes a Uint8Array");
    }
    auto chunk = info[0].As<Napi::Uint8Array>();
    core_.Write(chunk.Data(), chunk.ByteLength());
    return TakeBatch(env);
  }

  Napi::Value End(const Napi::CallbackInfo& info) {
    core_.End();
    return TakeBatch(info.Env());
  }

  void Reset(const Napi::CallbackInfo&) { core_.Reset(); }

  // The batch as JS sees it: the returned array holds the batch strings, then the names
  // the name table gained; this.ops (a Uint32Array, replaced when it grows) holds the op
  // count in [0], the count of those names in [1], then the ops.
  Napi::Value TakeBatch(Napi::Env env) {
    if (!core_.HasBatch()) {
      ReportMemory(env);
      return env.Undefined();
    }
    const size_t words = core_.ops_size();
    if (words + kHeaderWords > ops_capacity_) GrowOps(env, std::max(words + kHeaderWords, ops_capacity_ * 2));
    const auto& texts = core_.strings();
    const auto& added = core_.names().added();
    ops_data_[0] = static_cast<uint32_t>(words);
    ops_data_[1] = static_cast<uint32_t>(added.size());
    std::memcpy(ops_data_ + kHeaderWords, core_.ops(), words * sizeof(uint32_t));
    Napi::Array strings = Napi::Array::New(env, texts.size() + added.size());
    uint32_t index = 0;
    for (const BatchString& text : texts) strings[index++] = MakeString(env, text, ops_data_ + kHeaderWords);
    for (uint32_t id : added) strings[index++] = Napi::String::New(env, core_.names().name(id));
    core_.ConsumeBatch();
    if (utf16_.capacity() > kKeptScratch) {
      std::u16string().swap(utf16_);
      std::string().swap(latin1_);
    }
    ReportMemory(env);
    return strings;
  }

  // ASCII (most stanzas) is copied as Latin-1; other text is transcoded here, in one pass
  // over UTF-8 the core already validated, which costs less than V8's UTF-8 decoder, and
  // narrowed back to Latin-1 when it fits (V8 then stores one byte per character). The
  // pass also turns the string's offsets in `ops` (JS's copy of the batch) from bytes
  // into UTF-16 units: they are visited in order, and each one's byte position is a
  // character boundary (the core appends whole characters).
  Napi::Value MakeString(Napi::Env env, const BatchString& text, uint32_t* ops) {
    const auto* data = reinterpret_cast<const uint8_t*>(core_.text() + text.begin);
    const size_t length = text.end - text.begin;
    napi_value value;
    if (text.ascii) {
      NAPI_THROW_IF_FAILED(env, napi_create_string_latin1(env, reinterpret_cast<const char*>(data), length, &value),
                           Napi::Value());
      return Napi::Value(env, value);
    }
    utf16_.resize(length);  // never more units than bytes
    char16_t* const out_begin = utf16_.data();
    char16_t* out = out_begin;
    char16_t all_bits = 0;
    size_t done = 0;         // bytes transcoded
    size_t event_bytes = 0;  // where the current event starts, in bytes and in units
    uint32_t event_units = 0;
    VisitOffsets(ops, text.first_op, text.end_op, [&](uint32_t& offset, bool is_base) {
      const size_t position = is_base ? offset : event_bytes + offset;
      out = DecodeUtf8(data + done, position - done, out, &all_bits);
      done = position;
      const auto units = static_cast<uint32_t>(out - out_begin);
      if (is_base) {
        event_bytes = position;
        event_units = units;
        offset = units;
      } else {
        offset = units - event_units;
      }
    });
    out = DecodeUtf8(data + done, length - done, out, &all_bits);
    const auto units = static_cast<size_t>(out - out_begin);
    if (all_bits < 0x100) {
      latin1_.assign(out_begin, out);
      NAPI_THROW_IF_FAILED(env, napi_create_string_latin1(env, latin1_.data(), units, &value), Napi::Value());
    } else {
      NAPI_THROW_IF_FAILED(env, napi_create_string_utf16(env, out_begin, units, &value), Napi::Value());
    }
    return Napi::Value(env, value);
  }

  // Valid UTF-8 to UTF-16; returns the end of the output and ORs every unit into *all_bits
  // (< 0x100 at the end means Latin-1).
  static char16_t* DecodeUtf8(const uint8_t* in, size_t size, char16_t* out, char16_t* all_bits) {
    char16_t seen = 0;
    for (size_t i = 0; i < size;) {
      const uint8_t byte = in[i];
      char32_t cp;
      if (byte < 0x80) {
        cp = byte, i += 1;
      } else if (byte < 0xe0) {
        cp = ((byte & 0x1fu) << 6) | (in[i + 1] & 0x3fu), i += 2;
      } else if (byte < 0xf0) {
        cp = ((byte & 0x0fu) << 12) | ((in[i + 1] & 0x3fu) << 6) | (in[i + 2] & 0x3fu), i += 3;
      } else {
        cp = ((byte & 0x07u) << 18) | ((in[i + 1] & 0x3fu) << 12) | ((in[i + 2] & 0x3fu) << 6) | (in[i + 3] & 0x3fu);
        i += 4;
        cp -= 0x10000;
        *out++ = static_cast<char16_t>(0xd800 + (cp >> 10));
        cp = 0xdc00 + (cp & 0x3ff);
      }
      seen |= static_cast<char16_t>(cp);
      *out++ = static_cast<char16_t>(cp);
    }
    *all_bits |= seen;
    return out;
  }

  void GrowOps(Napi::Env env, size_t words) {
    auto buffer = Napi::ArrayBuffer::New(env, words * sizeof(uint32_t));
    ops_data_ = static_cast<uint32_t*>(buffer.Data());
    ops_capacity_ = words;
    ops_buffer_ = Napi::Persistent(buffer);
    Value().Set("ops", Napi::Uint32Array::New(env, words, buffer, 0));
  }

  // Tells the engine about the core's buffers (expat's own are not visible from here).
  void ReportMemory(Napi::Env env) {
    const int64_t retained = static_cast<int64_t>(core_.RetainedBytes());
    if (retained == reported_bytes_) return;
    Napi::MemoryManagement::AdjustExternalMemory(env, retained - reported_bytes_);
    reported_bytes_ = retained;
  }

  StreamCore core_;
  std::u16string utf16_;  // scratch buffers of MakeString
  std::string latin1_;
  Napi::Reference<Napi::ArrayBuffer> ops_buffer_;
  uint32_t* ops_data_ = nullptr;
  size_t ops_capacity_ = 0;
  int64_t reported_bytes_ = 0;
};

}  // namespace
}  // namespace foyer

static Napi::Object InitExpatStream(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeStreamParser", foyer::StreamParserWrap::Define(env));
  return exports;
}

NODE_API_MODULE(expat_stream, InitExpatStream)
