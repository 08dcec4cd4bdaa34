// Tests of Simulate: the Channel 291 reproduction, source files, recorded
// events and their errors.

#include "contentgate/simulate.h"

#include <string>

#include "contentgate/channel_file.h"
#include "contentgate/source.h"
#include "gtest/gtest.h"
#include "json_flat.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::ExampleSchema;

std::string Repro() {
  return test::ReadFile(test::SourcePath("examples/channel-291.c291-repro.json"));
}

SimulateOptions Targets(const std::vector<uint32_t>& sensors) {
  SimulateOptions options;
  options.target_sensors = sensors;
  return options;
}

// The first kept diagnostic with `code`, or null.
const Diagnostic* FindCode(const Report& report, Code code) {
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code() == code) return &d;
  }
  return nullptr;
}

constexpr uint32_t k711 = 0;
constexpr uint32_t k716 = 1;

TEST(SimulateTest, Channel291ReproReadsInput20OnSensor711) {
  // The reproduction compiled to a channel file (without target sensors, as
  // a pipeline that never checked compatibility would have shipped it).
  ValidateOptions no_targets;
  no_targets.target_sensors = std::vector<uint32_t>{};
  const CompileResult compiled = CompileSource(Repro(), ExampleSchema(), no_targets);
  ASSERT_TRUE(compiled.channel_file.has_value());

  absl::StatusOr<SimulateResult> result =
      Simulate(AsBytes(*compiled.channel_file), ExampleSchema(), Targets({k711}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->kind, FileKind::kChannel);
  EXPECT_TRUE(result->simulated);
  EXPECT_FALSE(result->ok());
  EXPECT_EQ(result->sensors, std::vector<std::string>{"7.11"});
  EXPECT_GT(result->synthetic_events, 40u);
  EXPECT_GT(result->synthetic_matches, 0u);
  ASSERT_EQ(result->out_of_bounds.size(), 1u);
  const OutOfBoundsRead& read = result->out_of_bounds[0];
  EXPECT_EQ(read.instance, 3u);
  EXPECT_EQ(read.instance_id, 13u);
  EXPECT_EQ(read.criterion, 20u);
  EXPECT_EQ(read.input_index, 20u);
  EXPECT_EQ(read.inputs_supplied, 20u);
  EXPECT_EQ(read.field, "client_parent_image_path");
  EXPECT_EQ(read.template_type, "ipc_named_pipe");
  EXPECT_EQ(read.sensor, "7.11");
  EXPECT_FALSE(read.no_input_list);

  // The read is an error diagnostic, located where `validate` locates the
  // same CG400: the criterion's entry in the file.
  ValidateOptions on_711;
  on_711.target_sensors = std::vector<uint32_t>{k711};
  const Report validated =
      ValidateChannelFile(AsBytes(*compiled.channel_file), ExampleSchema(), on_711);
  const Diagnostic* expected = FindCode(validated, Code::kInputNotSupplied);
  ASSERT_NE(expected, nullptr);
  EXPECT_EQ(result->report.errors(), 1u);
  const Diagnostic* found = FindCode(result->report, Code::kInputNotSupplied);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->severity(), Severity::kError);
  EXPECT_EQ(found->offset(), expected->offset());
  EXPECT_EQ(found->instance(), 3u);
  EXPECT_EQ(found->instance_id(), 13u);
  EXPECT_EQ(found->criterion(), 20u);
  EXPECT_EQ(found->field(), "client_parent_image_path");
  EXPECT_EQ(found->sensor(), "7.11");

  result = Simulate(AsBytes(*compiled.channel_file), ExampleSchema(), Targets({k716}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->ok());
  EXPECT_TRUE(result->out_of_bounds.empty());
  EXPECT_EQ(result->report.errors(), 0u);
}

TEST(SimulateTest, SourceFilesAreSimulatedForEverySensorByDefault) {
  const std::string source = Repro();
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(source), ExampleSchema());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->kind, FileKind::kSource);
  EXPECT_EQ(result->sensors, (std::vector<std::string>{"7.11", "7.16"}));
  ASSERT_EQ(result->out_of_bounds.size(), 1u);
  EXPECT_EQ(result->out_of_bounds[0].sensor, "7.11");
  // Located in the source as `validate` locates it: pointer, line, column.
  const CompileResult validated =
      CompileSource(source, ExampleSchema(), test::TargetSensors(ExampleSchema(), {"7.11"}));
  const Diagnostic* expected = FindCode(validated.report, Code::kInputNotSupplied);
  ASSERT_NE(expected, nullptr);
  const Diagnostic* found = FindCode(result->report, Code::kInputNotSupplied);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(result->report.errors(), 1u);
  EXPECT_EQ(found->pointer(), expected->pointer());
  EXPECT_EQ(found->pointer(), "/instances/3/criteria/client_parent_image_path");
  EXPECT_EQ(found->line(), expected->line());
  EXPECT_EQ(found->column(), expected->column());
  EXPECT_TRUE(found->has_line());

  const std::string good = test::ReadFile(test::SourcePath("examples/channel-291.good.json"));
  result = Simulate(AsBytes(good), ExampleSchema());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->ok());
}

