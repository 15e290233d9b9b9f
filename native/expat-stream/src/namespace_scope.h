// Namespace well-formedness over names as written (expat runs without namespace
// processing so that names and xmlns attributes reach JS verbatim, as ltx has them).
// Same rules, same order as ../namespaces.ts.
// References: Namespaces in XML 1.0 §3, §5; RFC 6120 §4.8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "error_kind.h"

namespace foyer {

class NamespaceScope {
 public:
  // Opens an element's scope. `attrs` is expat's null-terminated name/value array.
  std::optional<ErrorKind> Open(const char* name, const char** attrs);
  void Close();
  void Clear();

 private:
  std::optional<ErrorKind> CheckQName(const char* name, bool is_attribute) const;
  bool IsBound(const char* prefix, size_t length) const;

  std::vector<std::string> prefixes_;  // bound prefixes, innermost last
  std::vector<size_t> marks_;          // prefixes_.size() when each open element began
};

// RFC 6120 §4.8.1: the root must be <stream> qualified by the streams namespace.
bool IsStreamRoot(const char* name, const char** attrs);

}  // namespace foyer
