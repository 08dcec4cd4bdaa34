// File: tests/diff_test.cc
// DiffChannelFiles: CG800-CG804 with their locations, the change summary,
// a property test over random writer-built releases, and its cost.

#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "contentgate/channel_view.h"
#include "contentgate/release.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::AnyInstance;
using test::BaseContent;
using test::Encode;
using test::ExampleSchema;
using test::IntCriterion;
using test::StringCriterion;

ValidateOptions NoTargets() {
  ValidateOptions options;
  options.target_sensors = std::vector<uint32_t>{};
  return options;
}

ChannelFileView Open(const std::string& file, const Schema& schema) {
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(AsBytes(file), schema, NoTargets());
  EXPECT_TRUE(view.ok()) << view.status();
  return *view;
}

struct Diffed {
  DiffSummary summary;
  Report report;
};

Diffed Diff(const Content& old_content, const Content& new_content,
            const Schema& old_schema = ExampleSchema()) {
  const std::string old_file = Encode(old_content);
  const std::string new_file = Encode(new_content);
  DiffOptions options;
  options.old_schema = &old_schema;
  options.new_schema = &ExampleSchema();
  Diffed out;
  out.summary = DiffChannelFiles(Open(old_file, old_schema), Open(new_file, ExampleSchema()),
                                 options, &out.report);
  return out;
}

std::vector<Code> Codes(const Report& report) {
  std::vector<Code> codes;
  for (const Diagnostic& d : report.diagnostics()) codes.push_back(d.code());
  return codes;
}

TEST(DiffTest, IdenticalContentIsUnchangedAndOnlyCG801AtOffset12) {
  const Diffed d = Diff(BaseContent(), BaseContent());
  ASSERT_EQ(Codes(d.report), std::vector<Code>{Code::kDiffVersionNotNewer});
  EXPECT_EQ(d.report.diagnostics()[0].offset(), 12u);
  EXPECT_EQ(d.summary.unchanged, 2u);
  EXPECT_TRUE(d.summary.changes.empty());
}

TEST(DiffTest, RollbackIsCG801) {
  Content old_content = BaseContent();
  old_content.content_version = 9;
  const Diffed d = Diff(old_content, BaseContent());
  ASSERT_EQ(Codes(d.report), std::vector<Code>{Code::kDiffVersionNotNewer});
  EXPECT_EQ(d.report.diagnostics()[0].offset(), 12u);
}

TEST(DiffTest, OtherChannelIsCG800AtOffset8) {
  std::string text = test::ReadFile(test::SourcePath("schemas/channel-291.schema.json"));
  const size_t at = text.find("\"id\": 291");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 9, "\"id\": 292");
  absl::StatusOr<Schema> other = Schema::FromJson(text);
  ASSERT_TRUE(other.ok()) << other.status();
  Content old_content = BaseContent();
  old_content.channel_id = 292;
  old_content.content_version = 1;
  const Diffed d = Diff(old_content, BaseContent(), *other);
  ASSERT_EQ(Codes(d.report), std::vector<Code>{Code::kDiffChannelChanged});
  EXPECT_EQ(d.report.diagnostics()[0].offset(), 8u);
}

TEST(DiffTest, TypeChangeIsCG802AtNewInstance) {
  Content old_content = BaseContent();
  old_content.content_version = 1;
  Content new_content = BaseContent();
  new_content.instances[1] = AnyInstance(ExampleSchema(), 2, 1);  // was ipc_pipe_connect
  const Diffed d = Diff(old_content, new_content);
  ASSERT_EQ(Codes(d.report), std::vector<Code>{Code::kDiffTypeChanged});
  const Diagnostic& diag = d.report.diagnostics()[0];
  EXPECT_EQ(diag.instance(), 1u);
  EXPECT_EQ(diag.instance_id(), 2u);
  EXPECT_EQ(diag.offset(), 64u + 16u);
  EXPECT_EQ(d.summary.changed, 1u);
}