TEST(SimulateTest, RecordedEvents) {
  const std::string source = Repro();
  SimulateOptions options;
  const std::string events =
      // line 1: instance 10 (msagent pipe over SMB).
      R"({"$type": "ipc_named_pipe", "pipe_name": "\\\\.\\PIPE\\MSAGENT_f1", "client_pid": 200, "transport": "smb", "is_remote": true, "access_mask": 5})"
      "\n\n"
      // line 3: instance 13's pipe; the parent is rundll32 (field 20).
      R"({"pipe_name": "\\\\.\\pipe\\x_wkssvc_1", "client_parent_image_path": "C:\\Windows\\\\RUNDLL32.EXE", "server_image_path": "s"})"
      "\n"
      // line 4: disabled instance 11.
      R"({"$type": "ipc_named_pipe", "pipe_name": "\\\\.\\pipe\\0123456789abcdef0123456789abcdef", "server_integrity": "system", "client_integrity": 2})"
      "\r\n";
  options.recorded_events = events;
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(source), ExampleSchema(), options);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->events.size(), 6u);  // three events, two sensors each
  const auto& e1 = result->events[0];
  EXPECT_EQ(e1.line, 1u);
  EXPECT_EQ(e1.template_type, "ipc_named_pipe");
  EXPECT_EQ(e1.sensor, "7.11");
  EXPECT_EQ(e1.matched_ids, std::vector<uint32_t>{10});
  EXPECT_TRUE(e1.out_of_bounds_ids.empty());
  EXPECT_EQ(result->events[1].sensor, "7.16");
  EXPECT_EQ(result->events[1].matched_ids, std::vector<uint32_t>{10});

  // server_image_path is only in ipc_named_pipe: the event goes to that type.
  const auto& e3_711 = result->events[2];
  EXPECT_EQ(e3_711.line, 3u);
  EXPECT_EQ(e3_711.template_type, "ipc_named_pipe");
  EXPECT_TRUE(e3_711.matched_ids.empty());
  EXPECT_EQ(e3_711.out_of_bounds_ids, std::vector<uint32_t>{13});  // 7.11 stops at input 20
  const auto& e3_716 = result->events[3];
  EXPECT_EQ(e3_716.matched_ids, std::vector<uint32_t>{13});
  EXPECT_TRUE(e3_716.out_of_bounds_ids.empty());

  const auto& e4 = result->events[4];
  EXPECT_EQ(e4.line, 4u);
  EXPECT_TRUE(e4.matched_ids.empty());
  EXPECT_EQ(e4.matched_disabled_ids, std::vector<uint32_t>{11});

  const std::string text = SimulateText(*result, "repro.json");
  EXPECT_NE(text.find("repro.json: event 3 (ipc_named_pipe) on sensor 7.11: no match; "
                      "out-of-bounds read in 13\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("repro.json: event 4 (ipc_named_pipe) on sensor 7.16: no match; disabled "
                      "instances that would match: 11\n"),
            std::string::npos)
      << text;
}

TEST(SimulateTest, AnEventWithoutTypeGoesToEveryTypeDeclaringItsFields) {
  const std::string source = Repro();
  SimulateOptions options = Targets({k716});
  const std::string events = R"({"pipe_name": "\\\\.\\pipe\\postex_1", "client_pid": 8})";
  options.recorded_events = events;
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(source), ExampleSchema(), options);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->events.size(), 2u);
  EXPECT_EQ(result->events[0].template_type, "ipc_named_pipe");
  EXPECT_EQ(result->events[1].template_type, "ipc_pipe_connect");
  // Instance 12 needs bytes_written in [1, 4096]; the event leaves it 0.
  EXPECT_TRUE(result->events[1].matched_ids.empty());
}

