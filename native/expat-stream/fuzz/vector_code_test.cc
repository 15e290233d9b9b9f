// The parser's vector code (SSE2/SSSE3 here, NEON on the box) against plain references,
// on generated text: runs of valid characters of every length with the edge code points of
// RFC 3629 and XML 1.0's Char among them, and, for the UTF-8 check, a few faults (an
// overlong form, a surrogate, a code point above U+10FFFF, a stray or missing continuation
// byte, a control, U+FFFE, U+FFFF, a random byte) placed anywhere.
//  - The check's two engines must agree on text fed in random chunks (utf8_engines_agree.h).
//  - Utf16Transcoder must decode valid text as a plain decoder does, to Latin-1 when every
//    character fits, and convert the offsets of text pieces cut at random characters.
// Built and run by vector-code.test.ts natively and, cross-compiled, on AArch64 under qemu.
//   usage: vector_code_test CASES SEED
// Prints what it checked, or the first case that fails, in hex, and exits 1.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "stream_core.h"
#include "utf16_transcoder.h"
#include "utf8_engines_agree.h"

namespace {

// xorshift64*: deterministic across compilers and architectures
struct Random {
  uint64_t state;
  uint64_t Next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
  }
  uint32_t Below(uint32_t bound) { return static_cast<uint32_t>(Next() % bound); }
};

// Encodes any value up to 0x7fffffff the way UTF-8's bit pattern would, surrogates and
// values above U+10FFFF included, so that faults come out of the same function.
void Encode(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xe0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | ((code_point >> 18) & 0x0f));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  }
}

// Code points at the edges of the ranges the check tells apart.
constexpr uint32_t kEdges[] = {0x20,    0x7f,    0x80,    0x7ff,   0x800,  0xfff,   0x1000,  0xcfff,
                               0xd000,  0xd7ff,  0xe000,  0xefff,  0xf000, 0xfffd,  0x10000, 0x3ffff,
                               0x40000, 0xfffff, 0x100000, 0x10ffff, 0x9,   0xa,     0xd,     0xa0};

void AppendValid(Random& random, std::string& out) {
  switch (random.Below(8)) {
    case 0: case 1: case 2:  // ASCII, mostly printable, so that plain blocks occur
      out += static_cast<char>(random.Below(10) == 0 ? "\t\n\r"[random.Below(3)] : 0x20 + random.Below(0x60));
      return;
    case 3: Encode(0x80 + random.Below(0x800 - 0x80), out); return;
    case 4: {
      uint32_t code_point = 0x800 + random.Below(0x10000 - 0x800);
      if ((code_point >= 0xd800 && code_point < 0xe000) || code_point >= 0xfffe) code_point = 0x4e2d;
      Encode(code_point, out);
      return;
    }
    case 5: Encode(0x10000 + random.Below(0x110000 - 0x10000), out); return;
    case 6: Encode(kEdges[random.Below(sizeof kEdges / sizeof kEdges[0])], out); return;
    default: {  // an ASCII run
      const uint32_t count = random.Below(40);
      out.append(count, static_cast<char>(0x20 + random.Below(0x5f)));
      return;
    }
  }
}

void AppendFault(Random& random, std::string& out) {
  switch (random.Below(12)) {
    case 0: out += "\xc0\x80"; return;                              // overlong forms
    case 1: out += random.Below(2) ? "\xe0\x9f\xbf" : "\xf0\x8f\xbf\xbf"; return;
    case 2: Encode(0xd800 + random.Below(0x800), out); return;     // a surrogate
    case 3: Encode(0x110000 + random.Below(0x100000), out); return;  // above U+10FFFF
    case 4: out += static_cast<char>(0x80 + random.Below(0x40)); return;  // a stray continuation
    case 5: {  // a character missing its last byte
      std::string character;
      Encode(0x800 + random.Below(0x100000), character);
      out += character.substr(0, character.size() - 1);
      return;
    }
    case 6: out += static_cast<char>(random.Below(0x20)); return;  // a control, perhaps allowed
    case 7: Encode(0xfffe + random.Below(2), out); return;         // U+FFFE, U+FFFF
    case 8: out += static_cast<char>(0xf5 + random.Below(0x0b)); return;  // never valid
    case 9: out += static_cast<char>(0xc0 + random.Below(2)); out += static_cast<char>(0x80 + random.Below(0x40)); return;
    default: out += static_cast<char>(random.Below(256)); return;  // any byte
  }
}

std::string Hex(const std::string& bytes) {
  std::string out;
  char pair[4];
  for (const unsigned char byte : bytes) {
    std::snprintf(pair, sizeof pair, "%02x ", byte);
    out += pair;
  }
  return out;
}

}  // namespace

