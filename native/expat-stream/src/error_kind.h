// Error kinds reported by the core. The numbers index the table in ../errors.ts, which
// turns them into an RFC 6120 condition and a stable E_XML_* code: keep both in order.
#pragma once

#include <cstdint>

namespace foyer {

enum class ErrorKind : uint32_t {
  NotWellFormed = 0,
  Restricted = 1,
  TooBig = 2,
  TooDeep = 3,
  UnsupportedEncoding = 4,
  InvalidUtf8 = 5,
  InvalidChar = 6,
  UnboundPrefix = 7,
  BadNamespaceDecl = 8,
  MismatchedTag = 9,
  InvalidNamespace = 10,
  StreamText = 11,
  Truncated = 12,
  NoMemory = 13,
};

}  // namespace foyer