// An event visits only the instances of the types it goes to: 2,000
// instances of ipc_pipe_connect do not slow an ipc_named_pipe event.
TEST(SimulateTest, AnEventEvaluatesOnlyTheInstancesOfItsTypes) {
  std::string source = R"({"channel": 291, "content_version": 1, "instances": [)";
  source += R"({"id": 1, "type": "ipc_named_pipe", "criteria": {"client_pid": {"eq": 7}}})";
  for (int id = 2; id <= 2001; ++id) {
    source += R"(, {"id": )" + std::to_string(id) +
              R"(, "type": "ipc_pipe_connect", "criteria": {"client_pid": {"eq": 7}}})";
  }
  source += "]}";
  SimulateOptions options = Targets({k711, k716});
  std::string events;
  for (int i = 0; i < 100; ++i)
    events += R"({"$type": "ipc_named_pipe", "client_pid": 7})"
              "\n";
  options.recorded_events = events;
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(source), ExampleSchema(), options);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->events.size(), 200u);
  EXPECT_EQ(result->events[0].matched_ids, std::vector<uint32_t>{1});
  EXPECT_EQ(result->recorded_evaluations, 100u * 2 * 1);  // events x sensors x instances of T
}

TEST(SimulateTest, MalformedEventsNameTheirLine) {
  const std::string source = Repro();
  const auto error = [&](const std::string& events) {
    SimulateOptions options;
    options.recorded_events = events;
    return std::string(Simulate(AsBytes(source), ExampleSchema(), options).status().message());
  };
  EXPECT_EQ(error("{}\n[1]"), "events line 2: an event is a JSON object");
  EXPECT_EQ(error("{\"$type\": \"nope\"}"), "events line 1: \"$type\" must name a template type");
  EXPECT_EQ(error("{\"color\": 1}"),
            "events line 1: no template type declares every field of the event");
  EXPECT_EQ(error("{\"$type\": \"ipc_pipe_connect\", \"transport\": 1}"),
            "events line 1: template type 'ipc_pipe_connect' has no field 'transport'");
  EXPECT_EQ(error("{\"$type\": \"ipc_pipe_connect\", \"client_pid\": \"x\"}"),
            "events line 1: field 'client_pid' (u32) needs an integer 0 to 4294967295");
  EXPECT_EQ(error("{\"$type\": \"ipc_pipe_connect\", \"client_pid\": 4294967296}"),
            "events line 1: field 'client_pid' (u32) needs an integer 0 to 4294967295");
  EXPECT_EQ(error("{\"$type\": \"ipc_pipe_connect\", \"impersonation\": 1}"),
            "events line 1: field 'impersonation' (bool) needs true or false");
  EXPECT_EQ(error("{\"$type\": \"ipc_named_pipe\", \"transport\": \"tcp\"}"),
            "events line 1: field 'transport' (enum) needs one of its value names");
  EXPECT_EQ(error("{\"$type\": \"ipc_named_pipe\", \"pipe_name\": 3}"),
            "events line 1: field 'pipe_name' (string) needs a string");
  EXPECT_EQ(error("\n\n{oops").rfind("events line 3, column ", 0), 0u);
}

TEST(SimulateTest, FileWithErrorsIsReportedNotSimulated) {
  std::string file = test::Encode(test::BaseContent());
  test::PatchLE32(&file, 64, 0);  // instance id 0: CG200
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(file), ExampleSchema());
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->simulated);
  EXPECT_FALSE(result->ok());
  ASSERT_FALSE(result->report.diagnostics().empty());
  EXPECT_EQ(result->report.diagnostics()[0].code(), Code::kInstanceIdZero);
  EXPECT_EQ(result->report.diagnostics()[0].instance(), 0u);
  EXPECT_NE(SimulateText(*result, "f.bin").find("not simulated"), std::string::npos);
}

