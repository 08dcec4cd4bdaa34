// Tests of LoadSchema: what loads, and schema diagnostics with their locations.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "test_support.h"

namespace contentgate {
namespace {

// The example of the schema reference: sensor 7.11 supplies 4 of
// ipc_named_pipe's 5 fields (CG640), 7.12 all of them.
constexpr std::string_view kSmall = R"({
  "schema_version": 1,
  "channel": {"id": 291, "name": "named_pipe_execution",
              "max_instances": 65535, "max_file_size": 67108864},
  "template_types": [
    {"id": 1, "name": "ipc_named_pipe", "fields": [
      {"name": "pipe_name", "type": "string", "max_length": 256,
       "ops": ["any", "str_eq", "prefix", "glob", "regex"]},
      {"name": "client_pid", "type": "u32", "min": 4},
      {"name": "transport", "type": "enum", "values": {"local": 0, "smb": 1, "rpc": 2}},
      {"name": "is_remote", "type": "bool"},
      {"name": "access_mask", "type": "u32", "ops": ["any", "mask"]}
    ]}
  ],
  "sensors": [
    {"version": "7.11", "inputs": {"ipc_named_pipe": 4}},
    {"version": "7.12", "inputs": {"ipc_named_pipe": 5}}
  ]
})";

// `text` with the one occurrence of `from` replaced by `to`.
std::string Replace(std::string_view text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string_view::npos) << "no " << from;
  EXPECT_EQ(text.find(from, at + 1), std::string_view::npos) << "several " << from;
  if (at == std::string_view::npos) return std::string(text);
  std::string out(text);
  out.replace(at, from.size(), to);
  return out;
}

struct Position {
  uint32_t line;
  uint32_t column;
};

// Line and column of the first byte of the first `needle` in `text` (plus
// `skip` bytes).
Position PositionOf(std::string_view text, std::string_view needle, size_t skip = 0) {
  const size_t at = text.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  Position p{1, 1};
  for (size_t i = 0; i < at + skip; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

// Loads `text` and expects exactly one diagnostic: `code` at `pointer`,
// located at `at` (the first byte of the value there); returns it.
Diagnostic ExpectOnly(std::string_view text, Code code, std::string_view pointer, Position at) {
  SchemaLoadResult result = LoadSchema(text);
  EXPECT_EQ(result.report.diagnostics().size(), 1u) << test::Describe(result.report);
  if (result.report.diagnostics().empty()) return Diagnostic(code);
  const Diagnostic& d = result.report.diagnostics()[0];
  EXPECT_EQ(d.code(), code) << test::Describe(result.report);
  // A syntax error has no pointer; "" elsewhere is the whole document.
  const bool syntax_error = code == Code::kSchemaNotJson && pointer.empty();
  EXPECT_EQ(d.has_pointer(), !syntax_error) << test::Describe(result.report);
  EXPECT_EQ(d.pointer(), pointer) << test::Describe(result.report);
  EXPECT_EQ(d.line(), at.line) << test::Describe(result.report);
  EXPECT_EQ(d.column(), at.column) << test::Describe(result.report);
  EXPECT_EQ(result.schema.has_value(), SeverityOf(code) == Severity::kWarning);
  return d;
}

// A mutation of kSmall that also has an error: the CG640 of kSmall is not
// reported, so the error is the only diagnostic.
Diagnostic ExpectError(std::string_view from, std::string_view to, Code code,
                       std::string_view pointer, std::string_view value_needle, size_t skip = 0) {
  const std::string text = Replace(kSmall, from, to);
  return ExpectOnly(text, code, pointer, PositionOf(text, value_needle, skip));
}

TEST(SchemaLoaderTest, SpecExampleLoadsWithOneWarning) {
  SchemaLoadResult result = LoadSchema(kSmall);
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  ASSERT_EQ(test::Codes(result.report), std::vector<Code>{Code::kSchemaSensorShort});
  const Diagnostic& w = result.report.diagnostics()[0];
  EXPECT_EQ(w.pointer(), "/sensors/0/inputs/ipc_named_pipe");
  const Position at = PositionOf(kSmall, "\"ipc_named_pipe\": 4", 18);
  EXPECT_EQ(w.line(), at.line);
  EXPECT_EQ(w.column(), at.column);
  EXPECT_EQ(w.sensor(), "7.11");
  EXPECT_NE(w.message().find("supplies 4"), std::string_view::npos) << w.message();

  const Schema& schema = *result.schema;
  EXPECT_EQ(schema.channel().id, 291u);
  EXPECT_EQ(schema.channel().name, "named_pipe_execution");
  EXPECT_EQ(schema.channel().max_instances, 65535u);
  EXPECT_EQ(schema.channel().max_file_size, 67108864u);
  ASSERT_EQ(schema.template_types().size(), 1u);
  const TemplateType& type = schema.template_types()[0];
  EXPECT_EQ(type.id, 1);
  ASSERT_EQ(type.fields.size(), 5u);
  const Field& pipe = type.fields[0];
  EXPECT_EQ(pipe.type, FieldType::kString);
  EXPECT_EQ(pipe.min_length, 1u);
  EXPECT_EQ(pipe.max_length, 256u);
  EXPECT_EQ(pipe.max_wildcards, 16u);
  EXPECT_EQ(pipe.max_regex_program, 1000u);
  EXPECT_TRUE(pipe.ops.contains(Op::kGlob));
  EXPECT_FALSE(pipe.ops.contains(Op::kSuffix));
  const Field& pid = type.fields[1];
  EXPECT_EQ(pid.min, 4u);
  EXPECT_EQ(pid.max, 0xFFFFFFFFu);
  EXPECT_EQ(pid.ops.bits(), OpSet::AllValidFor(FieldType::kU32).bits());
  const Field& transport = type.fields[2];
  ASSERT_EQ(transport.values.size(), 3u);
  EXPECT_EQ(transport.values[1].name, "smb");
  EXPECT_EQ(transport.values[1].value, 1u);
  const Field& remote = type.fields[3];
  EXPECT_EQ(remote.type, FieldType::kBool);
  EXPECT_EQ(remote.max, 1u);
  EXPECT_FALSE(type.fields[4].ops.contains(Op::kEq));
  ASSERT_EQ(schema.sensors().size(), 2u);
  EXPECT_EQ(schema.sensors()[0].version, "7.11");
  EXPECT_EQ(schema.sensors()[0].InputsFor(0), 4u);
  EXPECT_EQ(schema.sensors()[1].InputsFor(0), 5u);
}

TEST(SchemaLoaderTest, DefaultsAndOptionalParts) {
  const std::string text = R"({"channel": {"id": 7, "name": "c"}, "schema_version": 1,
    "$schema": "x", "description": "d",
    "template_types": [{"id": 9, "name": "t", "description": "t",
      "fields": [{"name": "a", "type": "u8", "description": "a"}, {"name": "s", "type": "string"}]}]})";
  SchemaLoadResult result = LoadSchema(text);
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  EXPECT_TRUE(result.report.diagnostics().empty());
  EXPECT_EQ(result.schema->channel().max_instances, 65535u);
  EXPECT_EQ(result.schema->channel().max_file_size, 64u << 20);
  EXPECT_TRUE(result.schema->sensors().empty());
  const Field& a = result.schema->template_types()[0].fields[0];
  EXPECT_EQ(a.min, 0u);
  EXPECT_EQ(a.max, 255u);
  const Field& s = result.schema->template_types()[0].fields[1];
  EXPECT_EQ(s.max_length, 1024u);
  EXPECT_EQ(s.ops.bits(), OpSet::AllValidFor(FieldType::kString).bits());
}

