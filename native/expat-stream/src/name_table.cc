#include "name_table.h"

namespace foyer {

namespace {

// FNV-1a: names are short, so a simple byte hash beats std::hash here.
uint32_t Hash(std::string_view name) {
  uint32_t hash = 2166136261u;
  for (char c : name) hash = (hash ^ static_cast<uint8_t>(c)) * 16777619u;
  return hash;
}

}  // namespace

uint32_t NameTable::Intern(std::string_view name) {
  if (name.size() > kMaxNameBytes) return kNotInterned;
  for (size_t slot = Hash(name) & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
    const uint32_t entry = slots_[slot];
    if (entry == 0) {
      if (names_.size() >= kMaxNames) return kNotInterned;
      const auto id = static_cast<uint32_t>(names_.size());
      names_.emplace_back(name);
      slots_[slot] = id + 1;
      added_.push_back(id);
      return id;
    }
    if (names_[entry - 1] == name) return entry - 1;
  }
}

}  // namespace foyer