TEST(SimulateTest, SensorWithoutInputListIsAFinding) {
  const char* kSchema = R"({
    "schema_version": 1,
    "channel": {"id": 5, "name": "c"},
    "template_types": [
      {"id": 1, "name": "a", "fields": [{"name": "x", "type": "u8"}, {"name": "y", "type": "u8"}]},
      {"id": 2, "name": "b", "fields": [{"name": "z", "type": "u8"}]}
    ],
    "sensors": [{"version": "1.0", "inputs": {"a": 2}}]
  })";
  absl::StatusOr<Schema> schema = Schema::FromJson(kSchema);
  ASSERT_TRUE(schema.ok()) << schema.status();
  Content content;
  content.channel_id = 5;
  content.instances.push_back(test::AnyInstance(*schema, 1, 2));  // all any
  content.instances.push_back(test::AnyInstance(*schema, 2, 2));
  content.instances[1].criteria[0] = test::IntCriterion(Op::kEq, 3);
  content.instances.push_back(test::AnyInstance(*schema, 3, 1));
  const std::string file = test::Encode(content);
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(file), *schema);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->out_of_bounds.size(), 2u);
  EXPECT_EQ(result->out_of_bounds[0].instance_id, 1u);
  EXPECT_TRUE(result->out_of_bounds[0].no_input_list);
  EXPECT_EQ(result->out_of_bounds[0].field, "");
  EXPECT_EQ(result->out_of_bounds[1].instance_id, 2u);
  EXPECT_TRUE(result->out_of_bounds[1].no_input_list);
  EXPECT_EQ(result->out_of_bounds[1].criterion, 0u);
  EXPECT_EQ(result->out_of_bounds[1].field, "z");
  EXPECT_EQ(result->out_of_bounds[1].inputs_supplied, 0u);
  // Two CG402 errors, located as `validate` locates them.
  const Report validated = ValidateChannelFile(AsBytes(file), *schema, ValidateOptions{});
  ASSERT_EQ(result->report.errors(), 2u);
  ASSERT_EQ(result->report.diagnostics().size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const Diagnostic& d = result->report.diagnostics()[i];
    EXPECT_EQ(d.code(), Code::kNoInputList);
    EXPECT_EQ(d.instance_id(), i + 1);
    EXPECT_EQ(d.instance(), i);
    EXPECT_EQ(d.sensor(), "1.0");
    ASSERT_TRUE(d.has_offset());
    const Diagnostic* same = nullptr;
    for (const Diagnostic& v : validated.diagnostics()) {
      if (v.code() == Code::kNoInputList && v.instance_id() == d.instance_id()) same = &v;
    }
    ASSERT_NE(same, nullptr);
    EXPECT_EQ(d.offset(), same->offset());
  }
  const std::string text = SimulateText(*result, "f.bin");
  const std::string second = "f.bin:offset " +
                             std::to_string(result->report.diagnostics()[1].offset()) +
                             ": error: CG402 simulation: instance 2 (index 1): sensor 1.0 has no "
                             "input list for template type 'b'; criterion 0 (field 'z') would "
                             "read input 0 [instance 1, id 2, criterion 0, field z, sensor 1.0]\n";
  EXPECT_NE(text.find(second), std::string::npos) << text;
}

// Each operator's synthetic events include events it matches and events it
// does not (regex witnesses are best effort: the probes are the pattern text
// and "").
TEST(SimulateTest, SyntheticEventsMatchAndMissEveryOperator) {
  struct Case {
    uint32_t field;  // of ipc_named_pipe
    Criterion criterion;
    bool has_witness;
  };
  const Case cases[] = {
      {4, test::IntCriterion(Op::kEq, 1234), true},
      {4, test::IntCriterion(Op::kNe, 1234), true},
      {4, test::IntCriterion(Op::kRange, 100, 200), true},
      {9, test::IntCriterion(Op::kMask, 0xF0, 0x10), true},
      {8, test::IntCriterion(Op::kEq, 1), true},
      {7, test::IntCriterion(Op::kNe, 2), true},
      {0, test::StringCriterion(Op::kStrEq, "\\\\.\\pipe\\x"), true},
      {0, test::StringCriterion(Op::kPrefix, "\\\\.\\pipe\\", true), true},
      {0, test::StringCriterion(Op::kSuffix, "_wkssvc"), true},
      {1, test::StringCriterion(Op::kContains, "Temp", true), true},
      {0, test::StringCriterion(Op::kGlob, "*\\msagent_??*"), true},
      {0, test::StringCriterion(Op::kRegex, "pipe"), true},
      {0, test::StringCriterion(Op::kRegex, "^[0-9a-f]{32}$"), false},
  };
  for (const Case& c : cases) {
    Content content;
    content.channel_id = 291;
    content.instances.push_back(test::AnyInstance(ExampleSchema(), 1, 1));
    content.instances[0].criteria[c.field] = c.criterion;
    const std::string file = test::Encode(content);
    absl::StatusOr<SimulateResult> result =
        Simulate(AsBytes(file), ExampleSchema(), Targets({k716}));
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_TRUE(result->simulated) << OpName(c.criterion.op);
    EXPECT_LT(result->synthetic_matches, result->synthetic_events) << OpName(c.criterion.op);
    if (c.has_witness) {
      EXPECT_GT(result->synthetic_matches, 0u) << OpName(c.criterion.op);
    }
  }
}