TEST(SchemaLoaderTest, SensorWithoutAnInputListForAType) {
  const std::string text =
      Replace(kSmall, R"({"version": "7.12", "inputs": {"ipc_named_pipe": 5}})",
              R"({"version": "7.12", "inputs": {}})");
  SchemaLoadResult result = LoadSchema(text);
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  EXPECT_EQ(result.schema->sensors()[1].InputsFor(0), Sensor::kNoInputs);
  EXPECT_TRUE(result.schema->sensors()[1].listed_inputs().empty());
  EXPECT_EQ(test::Codes(result.report), std::vector<Code>{Code::kSchemaSensorShort});
}

TEST(SchemaLoaderTest, CG600NotJson) {
  const std::string text = Replace(kSmall, R"("id": 291,)", R"("id": 291,,)");
  Diagnostic d = ExpectOnly(text, Code::kSchemaNotJson, "", PositionOf(text, ",,", 1));
  EXPECT_NE(d.message().find("JSON"), std::string_view::npos);
  ExpectOnly("", Code::kSchemaNotJson, "", {1, 1});
  // A broken literal is reported at the first byte that breaks it.
  ExpectOnly("{\n  \"a\": tru }", Code::kSchemaNotJson, "", {2, 11});
}

TEST(SchemaLoaderTest, CG600NulByteAnywhere) {
  // After the value, and inside a string, a raw NUL is not JSON.
  const std::string after = std::string(kSmall) + std::string("\n\0", 2);
  ExpectOnly(after, Code::kSchemaNotJson, "",
             {static_cast<uint32_t>(std::count(after.begin(), after.end(), '\n') + 1), 1});
  const std::string inside = Replace(kSmall, R"("id": 291,)", std::string("\"id\": 291,\0", 11));
  ExpectOnly(inside, Code::kSchemaNotJson, "", PositionOf(inside, std::string_view("\0", 1)));
}

TEST(SchemaLoaderTest, CG600DuplicateKeyAtAnyDepth) {
  Diagnostic d = ExpectError(R"("min": 4})", R"("min": 4, "min": 5})", Code::kSchemaNotJson,
                             "/template_types/0/fields/1/min", "\"min\": 5");
  EXPECT_NE(d.message().find("min"), std::string_view::npos);
  ExpectError(R"("schema_version": 1,)", R"("schema_version": 1, "schema_version": 1,)",
              Code::kSchemaNotJson, "/schema_version", "\"schema_version\": 1,", 21);
}

TEST(SchemaLoaderTest, CG600InvalidUtf8) {
  // An overlong encoding of '/' in the channel name.
  const std::string text = Replace(kSmall, "named_pipe_execution",
                                   "named_pipe\xC0\xAF"
                                   "execution");
  ExpectOnly(text, Code::kSchemaNotJson, "", PositionOf(text, "\xC0"));
  ExpectError(R"("name": "is_remote")", R"("name": "is_\ud800remote")", Code::kSchemaNotJson, "",
              "\\ud800remote", 6);
}

TEST(SchemaLoaderTest, ByteOrderMarkIsIgnored) {
  const std::string text = "\xEF\xBB\xBF" + std::string(kSmall);
  SchemaLoadResult result = LoadSchema(text);
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  EXPECT_EQ(test::Codes(result.report), std::vector<Code>{Code::kSchemaSensorShort});
  ExpectOnly("\xEF\xBB\xBF\xEF\xBB\xBF" + std::string(kSmall), Code::kSchemaNotJson, "", {1, 4});
}

