// Interned element and attribute names. XMPP streams repeat a few hundred names; sending
// each to JS once (then as an index) saves copying them into every batch, slicing them out
// in JS and re-internalizing them as property keys for every stanza.
// Bounded: at most kMaxNames names of at most kMaxNameBytes bytes; others travel inline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace foyer {

class NameTable {
 public:
  static constexpr uint32_t kNotInterned = 0xffffffffu;
  static constexpr size_t kMaxNames = 1024;
  static constexpr size_t kMaxNameBytes = 40;

  // The index of the NUL-terminated `name`, adding it when new; kNotInterned when it does
  // not fit. Sets *size to the name's length either way.
  uint32_t Intern(const char* name, size_t* size);
  // Names added since the last ClearAdded(), which the next batch must carry to JS.
  const std::vector<uint32_t>& added() const { return added_; }
  const std::string& name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }
  void ClearAdded() { added_.clear(); }

 private:
  static constexpr size_t kSlots = 2 * kMaxNames;  // open addressing, at most half full

  std::deque<std::string> names_;
  uint32_t slots_[kSlots] = {};  // id + 1 of the name hashed there, 0 when free
  std::vector<uint32_t> added_;
};

}  // namespace foyer