// Decodes valid UTF-8 the plain way, one character at a time, into UTF-16 units; notes in
// `unit_at` the unit index of every byte position that starts a character (and the end).
std::u16string PlainDecode(const std::string& text, std::vector<uint32_t>& unit_at) {
  std::u16string units;
  unit_at.assign(text.size() + 1, 0);
  for (size_t i = 0; i < text.size();) {
    unit_at[i] = static_cast<uint32_t>(units.size());
    const auto byte = static_cast<unsigned char>(text[i]);
    const size_t length = byte < 0x80 ? 1 : byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : 4;
    uint32_t code_point = length == 1 ? byte : byte & (0xff >> (length + 1));
    for (size_t k = 1; k < length; ++k) code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    if (code_point >= 0x10000) {
      units += static_cast<char16_t>(0xd800 + ((code_point - 0x10000) >> 10));
      units += static_cast<char16_t>(0xdc00 + (code_point & 0x3ff));
    } else {
      units += static_cast<char16_t>(code_point);
    }
    i += length;
  }
  unit_at[text.size()] = static_cast<uint32_t>(units.size());
  return units;
}

bool StartsCharacter(const std::string& text, size_t i) {
  return i == text.size() || (static_cast<unsigned char>(text[i]) & 0xc0) != 0x80;
}

// Transcodes `text` as one stanza whose element holds text pieces cut at random character
// boundaries, as the core lays them out, and compares units and converted offsets with
// PlainDecode.
bool TranscodesLikePlainDecoder(const std::string& text, Random& random) {
  std::vector<uint32_t> cuts{0};
  for (size_t i = 1; i < text.size(); ++i) {
    if (StartsCharacter(text, i) && random.Below(6) == 0) cuts.push_back(static_cast<uint32_t>(i));
  }
  cuts.push_back(static_cast<uint32_t>(text.size()));
  std::vector<uint32_t> ops{foyer::kOpStanza, 0, 0, foyer::kOpElement, 0, 0};
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    ops.insert(ops.end(), {foyer::kOpText, cuts[k], cuts[k + 1]});
  }
  ops.push_back(foyer::kOpEnd);
  // the core's text buffer has the batch's bytes; the transcoder may read up to its end
  const foyer::BatchString string{0, text.size(), 0, ops.size(), false};
  foyer::Utf16Transcoder transcoder;
  transcoder.Transcode(text.data(), string, ops.data());
  std::vector<uint32_t> unit_at;
  const std::u16string expected = PlainDecode(text, unit_at);
  if (transcoder.length() != expected.size()) return false;
  bool fits_latin1 = true;
  for (const char16_t unit : expected) fits_latin1 = fits_latin1 && unit < 0x100;
  if (transcoder.is_latin1() != fits_latin1) return false;
  for (size_t u = 0; u < expected.size(); ++u) {
    const char16_t unit = transcoder.is_latin1() ? static_cast<unsigned char>(transcoder.latin1()[u]) : transcoder.utf16()[u];
    if (unit != expected[u]) return false;
  }
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const size_t at = 6 + 3 * k;
    if (ops[at + 1] != unit_at[cuts[k]] || ops[at + 2] != unit_at[cuts[k + 1]]) return false;
  }
  return ops[2] == 0;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: vector_code_test CASES SEED\n");
    return 2;
  }
  const long cases = std::strtol(argv[1], nullptr, 10);
  Random random{std::strtoull(argv[2], nullptr, 10) | 1};
  long invalid = 0;
  long transcoded = 0;
  for (long n = 0; n < cases; ++n) {
    std::string text;
    const uint32_t length = 1 + random.Below(n % 10 == 0 ? 4000 : 300);
    // a third of the cases hold no fault (and are transcoded too); the others one or
    // several, so that valid blocks come before and after them
    const uint32_t fault_odds = n % 3 == 0 ? 0 : 1 + random.Below(400);
    // some texts only with characters below U+0100, the transcoder's Latin-1 path
    const bool latin1 = fault_odds == 0 && random.Below(4) == 0;
    while (text.size() < length) {
      if (fault_odds != 0 && random.Below(fault_odds) == 0) AppendFault(random, text);
      else if (latin1) Encode(random.Below(3) == 0 ? 0x80 + random.Below(0x80) : 0x20 + random.Below(0x60), text);
      else AppendValid(random, text);
    }
    const uint32_t max_chunk = 1 + random.Below(random.Below(4) == 0 ? 8 : 200);
    std::vector<size_t> chunks;
    const bool agree = Utf8EnginesAgree(reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                        [&](size_t remaining) {
                                          const size_t chunk = 1 + random.Below(max_chunk);
                                          chunks.push_back(chunk < remaining ? chunk : remaining);
                                          return chunks.back();
                                        });
    if (!agree) {
      std::printf("case %ld: the UTF-8 check's engines disagree on\n%s\nfed in chunks of", n, Hex(text).c_str());
      for (const size_t chunk : chunks) std::printf(" %zu", chunk);
      std::printf("\n");
      return 1;
    }
    foyer::Utf8Validator automaton(foyer::Utf8Validator::Engine::kAutomaton);
    if (automaton.Scan(reinterpret_cast<const uint8_t*>(text.data()), text.size()) < text.size() ||
        automaton.InsideSequence()) {
      ++invalid;
      continue;
    }
    ++transcoded;
    if (!TranscodesLikePlainDecoder(text, random)) {
      std::printf("case %ld: Utf16Transcoder differs from the plain decoder on\n%s\n", n, Hex(text).c_str());
      return 1;
    }
  }
  std::printf("%ld cases, %ld invalid, the check's engines agree; %ld transcoded as the plain decoder does\n", cases,
              invalid, transcoded);
  return 0;
}
