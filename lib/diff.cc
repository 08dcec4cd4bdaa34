// File: lib/diff.cc
// DiffChannelFiles: the change summary of a release against the last shipped
// one and its release diagnostics (CG800-CG804), by id and by name.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "contentgate/channel_file.h"
#include "contentgate/release.h"
#include "json_reader.h"

namespace contentgate {
namespace {

using internal::V;

// Field i of a NEW template type and its OLD counterpart, matched by name.
struct TypeMatch {
  int old_type = -1;             // OLD schema index, -1 when OLD lacks the type
  std::vector<int> old_field;    // per NEW field: OLD field index or -1
  std::vector<int> only_in_old;  // OLD fields the NEW type lacks
};

TypeMatch MatchTypes(const TemplateType& new_type, const TemplateType* old_type, int old_index) {
  TypeMatch match;
  match.old_field.assign(new_type.fields.size(), -1);
  if (old_type == nullptr) return match;
  match.old_type = old_index;
  absl::flat_hash_map<std::string_view, int> by_name;
  for (size_t f = 0; f < old_type->fields.size(); ++f) {
    by_name.emplace(old_type->fields[f].name, static_cast<int>(f));
  }
  std::vector<bool> seen(old_type->fields.size(), false);
  for (size_t f = 0; f < new_type.fields.size(); ++f) {
    const auto it = by_name.find(std::string_view(new_type.fields[f].name));
    if (it == by_name.end()) continue;
    match.old_field[f] = it->second;
    seen[static_cast<size_t>(it->second)] = true;
  }
  for (size_t f = 0; f < seen.size(); ++f) {
    if (!seen[f]) match.only_in_old.push_back(static_cast<int>(f));
  }
  return match;
}

// Equal by value: operator, NOCASE and operands (string bytes for string
// operators, never their pool offsets).
bool SameCriterion(const CriterionView& a, const CriterionView& b) {
  if (a.op() != b.op() || a.nocase() != b.nocase()) return false;
  if (IsStringOp(a.op())) return a.text() == b.text();
  return a.arg0() == b.arg0() && a.arg1() == b.arg1();
}

class Differ {
 public:
  Differ(const ChannelFileView& old_view, const ChannelFileView& new_view,
         const DiffOptions& options, Report* report)
      : old_(old_view),
        new_(new_view),
        options_(options),
        old_schema_(*options.old_schema),
        new_schema_(*options.new_schema),
        report_(report) {}

  DiffSummary Run() {
    summary_.old_channel = old_.channel_id();
    summary_.old_version = old_.content_version();
    summary_.new_channel = new_.channel_id();
    summary_.new_version = new_.content_version();
    PrepareSchemas();
    CheckHeader();
    CollectOldUse();
    Walk();
    ReportFirstUses();
    return std::move(summary_);
  }

 private:
  struct FieldCandidate {
    uint32_t type;  // NEW schema index
    uint32_t field;
    uint32_t k;  // NEW table index
  };

  void PrepareSchemas() {
    const auto new_types = new_schema_.template_types();
    matches_.reserve(new_types.size());
    for (const TemplateType& type : new_types) {
      const int o = old_schema_.FindTemplateTypeByName(type.name);
      matches_.push_back(MatchTypes(
          type, o < 0 ? nullptr : &old_schema_.template_types()[static_cast<size_t>(o)], o));
    }
    if (options_.target_sensors.has_value()) {
      targets_ = *options_.target_sensors;
    } else {
      for (uint32_t s = 0; s < new_schema_.sensors().size(); ++s) targets_.push_back(s);
    }
    std::vector<std::string> versions;
    for (uint32_t s : targets_) versions.push_back(new_schema_.sensors()[s].version);
    sensor_list_ = versions.empty()       ? std::string("no target sensor")
                   : versions.size() == 1 ? "target sensor " + versions[0]
                                          : "target sensors " + absl::StrJoin(versions, ", ");
  }

  void AddHeader(Code code, size_t offset, const SourceLocations::Position& at, const char* pointer,
                 const std::string& message) {
    Diagnostic* d = report_->Add(code);
    if (d == nullptr) return;
    d->set_message(message);
    if (options_.new_source != nullptr) {
      d->set_pointer(pointer);
      d->set_line_column(at.line, at.column);
    } else {
      d->set_offset(offset);
    }
  }

