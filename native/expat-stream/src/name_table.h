// Interned element and attribute names. XMPP streams repeat a few hundred names; sending
// each to JS once (then as an index) saves copying them into every batch, slicing them out
// in JS and re-internalizing them as property keys for every stanza.
// Bounded: at most kMaxNames names of at most kMaxNameBytes bytes; others travel inline.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
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
  // Intern() for a name whose storage usually stays put until ForgetAddresses(): expat
  // keeps each attribute name once in its DTD until the parser is reset, so the address
  // finds the id again without hashing. That is expat's internals, not its API, so a hit
  // is confirmed by comparing the bytes (strncmp stops at the name's NUL if it is shorter).
  uint32_t InternByAddress(const char* name, size_t* size) {
    AddressEntry& entry = by_address_[AddressSlot(name)];
    if (entry.name == name) {
      const std::string& known = names_[entry.id];
      if (std::strncmp(name, known.data(), known.size()) == 0 && name[known.size()] == '\0') {
        *size = known.size();
        return entry.id;
      }
    }
    const uint32_t id = Intern(name, size);
    if (id != kNotInterned) entry = {name, id};
    return id;
  }
  void ForgetAddresses() { std::fill(std::begin(by_address_), std::end(by_address_), AddressEntry{}); }
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

  struct AddressEntry {
    const char* name = nullptr;
    uint32_t id = 0;
  };
  static constexpr size_t kAddressBits = 8;
  static constexpr size_t kAddressSlots = size_t{1} << kAddressBits;  // direct-mapped: a collision costs one Intern()
  AddressEntry by_address_[kAddressSlots];

  // Expat packs names byte after byte ("id" and "from" 4 bytes apart), so every address
  // bit counts: a multiplicative (Fibonacci) hash mixes them all into the top bits.
  static size_t AddressSlot(const char* name) {
    return static_cast<size_t>((static_cast<uint64_t>(reinterpret_cast<uintptr_t>(name)) * 0x9e3779b97f4a7c15ULL) >>
                               (64 - kAddressBits));
  }
};

}  // namespace foyer