TEST(SchemaLoaderTest, CG601UnknownKeys) {
  ExpectError(R"("schema_version": 1,)", R"("schema_version": 1, "owner": "x",)",
              Code::kSchemaBadKey, "/owner", "\"x\"");
  ExpectError(R"("id": 291,)", R"("id": 291, "color": 3,)", Code::kSchemaBadKey, "/channel/color",
              "3,");
  ExpectError(R"("id": 1, "name": "ipc_named_pipe",)",
              R"("id": 1, "name": "ipc_named_pipe", "x/y": 0,)", Code::kSchemaBadKey,
              "/template_types/0/x~1y", "0,");
  ExpectError(R"("type": "bool"})", R"("type": "bool", "default": true})", Code::kSchemaBadKey,
              "/template_types/0/fields/3/default", "true}");
  ExpectError(R"({"version": "7.11",)", R"({"version": "7.11", "os": null,)", Code::kSchemaBadKey,
              "/sensors/0/os", "null");
  // Only the schema, template types and fields take a description.
  ExpectError(R"({"version": "7.11",)", R"({"version": "7.11", "description": "x",)",
              Code::kSchemaBadKey, "/sensors/0/description", "\"x\"");
  ExpectError(R"("id": 291,)", R"("id": 291, "description": "x",)", Code::kSchemaBadKey,
              "/channel/description", "\"x\"");
}

TEST(SchemaLoaderTest, CG601MissingKeys) {
  ExpectError(R"("schema_version": 1,)", "", Code::kSchemaBadKey, "", "{");
  ExpectError(R"({"id": 291, )", "{", Code::kSchemaBadKey, "/channel", "{\"name\"");
  const std::string no_types = R"({"schema_version": 1, "channel": {"id": 1, "name": "c"}})";
  ExpectOnly(no_types, Code::kSchemaBadKey, "", {1, 1});
  ExpectError(R"({"id": 1, "name": "ipc_named_pipe", )", R"({"name": "ipc_named_pipe", )",
              Code::kSchemaBadKey, "/template_types/0", "{\"name\": \"ipc_named_pipe\"");
  ExpectError(R"({"name": "is_remote", "type": "bool"})", R"({"name": "is_remote"})",
              Code::kSchemaBadKey, "/template_types/0/fields/3", "{\"name\": \"is_remote\"");
  ExpectError(R"({"version": "7.11", "inputs": {"ipc_named_pipe": 4}})", R"({"version": "7.11"})",
              Code::kSchemaBadKey, "/sensors/0", "{\"version\": \"7.11\"");
}

TEST(SchemaLoaderTest, CG601WrongJsonTypes) {
  ExpectOnly("[]", Code::kSchemaBadKey, "", {1, 1});
  ExpectError(R"("schema_version": 1,)", R"("schema_version": "1",)", Code::kSchemaBadKey,
              "/schema_version", "\"1\"");
  ExpectError(R"("schema_version": 1,)", R"("schema_version": 2,)", Code::kSchemaBadKey,
              "/schema_version", "2,");
  ExpectError(R"("id": 291,)", R"("id": "291",)", Code::kSchemaBadKey, "/channel/id", "\"291\"");
  ExpectError(R"("id": 291,)", R"("id": 291.0,)", Code::kSchemaBadKey, "/channel/id", "291.0");
  ExpectError(R"("id": 291,)", R"("id": 2.91e2,)", Code::kSchemaBadKey, "/channel/id", "2.91e2");
  ExpectError(R"("schema_version": 1,)", R"("schema_version": 1, "$schema": 5,)",
              Code::kSchemaBadKey, "/$schema", "5,");
}