  void CheckHeader() {
    const SourceLocations::Position none;
    const SourceLocations* src = options_.new_source;
    if (summary_.new_channel != summary_.old_channel) {
      AddHeader(Code::kDiffChannelChanged, CG_HEADER_CHANNEL_ID, src ? src->channel : none,
                "/channel",
                absl::StrCat("channel ", summary_.new_channel, " differs from the old release's ",
                             summary_.old_channel));
    }
    if (summary_.new_version <= summary_.old_version) {
      AddHeader(Code::kDiffVersionNotNewer, CG_HEADER_CONTENT_VERSION,
                src ? src->content_version : none, "/content_version",
                absl::StrCat("content_version ", summary_.new_version, " is not greater than the ",
                             "old release's ", summary_.old_version,
                             summary_.new_version == summary_.old_version ? " (a repeat)"
                                                                          : " (a rollback)"));
    }
  }

  // Which OLD template types and (type, field) pairs an enabled instance of
  // OLD uses.
  void CollectOldUse() {
    const auto old_types = old_schema_.template_types();
    old_type_used_.assign(old_types.size(), false);
    old_field_offset_.resize(old_types.size() + 1);
    size_t total = 0;
    for (size_t t = 0; t < old_types.size(); ++t) {
      old_field_offset_[t] = total;
      total += old_types[t].fields.size();
    }
    old_field_offset_[old_types.size()] = total;
    old_field_used_.assign(total, false);
    for (uint32_t k = 0; k < old_.instance_count(); ++k) {
      const InstanceView instance = old_.instance(k);
      if (instance.disabled()) continue;
      const int t = old_schema_.FindTemplateTypeById(instance.template_type_id());
      if (t < 0) continue;
      old_type_used_[static_cast<size_t>(t)] = true;
      const size_t base = old_field_offset_[static_cast<size_t>(t)];
      for (uint32_t f = 0; f < instance.criterion_count(); ++f) {
        ++summary_.operations;
        if (instance.criterion(f).op() != Op::kAny) old_field_used_[base + f] = true;
      }
    }
  }

  void Walk() {
    const uint32_t n_old = old_.instance_count();
    const uint32_t n_new = new_.instance_count();
    const auto new_types = new_schema_.template_types();
    size_t field_total = 0;
    new_field_offset_.resize(new_types.size() + 1);
    for (size_t t = 0; t < new_types.size(); ++t) {
      new_field_offset_[t] = field_total;
      field_total += new_types[t].fields.size();
    }
    field_flagged_.assign(field_total, false);
    type_flagged_.assign(new_types.size(), false);
    uint32_t i = 0;
    uint32_t j = 0;
    while (i < n_old || j < n_new) {
      ++summary_.operations;
      const uint32_t old_id = i < n_old ? old_.instance(i).id() : 0;
      const uint32_t new_id = j < n_new ? new_.instance(j).id() : 0;
      if (j >= n_new || (i < n_old && old_id < new_id)) {
        Removed(i++);
      } else if (i >= n_old || new_id < old_id) {
        Added(j++);
      } else {
        Both(i++, j++);
      }
    }
  }

  const TemplateType& NewType(uint32_t k, uint32_t* index) const {
    const int t = new_schema_.FindTemplateTypeById(new_.instance(k).template_type_id());
    *index = static_cast<uint32_t>(t);
    return new_schema_.template_types()[static_cast<size_t>(t)];
  }
  const TemplateType& OldType(uint32_t k, int* index) const {
    *index = old_schema_.FindTemplateTypeById(old_.instance(k).template_type_id());
    return old_schema_.template_types()[static_cast<size_t>(*index)];
  }

  void Removed(uint32_t i) {
    ++summary_.removed;
    int t = 0;
    const TemplateType& type = OldType(i, &t);
    InstanceChange change{old_.instance(i).id(), ChangeKind::kRemoved, type.name, {}};
    const InstanceView instance = old_.instance(i);
    for (uint32_t f = 0; f < instance.criterion_count(); ++f) {
      ++summary_.operations;
      if (instance.criterion(f).op() != Op::kAny) change.fields.push_back(type.fields[f].name);
    }
    summary_.changes.push_back(std::move(change));
  }

