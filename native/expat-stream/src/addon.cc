// N-API binding of StreamCore: one JS object per parser (ObjectWrap), one crossing per
// write()/end(), returning that call's batch of completed events (see stream_core.h for
// the layout). Ownership: the input chunk is borrowed for the call only; the strings and
// the ops array JS receives are JS-owned; nothing here keeps a pointer into JS memory
// beyond a call except `ops_data_`, which points into an ArrayBuffer this object holds a
// strong reference to and never detaches.
#include <napi.h>

#include <algorithm>
#include <cstring>

#include "stream_core.h"

namespace foyer {
namespace {

constexpr size_t kInitialOpsWords = 4096;

class StreamParserWrap : public Napi::ObjectWrap<StreamParserWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NativeStreamParser",
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

  // The batch as JS sees it: the returned array holds the event strings, and this.ops
  // (a Uint32Array, replaced when it grows) holds the op count in [0], then the ops.
  Napi::Value TakeBatch(Napi::Env env) {
    if (!core_.HasBatch()) {
      ReportMemory(env);
      return env.Undefined();
    }
    const size_t words = core_.ops_size();
    if (words + 1 > ops_capacity_) GrowOps(env, std::max(words + 1, ops_capacity_ * 2));
    ops_data_[0] = static_cast<uint32_t>(words);
    std::memcpy(ops_data_ + 1, core_.ops(), words * sizeof(uint32_t));
    const auto& texts = core_.event_texts();
    Napi::Array strings = Napi::Array::New(env, texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      strings[static_cast<uint32_t>(i)] = Napi::String::New(env, core_.text() + texts[i].begin, texts[i].end - texts[i].begin);
    }
    core_.ConsumeBatch();
    ReportMemory(env);
    return strings;
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
