#include "namespace_scope.h"

#include <cstring>

namespace foyer {

namespace {

constexpr const char* kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
constexpr const char* kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";
constexpr const char* kStreamNamespace = "http://etherx.jabber.org/streams";

bool StartsWithXmlnsColon(const char* name) { return std::strncmp(name, "xmlns:", 6) == 0; }

}  // namespace

std::optional<ErrorKind> NamespaceScope::Open(const char* name, const char** attrs) {
  marks_.push_back(prefixes_.size());
  // One pass binds the declared prefixes and notes whether any other attribute is prefixed:
  // most stanza attributes are neither, and then need no second look.
  bool has_prefixed_attribute = false;
  for (const char** attr = attrs; *attr; attr += 2) {
    const char* key = attr[0];
    if (key[0] == 'x' && std::strncmp(key, "xmlns", 5) == 0) {
      if (key[5] == '\0') continue;  // default namespace declaration
      if (key[5] == ':') {
        const char* prefix = key + 6;
        const char* uri = attr[1];
        const bool is_xml_prefix = std::strcmp(prefix, "xml") == 0;
        if (*prefix == '\0' || std::strchr(prefix, ':') || std::strcmp(prefix, "xmlns") == 0 || *uri == '\0' ||
            is_xml_prefix != (std::strcmp(uri, kXmlNamespace) == 0) || std::strcmp(uri, kXmlnsNamespace) == 0) {
          return ErrorKind::BadNamespaceDecl;
        }
        prefixes_.emplace_back(prefix);
        continue;
      }
    }
    if (std::strchr(key, ':')) has_prefixed_attribute = true;
  }
  if (auto error = CheckQName(name, false)) return error;
  if (!has_prefixed_attribute) return std::nullopt;
  for (const char** attr = attrs; *attr; attr += 2) {
    if (std::strcmp(attr[0], "xmlns") == 0 || StartsWithXmlnsColon(attr[0])) continue;
    if (auto error = CheckQName(attr[0], true)) return error;
  }
  return std::nullopt;
}

void NamespaceScope::Close() {
  if (marks_.empty()) return;
  prefixes_.resize(marks_.back());
  marks_.pop_back();
}

void NamespaceScope::Clear() {
  prefixes_.clear();
  marks_.clear();
}

std::optional<ErrorKind> NamespaceScope::CheckQName(const char* name, bool is_attribute) const {
  const char* colon = std::strchr(name, ':');
  if (!colon) return std::nullopt;
  const size_t prefix_length = static_cast<size_t>(colon - name);
  if (prefix_length == 0 || colon[1] == '\0' || std::strchr(colon + 1, ':')) return ErrorKind::BadNamespaceDecl;
  if (prefix_length == 3 && std::strncmp(name, "xml", 3) == 0) return std::nullopt;
  if (prefix_length == 5 && std::strncmp(name, "xmlns", 5) == 0) {
    return is_attribute ? std::nullopt : std::optional<ErrorKind>(ErrorKind::BadNamespaceDecl);
  }
  return IsBound(name, prefix_length) ? std::nullopt : std::optional<ErrorKind>(ErrorKind::UnboundPrefix);
}

bool NamespaceScope::IsBound(const char* prefix, size_t length) const {
  for (auto it = prefixes_.rbegin(); it != prefixes_.rend(); ++it) {
    if (it->size() == length && std::memcmp(it->data(), prefix, length) == 0) return true;
  }
  return false;
}

bool IsStreamRoot(const char* name, const char** attrs) {
  const char* colon = std::strchr(name, ':');
  const char* local = colon ? colon + 1 : name;
  if (std::strcmp(local, "stream") != 0) return false;
  for (const char** attr = attrs; *attr; attr += 2) {
    const char* key = attr[0];
    const bool declares = colon ? StartsWithXmlnsColon(key) &&
                                      std::strlen(key + 6) == static_cast<size_t>(colon - name) &&
                                      std::strncmp(key + 6, name, static_cast<size_t>(colon - name)) == 0
                                : std::strcmp(key, "xmlns") == 0;
    if (declares) return std::strcmp(attr[1], kStreamNamespace) == 0;
  }
  return false;
}

}  // namespace foyer
