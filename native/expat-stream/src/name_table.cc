#include "name_table.h"

#include <cstring>

namespace foyer {

uint32_t NameTable::Intern(const char* name, size_t* size) {
  // One pass measures the name and hashes it (FNV-1a: names are short, a byte hash does).
  uint32_t hash = 2166136261u;
  size_t length = 0;
  for (; name[length] && length < kMaxNameBytes; ++length) {
    hash = (hash ^ static_cast<uint8_t>(name[length])) * 16777619u;
  }
  if (name[length]) {
    *size = length + std::strlen(name + length);
    return kNotInterned;
  }
  *size = length;
  const std::string_view view(name, length);
  for (size_t slot = hash & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
    const uint32_t entry = slots_[slot];
    if (entry == 0) {
      if (names_.size() >= kMaxNames) return kNotInterned;
      const auto id = static_cast<uint32_t>(names_.size());
      names_.emplace_back(view);
      slots_[slot] = id + 1;
      added_.push_back(id);
      return id;
    }
    if (names_[entry - 1] == view) return entry - 1;
  }
}

}  // namespace foyer
