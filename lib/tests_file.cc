// File: lib/tests_file.cc
// LoadContentTests: a tests file (release.md) read with the shared strict
// JSON reader and checked against the schema and the content it tests
// (CG700, CG906, CG907 with pointer, line and column).

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "contentgate/release.h"
#include "event_values.h"
#include "json_reader.h"

namespace contentgate {
namespace {

using internal::ChildPointer;
using internal::Describe;
using internal::JsonDoc;
using internal::JsonMember;
using internal::JsonReader;
using internal::JsonRef;
using internal::Quote;
using internal::V;
using Kind = JsonRef::Kind;

class TestsLoader {
 public:
  TestsLoader(const Schema& schema, const ChannelFileView& view, ContentTests* out)
      : schema_(schema), view_(view), out_(out), reader_(&out->report, Code::kTestsBadFile) {}

  void Load(std::string_view text) {
    JsonDoc doc;
    if (!reader_.Parse(text, &doc, Code::kSourceNotJson, Code::kTestsBadFile)) return;
    const JsonRef root = doc.root();
    const std::string top;
    if (!reader_.ExpectKind(root, Kind::kObject, top, "a tests file")) return;
    reader_.CheckKeys(root, top, "a tests file", {"$schema", "description", "channel", "tests"});
    reader_.OptionalString(root, top, "$schema", nullptr);
    reader_.OptionalString(root, top, "description", nullptr);
    if (auto channel =
            reader_.IntegerKey(root, top, "a tests file", "channel", true, 0, internal::kU32Max)) {
      if (*channel != schema_.channel().id) {
        reader_.Add(Code::kTestsUnknownName, "/channel", root.Find("channel"),
                    absl::StrCat("channel ", *channel, " is not the schema's channel ",
                                 schema_.channel().id));
      }
    }
    const JsonRef tests = reader_.Member(root, top, "a tests file", "tests", true);
    if (!tests || !reader_.ExpectKind(tests, Kind::kArray, "/tests", "tests")) return;
    for (uint32_t k = 0; k < view_.instance_count(); ++k) ids_.emplace(view_.instance(k).id(), k);
    for (size_t i = 0; i < tests.items().size(); ++i) {
      LoadTest(tests.items()[i], internal::ItemPointer("/tests", i));
    }
  }

 private:
  void LoadTest(JsonRef v, const std::string& pointer) {
    const size_t errors_before = out_->report.errors();
    if (!reader_.ExpectKind(v, Kind::kObject, pointer, "a test")) return;
    reader_.CheckKeys(v, pointer, "a test", {"name", "instance", "sensor", "event", "expect"});
    ContentTest test;
    test.pointer = pointer;
    test.line = v.line();
    test.column = v.column();
    if (const JsonRef name = reader_.Member(v, pointer, "a test", "name", true)) {
      const std::string at = ChildPointer(pointer, "name");
      if (!name.is_string() || name.text().empty()) {
        reader_.Add(Code::kTestsBadFile, at, name,
                    absl::StrCat("a test's name must be a non-empty string, got ", Describe(name)));
      } else if (!names_.insert(std::string(name.text())).second) {
        reader_.Add(Code::kTestsBadFile, at, name,
                    absl::StrCat("test name ", Quote(name.text()), " is used twice"));
      } else {
        test.name = name.text();
      }
    }
    const TemplateType* type = nullptr;
    if (auto id =
            reader_.IntegerKey(v, pointer, "a test", "instance", true, 1, internal::kU32Max)) {
      const auto it = ids_.find(static_cast<uint32_t>(*id));
      if (it == ids_.end()) {
        reader_.Add(Code::kTestsUnknownName, ChildPointer(pointer, "instance"), v.Find("instance"),
                    absl::StrCat("instance ", *id, " is not an instance of the content"));
      } else {
        test.instance = it->second;
        test.instance_id = static_cast<uint32_t>(*id);
        const int t = schema_.FindTemplateTypeById(view_.instance(it->second).template_type_id());
        type = &schema_.template_types()[static_cast<size_t>(t)];
      }
    }
    if (const JsonRef sensor = v.Find("sensor")) {
      const std::string at = ChildPointer(pointer, "sensor");
      if (!sensor.is_string()) {
        reader_.Add(
            Code::kTestsBadFile, at, sensor,
            absl::StrCat("\"sensor\" must be a sensor version string, got ", Describe(sensor)));
      } else if (const int s = schema_.FindSensor(sensor.text()); s < 0) {
        reader_.Add(
            Code::kTestsUnknownName, at, sensor,
            absl::StrCat("sensor ", Quote(sensor.text()), " is not a sensor of the schema"));
      } else {
        test.sensor = static_cast<uint32_t>(s);
      }
    }
    if (const JsonRef expect = reader_.Member(v, pointer, "a test", "expect", true)) {
      if (expect.is_string() && expect.text() == "match") {
        test.expect = TestOutcome::kMatch;
      } else if (expect.is_string() && expect.text() == "no-match") {
        test.expect = TestOutcome::kNoMatch;
      } else {
        reader_.Add(
            Code::kTestsBadFile, ChildPointer(pointer, "expect"), expect,
            absl::StrCat("\"expect\" must be \"match\" or \"no-match\", got ", Describe(expect)));
      }
    }
    if (const JsonRef event = reader_.Member(v, pointer, "a test", "event", true)) {
      const std::string at = ChildPointer(pointer, "event");
      if (reader_.ExpectKind(event, Kind::kObject, at, "\"event\"") && type != nullptr) {
        LoadEvent(event, at, *type, &test);
      }
    }
    if (out_->report.errors() == errors_before) out_->tests.push_back(std::move(test));
  }