TEST(DiffTest, FirstFieldUseIsCG803AtTheCriterion) {
  Content old_content = BaseContent();
  old_content.content_version = 1;
  Content new_content = BaseContent();
  Instance added = AnyInstance(ExampleSchema(), 13, 1);
  added.criteria[0] = StringCriterion(Op::kPrefix, "\\\\.\\pipe\\x");  // used by OLD
  added.criteria[20] = StringCriterion(Op::kSuffix, "rundll32.exe", true);
  new_content.instances.push_back(added);
  const std::string new_file = Encode(new_content);
  const Diffed d = Diff(old_content, new_content);
  ASSERT_EQ(Codes(d.report), std::vector<Code>{Code::kDiffFirstFieldUse});
  const Diagnostic& diag = d.report.diagnostics()[0];
  EXPECT_EQ(diag.instance(), 2u);
  EXPECT_EQ(diag.instance_id(), 13u);
  EXPECT_EQ(diag.criterion(), 20u);
  EXPECT_EQ(diag.field(), "client_parent_image_path");
  // Instance 13's criteria follow the 21 + 4 of instances 1 and 2.
  EXPECT_EQ(diag.offset(), test::CriterionOffset(new_file, 21 + 4 + 20));
  EXPECT_EQ(d.summary.added, 1u);
  ASSERT_EQ(d.summary.changes.size(), 1u);
  EXPECT_EQ(d.summary.changes[0].fields,
            (std::vector<std::string>{"pipe_name", "client_parent_image_path"}));
  ASSERT_EQ(d.summary.first_use.size(), 1u);
  EXPECT_EQ(*d.summary.first_use[0].field, "client_parent_image_path");
}

TEST(DiffTest, FirstTypeUseIsCG804AtTheInstanceAndDisabledOldDoesNotCount) {
  Content old_content = BaseContent();
  old_content.content_version = 1;
  old_content.instances[1].disabled = true;  // the only ipc_pipe_connect
  Content new_content = BaseContent();
  const Diffed d = Diff(old_content, new_content);
  // Instance 2 is enabled: every constrained field of it and its type are
  // first uses.
  ASSERT_EQ(Codes(d.report),
            (std::vector<Code>{Code::kDiffFirstFieldUse, Code::kDiffFirstFieldUse,
                               Code::kDiffFirstFieldUse, Code::kDiffFirstTypeUse}));
  const Diagnostic& diag = d.report.diagnostics()[3];
  EXPECT_EQ(diag.instance(), 1u);
  EXPECT_EQ(diag.instance_id(), 2u);
  EXPECT_EQ(diag.offset(), 64u + 16u);
  EXPECT_EQ(d.summary.enabled, 1u);
  EXPECT_EQ(d.summary.changed, 1u);
  EXPECT_EQ(d.summary.changes[0].change, ChangeKind::kEnabled);
}

TEST(DiffTest, CriteriaComparedByValueNotPoolOffset) {
  Content old_content = BaseContent();
  old_content.content_version = 1;
  // A new first instance shifts every pool offset of the others.
  Content new_content = BaseContent();
  Instance first = AnyInstance(ExampleSchema(), 1, 1);
  first.criteria[0] = StringCriterion(Op::kStrEq, "\\\\.\\pipe\\first");
  new_content.instances[0].id = 3;
  old_content.instances[0].id = 3;
  new_content.instances.insert(new_content.instances.begin(), first);
  const Diffed d = Diff(old_content, new_content);
  EXPECT_EQ(d.summary.added, 1u);
  EXPECT_EQ(d.summary.unchanged, 2u);
  EXPECT_TRUE(d.report.diagnostics().empty()) << d.report.diagnostics()[0].message();
}

TEST(DiffTest, RemovedAndNocaseChanges) {
  Content old_content = BaseContent();
  old_content.content_version = 1;
  Content new_content = BaseContent();
  new_content.instances[0].criteria[16].nocase = true;
  new_content.instances.pop_back();
  const Diffed d = Diff(old_content, new_content);
  EXPECT_EQ(d.summary.removed, 1u);
  EXPECT_EQ(d.summary.changed, 1u);
  ASSERT_EQ(d.summary.changes.size(), 2u);
  EXPECT_EQ(d.summary.changes[0].fields, std::vector<std::string>{"server_command_line"});
  EXPECT_EQ(d.summary.changes[1].change, ChangeKind::kRemoved);
  EXPECT_EQ(d.summary.changes[1].fields.size(), 3u);
}

// A random content: ids from a small range, random types, flags and a few
// constrained fields with values from a small set (so OLD and NEW overlap).
Content RandomContent(std::mt19937* rng, uint32_t version) {
  const Schema& schema = ExampleSchema();
  Content content;
  content.channel_id = 291;
  content.content_version = version;
  for (uint32_t id = 1; id <= 24; ++id) {
    if ((*rng)() % 3 == 0) continue;
    const uint16_t type = static_cast<uint16_t>(1 + (*rng)() % 2);
    Instance instance = AnyInstance(schema, id, type);
    instance.disabled = (*rng)() % 4 == 0;
    const size_t fields = type == 1 ? 20 : 4;
    for (int n = static_cast<int>((*rng)() % 3); n > 0; --n) {
      const size_t f = (*rng)() % fields;
      const Field& field = schema.template_types()[type - 1].fields[f];
      if (field.type == FieldType::kString) {
        instance.criteria[f] = StringCriterion(Op::kStrEq, (*rng)() % 2 ? "a" : "b");
      } else if (field.ops.contains(Op::kEq)) {
        instance.criteria[f] = IntCriterion(Op::kEq, field.min + (*rng)() % 2);
      }
    }
    content.instances.push_back(std::move(instance));
  }
  return content;
}

