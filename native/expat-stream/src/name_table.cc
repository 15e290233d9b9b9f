#include "name_table.h"

namespace foyer {

uint32_t NameTable::Intern(std::string_view name) {
  if (auto found = ids_.find(name); found != ids_.end()) return found->second;
  if (names_.size() >= kMaxNames || name.size() > kMaxNameBytes) return kNotInterned;
  const auto id = static_cast<uint32_t>(names_.size());
  const std::string& stored = names_.emplace_back(name);
  ids_.emplace(std::string_view(stored), id);
  added_.push_back(id);
  return id;
}

}  // namespace foyer