  void LoadEvent(JsonRef event, const std::string& pointer, const TemplateType& type,
                 ContentTest* test) {
    const absl::flat_hash_map<std::string_view, size_t>& by_name = FieldIndex(type);
    for (const JsonMember member : event.members()) {
      const std::string_view key = member.key();
      const JsonRef value = member.value();
      const std::string at = ChildPointer(pointer, key);
      if (key == "$type") {
        if (!value.is_string() || value.text() != type.name) {
          reader_.Add(
              Code::kTestsBadFile, at, value,
              absl::StrCat("\"$type\" ", Describe(value), " is not the instance's template ",
                           "type '", V(type.name), "'"));
        }
        continue;
      }
      const auto it = by_name.find(std::string_view(key));
      if (it == by_name.end()) {
        reader_.Add(Code::kTestsBadFile, at, value,
                    absl::StrCat("template type '", V(type.name), "' has no field ", Quote(key)));
        continue;
      }
      const Field& field = type.fields[it->second];
      InputValue input;
      std::string need;
      if (!internal::EventFieldValue(field, value, &input, &need)) {
        reader_.Add(Code::kTestsBadFile, at, value,
                    absl::StrCat("field '", V(field.name), "' (", V(FieldTypeName(field.type)),
                                 ") needs ", need, ", got ", Describe(value)));
        continue;
      }
      // The event holds values up to its last given field; the fields
      // before it that it leaves out keep their defaults.
      const size_t before = test->event.size();
      if (it->second >= before) test->event.resize(it->second + 1);
      for (size_t f = before; f < test->event.size(); ++f) {
        test->event[f].is_string = type.fields[f].type == FieldType::kString;
      }
      ContentTest::Value& out = test->event[it->second];
      out.integer = input.integer();
      out.text = std::string(input.string());
    }
  }

  // Field name -> index for `type`, built the first time a test of the type
  // has an event: a test costs its event's size, not its type's width.
  const absl::flat_hash_map<std::string_view, size_t>& FieldIndex(const TemplateType& type) {
    auto [it, inserted] = field_index_.try_emplace(&type);
    if (inserted) {
      for (size_t f = 0; f < type.fields.size(); ++f) it->second.emplace(type.fields[f].name, f);
    }
    return it->second;
  }

  const Schema& schema_;
  const ChannelFileView& view_;
  ContentTests* out_;
  JsonReader reader_;
  absl::flat_hash_map<uint32_t, uint32_t> ids_;
  absl::flat_hash_set<std::string> names_;
  absl::flat_hash_map<const TemplateType*, absl::flat_hash_map<std::string_view, size_t>>
      field_index_;
};

}  // namespace

ContentTests LoadContentTests(std::string_view json_text, const Schema& schema,
                              const ChannelFileView& view, size_t max_diagnostics) {
  ContentTests out;
  out.report.set_max_diagnostics(max_diagnostics);
  TestsLoader(schema, view, &out).Load(json_text);
  return out;
}

}  // namespace contentgate