TEST(DiffTest, PropertySummaryAndFirstUsesMatchARecount) {
  std::mt19937 rng(291);
  const Schema& schema = ExampleSchema();
  for (int round = 0; round < 200; ++round) {
    const Content old_content = RandomContent(&rng, 1);
    const Content new_content = RandomContent(&rng, 2);
    const Diffed d = Diff(old_content, new_content);
    // Recount.
    std::map<uint32_t, const Instance*> old_by_id;
    for (const Instance& i : old_content.instances) old_by_id[i.id] = &i;
    std::set<std::pair<uint16_t, size_t>> old_used;
    for (const Instance& i : old_content.instances) {
      if (i.disabled) continue;
      for (size_t f = 0; f < i.criteria.size(); ++f) {
        if (i.criteria[f].op != Op::kAny) old_used.insert({i.template_type_id, f});
      }
    }
    size_t added = 0, changed = 0, unchanged = 0, enabled = 0, disabled = 0;
    std::set<std::pair<uint16_t, size_t>> expected;
    for (const Instance& i : new_content.instances) {
      const auto it = old_by_id.find(i.id);
      bool is_change = true;
      if (it == old_by_id.end()) {
        ++added;
      } else {
        const Instance& o = *it->second;
        bool same = o.template_type_id == i.template_type_id && o.disabled == i.disabled;
        for (size_t f = 0; same && f < i.criteria.size(); ++f) {
          same = o.criteria[f].op == i.criteria[f].op && o.criteria[f].text == i.criteria[f].text &&
                 o.criteria[f].arg0 == i.criteria[f].arg0;
        }
        if (same) {
          ++unchanged;
          is_change = false;
        } else {
          ++changed;
          if (o.disabled && !i.disabled) ++enabled;
          if (!o.disabled && i.disabled) ++disabled;
        }
        old_by_id.erase(it);
      }
      if (!is_change || i.disabled) continue;
      for (size_t f = 0; f < i.criteria.size(); ++f) {
        if (i.criteria[f].op != Op::kAny && !old_used.count({i.template_type_id, f})) {
          expected.insert({i.template_type_id, f});
        }
      }
    }
    EXPECT_EQ(d.summary.added, added);
    EXPECT_EQ(d.summary.removed, old_by_id.size());
    EXPECT_EQ(d.summary.changed, changed);
    EXPECT_EQ(d.summary.unchanged, unchanged);
    EXPECT_EQ(d.summary.enabled, enabled);
    EXPECT_EQ(d.summary.disabled, disabled);
    std::set<std::pair<uint16_t, size_t>> got;
    for (const Diagnostic& diag : d.report.diagnostics()) {
      if (diag.code() != Code::kDiffFirstFieldUse) continue;
      const int t =
          schema.FindTemplateTypeById(new_content.instances[diag.instance()].template_type_id);
      got.insert({schema.template_types()[t].id, diag.criterion()});
    }
    EXPECT_EQ(got, expected) << "round " << round;
  }
}

TEST(DiffTest, TwoFilesOf65535InstancesCostLinearOperations) {
  const Schema& schema = ExampleSchema();
  Content old_content;
  old_content.channel_id = 291;
  old_content.content_version = 1;
  for (uint32_t id = 1; id <= 65535; ++id) {
    Instance instance = AnyInstance(schema, id, 2);
    instance.criteria[1] = IntCriterion(Op::kEq, id + 3);
    old_content.instances.push_back(std::move(instance));
  }
  Content new_content = old_content;
  new_content.content_version = 2;
  for (size_t k = 0; k < new_content.instances.size(); k += 7) {
    new_content.instances[k].criteria[3] = IntCriterion(Op::kEq, 1);
  }
  const Diffed d = Diff(old_content, new_content);
  const uint64_t criteria = 65535u * 4u;
  // Each file's instances and criteria are visited a small, fixed number of
  // times: no quadratic matching.
  EXPECT_LE(d.summary.operations, 4 * (2 * 65535u + 2 * criteria));
  EXPECT_EQ(d.summary.changed, (65535u + 6) / 7);
  EXPECT_EQ(Codes(d.report), std::vector<Code>{Code::kDiffFirstFieldUse});
}

}  // namespace
}  // namespace contentgate