TEST(SchemaLoaderTest, CG601IntegersOutsideTheirRange) {
  ExpectError(R"("id": 291,)", R"("id": 0,)", Code::kSchemaBadKey, "/channel/id", "0,");
  ExpectError(R"("id": 291,)", R"("id": -1,)", Code::kSchemaBadKey, "/channel/id", "-1");
  ExpectError(R"("id": 291,)", R"("id": 4294967296,)", Code::kSchemaBadKey, "/channel/id",
              "4294967296");
  ExpectError(R"("id": 291,)", R"("id": 18446744073709551616,)", Code::kSchemaBadKey, "/channel/id",
              "18446744073709551616");
  ExpectError("\"max_file_size\": 67108864", "\"max_file_size\": 63", Code::kSchemaBadKey,
              "/channel/max_file_size", "63");
  ExpectError("\"max_file_size\": 67108864", "\"max_file_size\": 1073741825", Code::kSchemaBadKey,
              "/channel/max_file_size", "1073741825");
  ExpectError("\"max_instances\": 65535", "\"max_instances\": 4294967296", Code::kSchemaBadKey,
              "/channel/max_instances", "4294967296");
  ExpectError(R"({"id": 1, "name": "ipc)", R"({"id": 65536, "name": "ipc)", Code::kSchemaBadKey,
              "/template_types/0/id", "65536");
  ExpectError(R"("ipc_named_pipe": 5})", R"("ipc_named_pipe": 65536})", Code::kSchemaBadKey,
              "/sensors/1/inputs/ipc_named_pipe", "65536");
  // max_wildcards 65 is outside its key's range: CG601, not a bound (CG605).
  Diagnostic d =
      ExpectError(R"("max_length": 256,)", R"("max_length": 256, "max_wildcards": 65,)",
                  Code::kSchemaBadKey, "/template_types/0/fields/0/max_wildcards", "65,");
  EXPECT_NE(d.message().find("65"), std::string_view::npos);
  ExpectError(R"("max_length": 256,)", R"("max_length": 256, "max_regex_program": 0,)",
              Code::kSchemaBadKey, "/template_types/0/fields/0/max_regex_program", "0,");
  ExpectError(R"("max_length": 256,)", R"("max_length": 256, "max_regex_program": 100001,)",
              Code::kSchemaBadKey, "/template_types/0/fields/0/max_regex_program", "100001");
  const std::string no_types =
      R"({"schema_version": 1, "channel": {"id": 1, "name": "c"}, "template_types": []})";
  ExpectOnly(no_types, Code::kSchemaBadKey, "/template_types", PositionOf(no_types, "[]"));
}

TEST(SchemaLoaderTest, CG601ChannelNameIsNotAName) {
  ExpectError("\"named_pipe_execution\"", "\"Named-Pipes\"", Code::kSchemaBadKey, "/channel/name",
              "\"Named-Pipes\"");
  ExpectError("\"named_pipe_execution\"", "291", Code::kSchemaBadKey, "/channel/name",
              "\"name\": 291", 8);
}

TEST(SchemaLoaderTest, CG601KeyThatDoesNotApplyToTheFieldType) {
  ExpectError(R"("type": "bool"})", R"("type": "bool", "min": 0})", Code::kSchemaBadKey,
              "/template_types/0/fields/3/min", "0}");
  ExpectError(R"("type": "u32", "min": 4})", R"("type": "u32", "min": 4, "max_length": 4})",
              Code::kSchemaBadKey, "/template_types/0/fields/1/max_length", "\"max_length\": 4}",
              14);
  ExpectError(R"("max_length": 256,)", R"("max_length": 256, "values": {},)", Code::kSchemaBadKey,
              "/template_types/0/fields/0/values", "{},");
  ExpectError(R"("type": "u32", "min": 4})", R"("type": "u32", "min": 4, "values": {"a": 1}})",
              Code::kSchemaBadKey, "/template_types/0/fields/1/values", "{\"a\": 1}");
}

TEST(SchemaLoaderTest, CG601EnumValues) {
  ExpectError(R"(, "values": {"local": 0, "smb": 1, "rpc": 2})", "", Code::kSchemaBadKey,
              "/template_types/0/fields/2", "{\"name\": \"transport\"");
  ExpectError(R"("smb": 1,)", R"("smb": 1.5,)", Code::kSchemaBadKey,
              "/template_types/0/fields/2/values/smb", "1.5");
  ExpectError(R"("smb": 1,)", R"("smb": "1",)", Code::kSchemaBadKey,
              "/template_types/0/fields/2/values/smb", "\"1\"");
  ExpectError(R"({"local": 0, "smb": 1, "rpc": 2})", "[0, 1]", Code::kSchemaBadKey,
              "/template_types/0/fields/2/values", "[0, 1]");
}

TEST(SchemaLoaderTest, CG602DuplicateTemplateTypes) {
  const std::string two_types = Replace(
      kSmall, "\n  ],\n  \"sensors\"",
      ",\n    {\"id\": 1, \"name\": \"other\", \"fields\": [{\"name\": \"a\", \"type\": \"u8\"}]}"
      "\n  ],\n  \"sensors\"");
  Diagnostic d = ExpectOnly(two_types, Code::kSchemaDuplicateType, "/template_types/1/id",
                            PositionOf(two_types, "1, \"name\": \"other\""));
  EXPECT_NE(d.message().find("id 1"), std::string_view::npos) << d.message();
  const std::string same_name = Replace(two_types, "\"id\": 1, \"name\": \"other\"",
                                        "\"id\": 2, \"name\": \"ipc_named_pipe\"");
  ExpectOnly(same_name, Code::kSchemaDuplicateType, "/template_types/1/name",
             PositionOf(same_name, "\"ipc_named_pipe\", \"fields\": [{\"name\": \"a\""));
}

TEST(SchemaLoaderTest, CG603Names) {
  ExpectError(R"("name": "ipc_named_pipe")", R"("name": "IpcNamedPipe")", Code::kSchemaBadName,
              "/template_types/0/name", "\"IpcNamedPipe\"");
  ExpectError(R"("name": "client_pid")", R"("name": "client pid")", Code::kSchemaBadName,
              "/template_types/0/fields/1/name", "\"client pid\"");
  ExpectError(R"("name": "client_pid")", R"("name": "9pid")", Code::kSchemaBadName,
              "/template_types/0/fields/1/name", "\"9pid\"");
  ExpectError(R"("name": "client_pid")", "\"name\": \"a" + std::string(64, 'b') + "\"",
              Code::kSchemaBadName, "/template_types/0/fields/1/name", "\"abbb");
  Diagnostic d =
      ExpectError(R"("name": "is_remote")", R"("name": "client_pid")", Code::kSchemaBadName,
                  "/template_types/0/fields/3/name", "\"client_pid\", \"type\": \"bool\"");
  EXPECT_NE(d.message().find("client_pid"), std::string_view::npos);
}

TEST(SchemaLoaderTest, CG604UnknownFieldTypeWithoutCascade) {
  // The min would not apply to most types; with the type unknown it is not
  // reported.
  Diagnostic d =
      ExpectError(R"("type": "u32", "min": 4})", R"("type": "u24", "min": 4})",
                  Code::kSchemaUnknownFieldType, "/template_types/0/fields/1/type", "\"u24\"");
  EXPECT_NE(d.message().find("u24"), std::string_view::npos);
  ExpectError(R"("type": "bool")", R"("type": "boolean")", Code::kSchemaUnknownFieldType,
              "/template_types/0/fields/3/type", "\"boolean\"");
}

TEST(SchemaLoaderTest, CG605IntegerBounds) {
  Diagnostic d = ExpectError(R"("min": 4})", R"("min": 5000, "max": 100})", Code::kSchemaBadBounds,
                             "/template_types/0/fields/1/min", "5000");
  EXPECT_EQ(d.message(), "field 'client_pid': min 5000 is greater than max 100");
  ExpectError(R"("type": "u32", "min": 4})", R"("type": "u8", "min": 4, "max": 256})",
              Code::kSchemaBadBounds, "/template_types/0/fields/1/max", "\"max\": 256", 7);
  ExpectError(R"("type": "u32", "min": 4})", R"("type": "u16", "min": 70000})",
              Code::kSchemaBadBounds, "/template_types/0/fields/1/min", "70000");
  ExpectError(R"("min": 4})", R"("min": -4})", Code::kSchemaBadBounds,
              "/template_types/0/fields/1/min", "-4");
  ExpectError(R"("type": "u32", "min": 4})", R"("type": "u64", "min": 18446744073709551616})",
              Code::kSchemaBadBounds, "/template_types/0/fields/1/min", "18446744073709551616");
  // A bound that is not an integer is a wrongly typed key.
  ExpectError(R"("min": 4})", R"("min": 4.5})", Code::kSchemaBadKey,
              "/template_types/0/fields/1/min", "4.5");
  SchemaLoadResult ok = LoadSchema(Replace(kSmall, R"("type": "u32", "min": 4})",
                                           R"("type": "u64", "min": 18446744073709551615})"));
  ASSERT_TRUE(ok.schema.has_value()) << test::Describe(ok.report);
  EXPECT_EQ(ok.schema->template_types()[0].fields[1].min, 18446744073709551615u);
}

TEST(SchemaLoaderTest, CG605StringLengths) {
  // Defaults apply before the bounds are checked: max_length is 1024.
  Diagnostic d =
      ExpectError(R"("max_length": 256,)", R"("min_length": 2000,)", Code::kSchemaBadBounds,
                  "/template_types/0/fields/0/min_length", "2000");
  EXPECT_NE(d.message().find("1024"), std::string_view::npos) << d.message();
  ExpectError(R"("max_length": 256,)", R"("max_length": 0,)", Code::kSchemaBadBounds,
              "/template_types/0/fields/0/max_length", "0,");
  ExpectError(R"("max_length": 256,)", R"("max_length": 65536,)", Code::kSchemaBadBounds,
              "/template_types/0/fields/0/max_length", "65536");
  ExpectError(R"("max_length": 256,)", R"("min_length": 0,)", Code::kSchemaBadBounds,
              "/template_types/0/fields/0/min_length", "0,");
  ExpectError(R"("max_length": 256,)", R"("max_length": 10, "min_length": 11,)",
              Code::kSchemaBadBounds, "/template_types/0/fields/0/min_length", "11");
  SchemaLoadResult ok = LoadSchema(
      Replace(kSmall, R"("max_length": 256,)", R"("min_length": 65535, "max_length": 65535,)"));
  EXPECT_TRUE(ok.schema.has_value()) << test::Describe(ok.report);
}

TEST(SchemaLoaderTest, CG605EnumValues) {
  ExpectError(R"("rpc": 2})", R"("rpc": 2, "SMB2": 3})", Code::kSchemaBadBounds,
              "/template_types/0/fields/2/values/SMB2", "3}");
  Diagnostic d = ExpectError(R"("rpc": 2})", R"("rpc": 1})", Code::kSchemaBadBounds,
                             "/template_types/0/fields/2/values/rpc", "1}");
  EXPECT_NE(d.message().find("'smb' and 'rpc'"), std::string_view::npos) << d.message();
  ExpectError(R"("rpc": 2})", R"("rpc": 4294967296})", Code::kSchemaBadBounds,
              "/template_types/0/fields/2/values/rpc", "4294967296");
  ExpectError(R"("rpc": 2})", R"("rpc": -2})", Code::kSchemaBadBounds,
              "/template_types/0/fields/2/values/rpc", "-2");
  ExpectError(R"({"local": 0, "smb": 1, "rpc": 2})", "{}", Code::kSchemaBadBounds,
              "/template_types/0/fields/2/values", "{}");
}

TEST(SchemaLoaderTest, CG606Operators) {
  ExpectError(R"(["any", "mask"])", "[]", Code::kSchemaBadOperator,
              "/template_types/0/fields/4/ops", "[]");
  Diagnostic d = ExpectError(R"(["any", "mask"])", R"(["any", "prefix"])", Code::kSchemaBadOperator,
                             "/template_types/0/fields/4/ops/1", "\"any\", \"prefix\"]", 7);
  EXPECT_NE(d.message().find("prefix"), std::string_view::npos);
  ExpectError(R"(["any", "mask"])", R"(["any", "bitand"])", Code::kSchemaBadOperator,
              "/template_types/0/fields/4/ops/1", "\"bitand\"");
  ExpectError(R"(["any", "mask"])", R"(["mask", "any", "mask"])", Code::kSchemaBadOperator,
              "/template_types/0/fields/4/ops/2", "\"mask\"]", 0);
  ExpectError(R"(["any", "mask"])", R"(["any", "Mask"])", Code::kSchemaBadOperator,
              "/template_types/0/fields/4/ops/1", "\"Mask\"");
  ExpectError(R"("type": "bool")", R"("type": "bool", "ops": ["range"])", Code::kSchemaBadOperator,
              "/template_types/0/fields/3/ops/0", "\"range\"");
  ExpectError(R"(["any", "mask"])", R"(["any", 4])", Code::kSchemaBadKey,
              "/template_types/0/fields/4/ops/1", "4]");
  ExpectError(R"(["any", "mask"])", R"("mask")", Code::kSchemaBadKey,
              "/template_types/0/fields/4/ops", "\"mask\"");
}

TEST(SchemaLoaderTest, CG607Sensors) {
  for (const char* version : {"7.011", "7.1600000000", "", "7..1", "7.", ".7", "1.2.3.4.5", "a.b",
                              "+7", "7.-1", "7 .1"}) {
    ExpectError(R"("version": "7.12")", std::string("\"version\": \"") + version + "\"",
                Code::kSchemaBadSensor, "/sensors/1/version",
                std::string("\"version\": \"") + version + "\"", 11);
  }
  for (const char* version : {"0", "0.0", "999999999.999999999.999999999.999999999", "10.0.1"}) {
    SchemaLoadResult ok = LoadSchema(
        Replace(kSmall, R"("version": "7.12")", std::string("\"version\": \"") + version + "\""));
    EXPECT_TRUE(ok.schema.has_value()) << version << "\n" << test::Describe(ok.report);
  }
  Diagnostic d = ExpectError(R"("version": "7.12")", R"("version": "7.11")", Code::kSchemaBadSensor,
                             "/sensors/1/version", "\"7.11\", \"inputs\": {\"ipc_named_pipe\": 5");
  EXPECT_NE(d.message().find("7.11"), std::string_view::npos);
  ExpectError(R"({"ipc_named_pipe": 5})", R"({"ipc_named_pipe": 5, "ipc_pipe_connect": 4})",
              Code::kSchemaBadSensor, "/sensors/1/inputs/ipc_pipe_connect",
              "\"ipc_pipe_connect\": 4", 20);
  ExpectError(R"("version": "7.12")", R"("version": 7.12)", Code::kSchemaBadKey,
              "/sensors/1/version", "7.12");
}

TEST(SchemaLoaderTest, CG608FieldCount) {
  const std::string empty = R"({"schema_version": 1, "channel": {"id": 1, "name": "c"},
    "template_types": [{"id": 1, "name": "t", "fields": []}]})";
  Diagnostic d = ExpectOnly(empty, Code::kSchemaFieldCount, "/template_types/0/fields",
                            PositionOf(empty, "[]"));
  EXPECT_NE(d.message().find("got 0"), std::string_view::npos);
  std::string many = R"({"schema_version": 1, "channel": {"id": 1, "name": "c"},
    "template_types": [{"id": 1, "name": "t", "fields": [)";
  for (int i = 0; i < 1025; ++i) {
    many += (i ? ", " : "") + std::string("{\"name\": \"f") + std::to_string(i) +
            "\", \"type\": \"bool\"}";
  }
  many += "]}]}";
  ExpectOnly(many, Code::kSchemaFieldCount, "/template_types/0/fields",
             PositionOf(many, "[{\"name\": \"f0\""));
  // 1024 fields is the maximum.
  std::string most = many;
  most.erase(most.find(", {\"name\": \"f1024\""),
             std::string_view(", {\"name\": \"f1024\", \"type\": \"bool\"}").size());
  EXPECT_TRUE(LoadSchema(most).schema.has_value());
}

TEST(SchemaLoaderTest, CG641FieldBeyondTheSensorWithoutAny) {
  const std::string text = Replace(kSmall, R"(["any", "mask"])", R"(["mask"])");
  SchemaLoadResult result = LoadSchema(text);
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  ASSERT_EQ(test::Codes(result.report),
            (std::vector<Code>{Code::kSchemaSensorShort, Code::kSchemaUnsuppliedFieldNoAny}));
  const Diagnostic& w = result.report.diagnostics()[1];
  EXPECT_EQ(w.pointer(), "/template_types/0/fields/4");
  const Position at = PositionOf(text, "{\"name\": \"access_mask\"");
  EXPECT_EQ(w.line(), at.line);
  EXPECT_EQ(w.column(), at.column);
  EXPECT_EQ(w.sensor(), "7.11");
  EXPECT_EQ(w.field(), "access_mask");
  EXPECT_EQ(w.criterion(), 4u);
  EXPECT_EQ(result.report.errors(), 0u);
  EXPECT_EQ(result.report.warnings(), 2u);
}

TEST(SchemaLoaderTest, CG640OncePerSensorAndType) {
  const std::string text = Replace(kSmall, R"("ipc_named_pipe": 5})", R"("ipc_named_pipe": 0})");
  SchemaLoadResult result = LoadSchema(text);
  ASSERT_TRUE(result.schema.has_value());
  ASSERT_EQ(test::Codes(result.report),
            (std::vector<Code>{Code::kSchemaSensorShort, Code::kSchemaSensorShort}));
  EXPECT_EQ(result.report.diagnostics()[1].sensor(), "7.12");
  EXPECT_EQ(result.report.diagnostics()[1].pointer(), "/sensors/1/inputs/ipc_named_pipe");
  // More inputs than fields is allowed and silent.
  SchemaLoadResult more =
      LoadSchema(Replace(kSmall, R"("ipc_named_pipe": 4})", R"("ipc_named_pipe": 90})"));
  EXPECT_TRUE(more.report.diagnostics().empty()) << test::Describe(more.report);
}

TEST(SchemaLoaderTest, ReportsIndependentErrorsTogetherInDocumentOrder) {
  std::string text = Replace(kSmall, R"("id": 291,)", R"("id": 0,)");
  text = Replace(text, R"("type": "bool")", R"("type": "flag")");
  text = Replace(text, R"(["any", "mask"])", R"(["any", "glob"])");
  text = Replace(text, R"("version": "7.12")", R"("version": "07.12")");
  SchemaLoadResult result = LoadSchema(text);
  EXPECT_FALSE(result.schema.has_value());
  EXPECT_EQ(test::Codes(result.report),
            (std::vector<Code>{Code::kSchemaBadKey, Code::kSchemaUnknownFieldType,
                               Code::kSchemaBadOperator, Code::kSchemaBadSensor}))
      << test::Describe(result.report);
  // The cap limits what is kept, not what is counted.
  SchemaLoadResult capped = LoadSchema(text, 2);
  EXPECT_EQ(capped.report.diagnostics().size(), 2u);
  EXPECT_EQ(capped.report.errors(), 4u);
}

TEST(SchemaLoaderTest, FromJsonAndFromFile) {
  absl::StatusOr<Schema> ok = Schema::FromJson(kSmall);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->channel().id, 291u);
  absl::StatusOr<Schema> bad = Schema::FromJson(Replace(kSmall, R"("id": 291,)", R"("id": 0,)"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message().substr(0, 18), "CG601 /channel/id:") << bad.status();
  absl::StatusOr<Schema> missing = Schema::FromFile("/nonexistent/contentgate.schema.json");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound) << missing.status();
  absl::StatusOr<Schema> shipped =
      Schema::FromFile(test::SourcePath("schemas/channel-291.schema.json"));
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_EQ(shipped->template_types()[0].fields.size(), 21u);
}