  void Added(uint32_t j) {
    ++summary_.added;
    uint32_t t = 0;
    const TemplateType& type = NewType(j, &t);
    const InstanceView instance = new_.instance(j);
    InstanceChange change{instance.id(), ChangeKind::kAdded, type.name, {}};
    for (uint32_t f = 0; f < instance.criterion_count(); ++f) {
      ++summary_.operations;
      if (instance.criterion(f).op() != Op::kAny) change.fields.push_back(type.fields[f].name);
    }
    summary_.changes.push_back(std::move(change));
    if (!instance.disabled()) NoteUses(j, t);
  }

  void Both(uint32_t i, uint32_t j) {
    const InstanceView before = old_.instance(i);
    const InstanceView after = new_.instance(j);
    int old_t = 0;
    uint32_t new_t = 0;
    const TemplateType& old_type = OldType(i, &old_t);
    const TemplateType& new_type = NewType(j, &new_t);
    InstanceChange change{after.id(), ChangeKind::kChanged, new_type.name, {}};
    const bool same_type = old_type.name == new_type.name;
    if (!same_type) {
      Diagnostic* d = report_->Add(Code::kDiffTypeChanged);
      if (d != nullptr) {
        d->set_message(absl::StrCat("instance ", after.id(), " is of template type '",
                                    new_type.name, "', but of '", old_type.name,
                                    "' in the old release"));
        SetInstanceLocation(new_, options_.new_source, j, -1, "", d);
      }
    }
    TypeMatch other;
    const TypeMatch* match = &matches_[new_t];
    if (!same_type) {
      other = MatchTypes(new_type, &old_type, old_t);
      match = &other;
    }
    for (uint32_t f = 0; f < after.criterion_count(); ++f) {
      ++summary_.operations;
      const CriterionView c = after.criterion(f);
      const int o = match->old_field[f];
      const bool differs = o < 0 ? c.op() != Op::kAny
                                 : !SameCriterion(c, before.criterion(static_cast<uint32_t>(o)));
      if (differs) change.fields.push_back(new_type.fields[f].name);
    }
    for (int o : match->only_in_old) {
      ++summary_.operations;
      if (before.criterion(static_cast<uint32_t>(o)).op() != Op::kAny) {
        change.fields.push_back(old_type.fields[static_cast<size_t>(o)].name);
      }
    }
    const bool flipped = before.disabled() != after.disabled();
    if (!same_type || flipped || !change.fields.empty()) {
      ++summary_.changed;
      if (flipped) {
        change.change = after.disabled() ? ChangeKind::kDisabled : ChangeKind::kEnabled;
        ++(after.disabled() ? summary_.disabled : summary_.enabled);
      }
      summary_.changes.push_back(std::move(change));
      if (!after.disabled()) NoteUses(j, new_t);
    } else {
      ++summary_.unchanged;
    }
  }

  // Notes the first uses an added, changed or enabled instance of NEW makes.
  void NoteUses(uint32_t k, uint32_t t) {
    const TypeMatch& match = matches_[t];
    const bool type_used =
        match.old_type >= 0 && old_type_used_[static_cast<size_t>(match.old_type)];
    if (!type_used && !type_flagged_[t]) {
      type_flagged_[t] = true;
      type_candidates_.push_back({t, 0, k});
    }
    const InstanceView instance = new_.instance(k);
    const size_t base = new_field_offset_[t];
    for (uint32_t f = 0; f < instance.criterion_count(); ++f) {
      ++summary_.operations;
      if (instance.criterion(f).op() == Op::kAny || field_flagged_[base + f]) continue;
      const int o = match.old_field[f];
      const bool used =
          o >= 0 && old_field_used_[old_field_offset_[static_cast<size_t>(match.old_type)] +
                                    static_cast<size_t>(o)];
      if (used) continue;
      field_flagged_[base + f] = true;
      field_candidates_.push_back({t, f, k});
    }
  }

