// Differential test of the UTF-8 check's two engines (see utf8_engines_agree.h) on
// generated text: runs of valid characters of every length with the edge code points of
// RFC 3629 and XML 1.0's Char among them, and a few faults (an overlong form, a surrogate,
// a code point above U+10FFFF, a stray or missing continuation byte, a control, U+FFFE,
// U+FFFF, a random byte) placed anywhere, fed in random chunks. Built and run by
// utf8-engines.test.ts natively and, cross-compiled, on AArch64 under qemu (the box's
// NEON code).
//   usage: utf8_engines_test CASES SEED
// Prints the number of cases checked and how many were invalid, or the first case the
// engines disagree on, in hex, and exits 1.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

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

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: utf8_engines_test CASES SEED\n");
    return 2;
  }
  const long cases = std::strtol(argv[1], nullptr, 10);
  Random random{std::strtoull(argv[2], nullptr, 10) | 1};
  long invalid = 0;
  for (long n = 0; n < cases; ++n) {
    std::string text;
    const uint32_t length = 1 + random.Below(n % 10 == 0 ? 4000 : 300);
    // most cases hold no fault or one, some several, so that valid blocks come before
    // and after them
    const uint32_t fault_odds = n % 3 == 0 ? 0 : 1 + random.Below(400);
    while (text.size() < length) {
      if (fault_odds != 0 && random.Below(fault_odds) == 0) AppendFault(random, text);
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
      std::printf("case %ld: the engines disagree on\n%s\nfed in chunks of", n, Hex(text).c_str());
      for (const size_t chunk : chunks) std::printf(" %zu", chunk);
      std::printf("\n");
      return 1;
    }
    foyer::Utf8Validator automaton(foyer::Utf8Validator::Engine::kAutomaton);
    if (automaton.Scan(reinterpret_cast<const uint8_t*>(text.data()), text.size()) < text.size()) ++invalid;
  }
  std::printf("%ld cases, %ld invalid, the engines agree\n", cases, invalid);
  return 0;
}
