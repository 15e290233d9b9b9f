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
#include <vector>

#include "stream_core.h"
#include "utf16_transcoder.h"

namespace foyer {
namespace {

constexpr size_t kInitialOpsWords = 4096;
constexpr size_t kHeaderWords = 2;
// Scratch capacity kept between calls (a large stanza's is given back).
constexpr size_t kKeptScratch = 64 * 1024;
// Strings passed as arguments in one call (see StringArray).
constexpr size_t kMaxCollectArguments = 4096;

class StreamParserWrap : public Napi::ObjectWrap<StreamParserWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(
        env, "NativeStreamParser",
        {InstanceMethod<&StreamParserWrap::Write>("write"), InstanceMethod<&StreamParserWrap::End>("end"),
         InstanceMethod<&StreamParserWrap::Reset>("reset")});
  }

  // new NativeStreamParser(maxStanzaBytes, maxDepth, fragment, collectStrings); the JS
  // wrapper validated them. collectStrings(...strings) returns its arguments as an array.
  explicit StreamParserWrap(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<StreamParserWrap>(info), core_(LimitsFrom(info)) {
    collect_strings_ = Napi::Persistent(info[3].As<Napi::Function>());
    GrowOps(info.Env(), kInitialOpsWords);
    ReportMemory(info.Env());
  }

  void Finalize(Napi::Env env) override {
    Napi::MemoryManagement::AdjustExternalMemory(env, -reported_bytes_);
    reported_bytes_ = 0;
  }

 private:
  static CoreLimits LimitsFrom(const Napi::CallbackInfo& info) {
    if (info.Length() < 4 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsBoolean() ||
        !info[3].IsFunction()) {
      throw Napi::TypeError::New(info.Env(), "NativeStreamParser(maxStanzaBytes, maxDepth, fragment, collectStrings)");
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
    strings_.clear();
    for (const BatchString& text : texts) strings_.push_back(MakeString(env, text, ops_data_ + kHeaderWords));
    for (uint32_t id : added) strings_.push_back(Napi::String::New(env, core_.names().name(id)));
    core_.ConsumeBatch();
    transcoder_.ShrinkTo(kKeptScratch / sizeof(char16_t));
    ReportMemory(env);
    return StringArray(env);
  }

  // The batch's strings as one JS array. N-API has no call that makes an array of given
  // values, and napi_set_element costs ~1000 instructions a string; a JS function with a
  // rest parameter makes it in one call. A batch with more strings than a call should take
  // on the stack (a write of megabytes of tiny stanzas) gets the rest one by one.
  Napi::Value StringArray(Napi::Env env) {
    const size_t in_call = std::min(strings_.size(), kMaxCollectArguments);
    napi_value array;
    NAPI_THROW_IF_FAILED(env,
                         napi_call_function(env, env.Undefined(), collect_strings_.Value(), in_call, strings_.data(), &array),
                         Napi::Value());
    for (size_t i = in_call; i < strings_.size(); ++i) {
      NAPI_THROW_IF_FAILED(env, napi_set_element(env, array, static_cast<uint32_t>(i), strings_[i]), Napi::Value());
    }
    strings_.clear();
    if (strings_.capacity() > kMaxCollectArguments) strings_.shrink_to_fit();
    return Napi::Value(env, array);
  }

  // ASCII (most stanzas) is copied as Latin-1; other text is transcoded to UTF-16 here
  // (Utf16Transcoder, which also converts the string's offsets in `ops`, JS's copy of the
  // batch, to UTF-16 units), over UTF-8 the core already validated, which costs less than
  // V8's UTF-8 decoder.
  Napi::Value MakeString(Napi::Env env, const BatchString& text, uint32_t* ops) {
    napi_value value;
    if (text.ascii) {
      NAPI_THROW_IF_FAILED(env, napi_create_string_latin1(env, core_.text() + text.begin, text.end - text.begin, &value),
                           Napi::Value());
    } else {
      transcoder_.Transcode(core_.text(), text, ops);
      if (transcoder_.is_latin1()) {
        NAPI_THROW_IF_FAILED(env, napi_create_string_latin1(env, transcoder_.latin1(), transcoder_.length(), &value),
                             Napi::Value());
      } else {
        NAPI_THROW_IF_FAILED(env, napi_create_string_utf16(env, transcoder_.utf16(), transcoder_.length(), &value),
                             Napi::Value());
      }
    }
    return Napi::Value(env, value);
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
  Utf16Transcoder transcoder_;
  Napi::FunctionReference collect_strings_;
  std::vector<napi_value> strings_;  // the batch's, while it is handed over
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
