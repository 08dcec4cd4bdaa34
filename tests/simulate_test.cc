#include "contentgate/simulate.h"

#include <string>

#include "contentgate/source.h"
#include "gtest/gtest.h"
#include "json_doc.h"
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

  result = Simulate(AsBytes(*compiled.channel_file), ExampleSchema(), Targets({k716}));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->ok());
  EXPECT_TRUE(result->out_of_bounds.empty());
}

TEST(SimulateTest, SourceFilesAreSimulatedForEverySensorByDefault) {
  const std::string source = Repro();
  absl::StatusOr<SimulateResult> result = Simulate(AsBytes(source), ExampleSchema());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->kind, FileKind::kSource);
  EXPECT_EQ(result->sensors, (std::vector<std::string>{"7.11", "7.16"}));
  ASSERT_EQ(result->out_of_bounds.size(), 1u);
  EXPECT_EQ(result->out_of_bounds[0].sensor, "7.11");

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
  const std::string text = SimulateText(*result, "f.bin");
  EXPECT_NE(text.find("f.bin: error: out-of-bounds read: instance 2 (index 1): sensor 1.0 has no "
                      "input list for template type 'b'; criterion 0 (field 'z') would read "
                      "input 0\n"),
            std::string::npos)
      << text;
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
  EXPECT_NE(text.find("repro.json: error: out-of-bounds read: instance 13 (index 3): criterion 20 "
                      "(field 'client_parent_image_path') would read input 20, but sensor 7.11 "
                      "supplies 20 inputs for template type 'ipc_named_pipe'\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("1 out-of-bounds read, 0 recorded event results: FAIL\n"), std::string::npos)
      << text;

  const std::string json = SimulateJson(*result, "repro.json", "9.9");
  internal::JsonValue doc;
  internal::JsonError error;
  ASSERT_TRUE(internal::ParseJson(json, &doc, &error)) << error.message << "\n" << json;
  EXPECT_EQ(doc.Find("version")->text, "9.9");
  const internal::JsonValue& file = doc.Find("files")->items.at(0);
  EXPECT_EQ(file.Find("path")->text, "repro.json");
  EXPECT_EQ(file.Find("kind")->text, "source");
  EXPECT_FALSE(file.Find("valid")->boolean);
  const internal::JsonValue& read = file.Find("out_of_bounds")->items.at(0);
  EXPECT_EQ(read.Find("instance_id")->u, 13u);
  EXPECT_EQ(read.Find("instance")->u, 3u);
  EXPECT_EQ(read.Find("criterion")->u, 20u);
  EXPECT_EQ(read.Find("input_index")->u, 20u);
  EXPECT_EQ(read.Find("inputs_supplied")->u, 20u);
  EXPECT_EQ(read.Find("field")->text, "client_parent_image_path");
  EXPECT_EQ(read.Find("sensor")->text, "7.11");
}

}  // namespace
}  // namespace contentgate