TEST(SimulateTest, TextAndJson) {
  const std::string source = Repro();
  absl::StatusOr<SimulateResult> result =
      Simulate(AsBytes(source), ExampleSchema(), Targets({k711}));
  ASSERT_TRUE(result.ok());
  const std::string text = SimulateText(*result, "repro.json");
  const Diagnostic* found = FindCode(result->report, Code::kInputNotSupplied);
  ASSERT_NE(found, nullptr);
  const std::string line = "repro.json:" + std::to_string(found->line()) + ":" +
                           std::to_string(found->column()) +
                           ": error: CG400 simulation: instance 13 (index 3): criterion 20 "
                           "(field 'client_parent_image_path') would read input 20, but sensor "
                           "7.11 supplies 20 inputs for template type 'ipc_named_pipe' [instance "
                           "3, id 13, criterion 20, field client_parent_image_path, sensor 7.11, "
                           "pointer /instances/3/criteria/client_parent_image_path]\n";
  EXPECT_NE(text.find(line), std::string::npos) << text;
  EXPECT_NE(text.find("1 out-of-bounds read, 0 recorded event results: FAIL\n"), std::string::npos)
      << text;

  const std::string json = SimulateJson(*result, "repro.json", "9.9");
  // Compact: one line, ending in a newline.
  EXPECT_EQ(json.find('\n'), json.size() - 1) << json;
  internal::JsonDoc doc;
  internal::JsonError error;
  ASSERT_TRUE(internal::ParseJsonDoc(json, &doc, &error)) << error.message << "\n" << json;
  const std::string pretty = SimulateJson(*result, "repro.json", "9.9", /*pretty=*/true);
  EXPECT_NE(pretty.find("\n  \"files\""), std::string::npos) << pretty;
  internal::JsonDoc pretty_doc;
  ASSERT_TRUE(internal::ParseJsonDoc(pretty, &pretty_doc, &error)) << error.message;
  EXPECT_EQ(doc.root().Find("version").text(), "9.9");
  ASSERT_FALSE(doc.root().Find("files").items().empty());
  const internal::JsonRef file = doc.root().Find("files").items()[0];
  EXPECT_EQ(file.Find("path").text(), "repro.json");
  EXPECT_EQ(file.Find("kind").text(), "source");
  EXPECT_FALSE(file.Find("valid").boolean());
  EXPECT_EQ(file.Find("errors").u(), 1u);
  ASSERT_FALSE(file.Find("diagnostics").items().empty());
  const internal::JsonRef diagnostic = file.Find("diagnostics").items()[0];
  EXPECT_EQ(diagnostic.Find("code").text(), "CG400");
  EXPECT_EQ(diagnostic.Find("severity").text(), "error");
  EXPECT_EQ(diagnostic.Find("pointer").text(), "/instances/3/criteria/client_parent_image_path");
  EXPECT_EQ(diagnostic.Find("line").u(), found->line());
  EXPECT_EQ(diagnostic.Find("criterion").u(), 20u);
  ASSERT_FALSE(file.Find("out_of_bounds").items().empty());
  const internal::JsonRef read = file.Find("out_of_bounds").items()[0];
  EXPECT_EQ(read.Find("instance_id").u(), 13u);
  EXPECT_EQ(read.Find("instance").u(), 3u);
  EXPECT_EQ(read.Find("criterion").u(), 20u);
  EXPECT_EQ(read.Find("input_index").u(), 20u);
  EXPECT_EQ(read.Find("inputs_supplied").u(), 20u);
  EXPECT_EQ(read.Find("field").text(), "client_parent_image_path");
  EXPECT_EQ(read.Find("sensor").text(), "7.11");
}