  bool FieldCovered(uint32_t t, uint32_t f) const {
    if (options_.coverage == nullptr) return false;
    for (const FieldCoverage& c : options_.coverage->fields) {
      if (c.type_index == t && c.field_index == f) {
        return c.uncovered.empty() && !c.covered.empty();
      }
    }
    return false;
  }

  bool TypeCovered(uint32_t t) const {
    if (options_.coverage == nullptr) return false;
    const ContentTestSummary& coverage = *options_.coverage;
    const size_t sensors = new_schema_.sensors().size();
    bool any_sensor = false;
    for (uint32_t s : targets_) {
      if (new_schema_.sensors()[s].InputsFor(t) == Sensor::kNoInputs) continue;
      any_sensor = true;
      bool passed = false;
      for (uint32_t k = 0; k < new_.instance_count() && !passed; ++k) {
        const size_t at = size_t{k} * sensors + s;
        passed = static_cast<uint32_t>(
                     new_schema_.FindTemplateTypeById(new_.instance(k).template_type_id())) == t &&
                 at < coverage.match_passed.size() && coverage.match_passed[at];
      }
      if (!passed) return false;
    }
    return any_sensor;
  }

  // Appending in table order: candidates were noted in ascending id order,
  // which is table order.
  void ReportFirstUses() {
    for (const FieldCandidate& c : field_candidates_) {
      const TemplateType& type = new_schema_.template_types()[c.type];
      const std::string& field = type.fields[c.field].name;
      const uint32_t id = new_.instance(c.k).id();
      const bool covered = FieldCovered(c.type, c.field);
      summary_.first_use.push_back(FirstUse{type.name, field, id, covered});
      if (covered) continue;
      Diagnostic* d = report_->Add(Code::kDiffFirstFieldUse);
      if (d == nullptr) continue;
      d->set_message(absl::StrCat("first non-wildcard use of field '", V(type.name), ".", V(field),
                                  "' (instance ", id,
                                  "): no enabled instance of the old release constrains it; ",
                                  sensor_list_, " will read it for the first time"));
      SetInstanceLocation(new_, options_.new_source, c.k, static_cast<int>(c.field), field, d);
    }
    for (const FieldCandidate& c : type_candidates_) {
      const TemplateType& type = new_schema_.template_types()[c.type];
      const uint32_t id = new_.instance(c.k).id();
      const bool covered = TypeCovered(c.type);
      summary_.first_use.push_back(FirstUse{type.name, std::nullopt, id, covered});
      if (covered) continue;
      Diagnostic* d = report_->Add(Code::kDiffFirstTypeUse);
      if (d == nullptr) continue;
      d->set_message(absl::StrCat("first use of template type '", V(type.name), "' (instance ", id,
                                  "): no enabled instance of the old release has it; ",
                                  sensor_list_, " will evaluate it for the first time"));
      SetInstanceLocation(new_, options_.new_source, c.k, -1, "", d);
    }
  }

  const ChannelFileView& old_;
  const ChannelFileView& new_;
  const DiffOptions& options_;
  const Schema& old_schema_;
  const Schema& new_schema_;
  Report* report_;
  DiffSummary summary_;
  std::vector<TypeMatch> matches_;  // per NEW template type
  std::vector<uint32_t> targets_;
  std::string sensor_list_;
  std::vector<bool> old_type_used_;
  std::vector<size_t> old_field_offset_;
  std::vector<bool> old_field_used_;
  std::vector<size_t> new_field_offset_;
  std::vector<bool> field_flagged_;
  std::vector<bool> type_flagged_;
  std::vector<FieldCandidate> field_candidates_;
  std::vector<FieldCandidate> type_candidates_;
};

}  // namespace

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
    case ChangeKind::kEnabled:
      return "enabled";
    case ChangeKind::kDisabled:
      return "disabled";
  }
  return "changed";
}

DiffSummary DiffChannelFiles(const ChannelFileView& old_view, const ChannelFileView& new_view,
                             const DiffOptions& options, Report* report) {
  return Differ(old_view, new_view, options, report).Run();
}

}  // namespace contentgate