// The second shipped schema uses every field type and every operator; its
// sensor 8.2 supplies 12 of process_start's 14 fields, whose last two allow
// any: one CG640 and nothing else.
TEST(SchemaLoaderTest, ShippedProcessExecSchema) {
  const std::string text = test::ReadFile(test::SourcePath("schemas/process_exec.schema.json"));
  SchemaLoadResult result = LoadSchema(text);
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  ASSERT_EQ(test::Codes(result.report), std::vector<Code>{Code::kSchemaSensorShort});
  const Diagnostic& w = result.report.diagnostics()[0];
  EXPECT_EQ(w.sensor(), "8.2");
  EXPECT_EQ(w.pointer(), "/sensors/0/inputs/process_start");
  const Position at = PositionOf(text, "\"process_start\": 12", 17);
  EXPECT_EQ(w.line(), at.line);
  EXPECT_EQ(w.column(), at.column);

  const Schema& schema = *result.schema;
  EXPECT_EQ(schema.channel().id, 305u);
  bool types[7] = {};
  OpSet ops;
  for (const TemplateType& type : schema.template_types()) {
    for (const Field& field : type.fields) {
      types[static_cast<int>(field.type)] = true;
      for (int op = 0; op < kOpCount; ++op) {
        if (field.ops.contains(static_cast<Op>(op))) ops.insert(static_cast<Op>(op));
      }
    }
  }
  for (int t = 0; t < 7; ++t) EXPECT_TRUE(types[t]) << FieldTypeName(static_cast<FieldType>(t));
  EXPECT_EQ(ops.bits(), (1u << kOpCount) - 1);
  ASSERT_EQ(schema.sensors().size(), 2u);
  EXPECT_EQ(schema.sensors()[0].InputsFor(0), 12u);
  EXPECT_EQ(schema.sensors()[0].InputsFor(1), 4u);
  EXPECT_EQ(schema.sensors()[1].InputsFor(0), 14u);
  EXPECT_EQ(schema.sensors()[1].InputsFor(1), 4u);
}