// "valid" keeps validate's meaning for every outcome: false exactly when
// "errors" >= 1.
TEST(SimulateTest, JsonValidMeansNoErrors) {
  const std::string good = test::ReadFile(test::SourcePath("examples/channel-291.good.json"));
  std::string broken = test::Encode(test::BaseContent());
  test::PatchLE32(&broken, 64, 0);  // CG200
  const std::string repro = Repro();
  for (const std::string* file : std::vector<const std::string*>{&good, &broken, &repro}) {
    absl::StatusOr<SimulateResult> result = Simulate(AsBytes(*file), ExampleSchema());
    ASSERT_TRUE(result.ok()) << result.status();
    const std::string json = SimulateJson(*result, "f", "1");
    internal::JsonDoc doc;
    internal::JsonError error;
    ASSERT_TRUE(internal::ParseJsonDoc(json, &doc, &error));
    ASSERT_FALSE(doc.root().Find("files").items().empty());
    const internal::JsonRef entry = doc.root().Find("files").items()[0];
    EXPECT_EQ(entry.Find("valid").boolean(), entry.Find("errors").u() == 0);
    EXPECT_EQ(result->ok(), result->report.errors() == 0);
  }
}

// A schema whose channel allows the smallest files (64 bytes).
const Schema& TinySchema() {
  static const Schema* schema = [] {
    absl::StatusOr<Schema> loaded = Schema::FromJson(R"({
      "schema_version": 1,
      "channel": {"id": 5, "name": "c", "max_file_size": 64},
      "template_types": [{"id": 1, "name": "a", "fields": [{"name": "x", "type": "u8"}]}],
      "sensors": [{"version": "1.0", "inputs": {"a": 1}}]
    })");
    return loaded.ok() ? new Schema(std::move(*loaded)) : nullptr;
  }();
  return *schema;
}

// A channel file over max_file_size gets CG106 and nothing else: 65 zero
// bytes would be CG108 if they were read.
TEST(SimulateTest, OversizedChannelFileIsCG106Only) {
  const std::string zeros(65, '\0');
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(zeros), TinySchema());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->simulated);
  ASSERT_EQ(result->report.diagnostics().size(), 1u);
  EXPECT_EQ(result->report.errors(), 1u);
  const Diagnostic& d = result->report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kFileTooLarge);
  EXPECT_EQ(d.offset(), CG_HEADER_FILE_SIZE);
  EXPECT_EQ(std::string(d.message()),
            "file is 65 bytes, larger than the channel's max_file_size 64");
  EXPECT_NE(SimulateText(*result, "z.bin").find("z.bin:offset 16: error: CG106 file is 65 bytes"),
            std::string::npos);

  const std::string at_limit(64, '\0');  // read: CG108
  result = Simulate(AsBytes(at_limit), TinySchema());
  ASSERT_TRUE(result.ok());
  ASSERT_FALSE(result->report.diagnostics().empty());
  EXPECT_EQ(result->report.diagnostics()[0].code(), Code::kAllZero);
}

// A source over 16 times max_file_size gets CG106 at the document, unread
// (the text is not JSON, which would be CG700).
TEST(SimulateTest, OversizedSourceIsCG106Only) {
  const std::string source = "{" + std::string(16 * 64, 'x');
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(source), TinySchema());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->kind, FileKind::kSource);
  ASSERT_EQ(result->report.diagnostics().size(), 1u);
  const Diagnostic& d = result->report.diagnostics()[0];
  EXPECT_EQ(d.code(), Code::kFileTooLarge);
  EXPECT_TRUE(d.has_pointer());
  EXPECT_EQ(d.pointer(), "");
}

// Recorded events over 64 MiB are refused before a byte of them is read: the
// view's bytes past the first are not this test's memory, so reading them
// would fail under the sanitizers.
TEST(SimulateTest, OversizedEventsAreRefusedUnread) {
  const std::string source = Repro();
  const char one = '{';
  SimulateOptions options;
  options.recorded_events = std::string_view(&one, kMaxRecordedEventsSize + 1);
  const absl::StatusOr<SimulateResult> result = Simulate(AsBytes(source), ExampleSchema(), options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(result.status().message()),
            "the recorded events are 67108865 bytes, more than the limit of 67108864");
}

}  // namespace
}  // namespace contentgate