TEST(SchemaLoaderTest, ShippedChannel291Schema) {
  const std::string text = test::ReadFile(test::SourcePath("schemas/channel-291.schema.json"));
  SchemaLoadResult result = LoadSchema(text);
  ASSERT_TRUE(result.schema.has_value()) << test::Describe(result.report);
  ASSERT_EQ(test::Codes(result.report), std::vector<Code>{Code::kSchemaSensorShort});
  EXPECT_EQ(result.report.diagnostics()[0].sensor(), "7.11");
  EXPECT_EQ(result.report.diagnostics()[0].pointer(), "/sensors/0/inputs/ipc_named_pipe");
}

// The conformance cases for schema files, as mutations of the shipped
// channel 291 schema.
struct ConformanceCase {
  const char* name;
  const char* from;
  const char* to;
  std::vector<Code> expect;  // errors, or the warnings of a valid schema
};

TEST(SchemaLoaderTest, ConformanceCases) {
  const std::string base = test::ReadFile(test::SourcePath("schemas/channel-291.schema.json"));
  const std::vector<ConformanceCase> cases = {
      {"unknown-key",
       "\n    }\n  ]\n}",
       "\n    }\n  ],\n  \"owner\": \"x\"\n}",
       {Code::kSchemaBadKey}},
      {"max-wildcards-65",
       "\"max_wildcards\": 8\n        },\n        {\n          \"name\": \"client_command_line\"",
       "\"max_wildcards\": 65\n        },\n        {\n          \"name\": \"client_command_line\"",
       {Code::kSchemaBadKey}},
      {"dup-type-id", "\"id\": 2,", "\"id\": 1,", {Code::kSchemaDuplicateType}},
      {"dup-type-name",
       "\"name\": \"ipc_pipe_connect\"",
       "\"name\": \"ipc_named_pipe\"",
       {Code::kSchemaDuplicateType}},
      {"bad-field-name",
       "\"name\": \"server_pid\"",
       "\"name\": \"ServerPid\"",
       {Code::kSchemaBadName}},
      {"dup-field-name",
       "\"name\": \"client_pid\",\n          \"type\": \"u32\",\n          \"min\": 4\n        "
       "},\n        {\n          \"name\": \"server_session_id\"",
       "\"name\": \"server_pid\",\n          \"type\": \"u32\",\n          \"min\": 4\n        "
       "},\n        {\n          \"name\": \"server_session_id\"",
       {Code::kSchemaBadName}},
      {"unknown-field-type",
       "\"name\": \"server_session_id\",\n          \"type\": \"u32\"",
       "\"name\": \"server_session_id\",\n          \"type\": \"u24\"",
       {Code::kSchemaUnknownFieldType}},
      {"enum-value-name",
       "\"rpc\": 2\n",
       "\"rpc\": 2,\n            \"SMB2\": 3\n",
       {Code::kSchemaBadBounds}},
      {"min-length-alone",
       "\"max_length\": 256\n        },\n        {\n          \"name\": \"client_pid\",\n          "
       "\"type\": \"u32\",\n          \"min\": 4\n        },\n        {\n          \"name\": "
       "\"bytes_written\"",
       "\"min_length\": 2000\n        },\n        {\n          \"name\": \"client_pid\",\n         "
       " \"type\": \"u32\",\n          \"min\": 4\n        },\n        {\n          \"name\": "
       "\"bytes_written\"",
       {Code::kSchemaBadBounds}},
      {"op-not-valid",
       "\"name\": \"pipe_mode\",\n          \"type\": \"u32\",\n          \"ops\": [\n            "
       "\"any\",\n            \"eq\",\n            \"mask\"",
       "\"name\": \"pipe_mode\",\n          \"type\": \"u32\",\n          \"ops\": [\n            "
       "\"any\",\n            \"range\",\n            \"prefix\"",
       {Code::kSchemaBadOperator}},
      {"version-leading-zero",
       "\"version\": \"7.11\"",
       "\"version\": \"7.011\"",
       {Code::kSchemaBadSensor}},
      {"dup-version", "\"version\": \"7.16\"", "\"version\": \"7.11\"", {Code::kSchemaBadSensor}},
      {"version-10-digits",
       "\"version\": \"7.16\"",
       "\"version\": \"7.1600000000\"",
       {Code::kSchemaBadSensor}},
      {"not-json", "\n    }\n  ]\n}", "\n    }\n  ]\n", {Code::kSchemaNotJson}},
      {"invalid-utf8",
       "named_pipe_execution\"",
       "named_pipe_execution\xC0\xAF\"",
       {Code::kSchemaNotJson}},
      {"field-21-without-any",
       "\"max_length\": 1024\n        }\n      ]",
       "\"max_length\": 1024,\n          \"ops\": [\"str_eq\", \"prefix\"]\n        }\n      ]",
       {Code::kSchemaSensorShort, Code::kSchemaUnsuppliedFieldNoAny}},
      {"bom", "", "", {Code::kSchemaSensorShort}},
  };
  for (const ConformanceCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = *c.from ? Replace(base, c.from, c.to) : "\xEF\xBB\xBF" + base;
    SchemaLoadResult result = LoadSchema(text);
    const bool valid = SeverityOf(c.expect[0]) == Severity::kWarning;
    EXPECT_EQ(result.schema.has_value(), valid) << test::Describe(result.report);
    // Each case has one problem: exactly one error, and no cascade.
    EXPECT_EQ(test::Codes(result.report), c.expect) << test::Describe(result.report);
    if (!valid) {
      for (const Diagnostic& d : result.report.diagnostics()) {
        EXPECT_EQ(d.has_pointer(), d.code() != Code::kSchemaNotJson);
        EXPECT_TRUE(d.has_line());
      }
    }
  }
}

TEST(SchemaLoaderTest, ConformanceFieldsEmpty) {
  std::string text = test::ReadFile(test::SourcePath("schemas/channel-291.schema.json"));
  const size_t type = text.find("\"name\": \"ipc_pipe_connect\"");
  ASSERT_NE(type, std::string::npos);
  const size_t open = text.find('[', type);
  const size_t close = text.find("\n      ]", open);
  ASSERT_NE(close, std::string::npos);
  text.replace(open, close + 8 - open, "[]");
  const Diagnostic d =
      ExpectOnly(text, Code::kSchemaFieldCount, "/template_types/1/fields", PositionOf(text, "[]"));
  EXPECT_NE(d.message().find("ipc_pipe_connect"), std::string_view::npos);
}

}  // namespace
}  // namespace contentgate
