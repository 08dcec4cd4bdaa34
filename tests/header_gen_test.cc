// Tests of the generated schema headers: the C++ header and the C core table.

#include "contentgate/header_gen.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate {
namespace {

bool Has(const std::string& text, std::string_view line) {
  return text.find(line) != std::string::npos;
}

// The number of times `part` occurs in `text`.
size_t Count(const std::string& text, std::string_view part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Expects every one of `parts` somewhere in `header`.
void ExpectHas(const std::string& header, std::initializer_list<std::string_view> parts) {
  for (std::string_view part : parts) EXPECT_TRUE(Has(header, part)) << part;
}

// Compiles `header` followed by `checks` as C++17 with warnings as errors;
// returns the compiler's exit status.
int CompileWith(const std::string& header, const std::string& checks) {
  const std::string dir = ::testing::TempDir();
  // One file per test: ctest runs the tests of this suite in parallel.
  const std::string path = dir + "/header_gen_check_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".cc";
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return -1;
  const std::string text = header + checks + "int main() { return 0; }\n";
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
  const std::string command =
      std::string(CG_CXX) + " -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic " + path;
  return std::system(command.c_str());
}

// Compiles `header` followed by `checks` as C99 (pedantic, warnings as
// errors) against the core's header; returns the compiler's exit status.
int CompileAsC(const std::string& header, const std::string& checks) {
  const std::string path = ::testing::TempDir() + "/header_gen_check_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".c";
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return -1;
  const std::string text = header + checks;
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
  const std::string command = std::string(CG_CC) +
                              " -std=c99 -fsyntax-only -Wall -Wextra -Wpedantic -Wconversion "
                              "-Werror -I " CG_SOURCE_DIR "/include " +
                              path;
  return std::system(command.c_str());
}

TEST(HeaderGenTest, CTablesAreTheSchemasCoreTables) {
  const Schema& schema = test::ExampleSchema();
  const std::string header = GenerateCHeader(schema, "channel-291.schema.json");
  EXPECT_TRUE(Has(header, "#include \"contentgate/core.h\"\n"));
  EXPECT_EQ(header.find("#include", header.find("#include \"contentgate/core.h\"") + 1),
            std::string::npos);
  ExpectHas(header, {"#define CG_NAMED_PIPE_EXECUTION_CHANNEL_ID 291u\n",
                     "#define CG_NAMED_PIPE_EXECUTION_IPC_NAMED_PIPE_FIELD_COUNT 21u\n",
                     "#define CG_NAMED_PIPE_EXECUTION_IPC_NAMED_PIPE_INPUTS_7_11 20u\n",
                     "#define CG_NAMED_PIPE_EXECUTION_IPC_NAMED_PIPE_TRANSPORT_SMB 1u\n",
                     "static const cg_schema cg_schema_named_pipe_execution = {"});
  EXPECT_EQ(header, GenerateCHeader(schema, "channel-291.schema.json"));  // deterministic
  EXPECT_EQ(CompileAsC(header, R"(
typedef char field_count_is_21[CG_NAMED_PIPE_EXECUTION_IPC_NAMED_PIPE_FIELD_COUNT == 21 ? 1 : -1];
typedef char sensor_7_16_is_1[CG_NAMED_PIPE_EXECUTION_SENSOR_7_16 == 1 ? 1 : -1];
int main(void) {
  const cg_schema* s = cg_schema_named_pipe_execution_get();
  return s->layout_version == CG_SCHEMA_LAYOUT_VERSION ? 0 : 1;
}
)"),
            0);
}

TEST(HeaderGenTest, ExampleSchema) {
  const std::string header = GenerateHeader(test::ExampleSchema(), "channel-291.schema.json");
  ExpectHas(header,
            {"from channel-291.schema.json. Do not edit.",
             "#ifndef CONTENTGATE_SCHEMA_NAMED_PIPE_EXECUTION_H_\n", "#include <cstdint>\n"});
  EXPECT_EQ(header.find("#include", header.find("#include <cstdint>") + 1), std::string::npos);
  ExpectHas(header,
            {"namespace contentgate_schema::named_pipe_execution {\n",
             "inline constexpr uint32_t kChannelId = 291;\n",
             "inline constexpr uint32_t kSensorCount = 2;\n", "namespace ipc_named_pipe {\n",
             "inline constexpr uint16_t kTemplateTypeId = 1;\n",
             "inline constexpr uint32_t kFieldCount = 21;\n",
             "inline constexpr uint32_t kPipeName = 0;  // pipe_name (string)\n",
             "inline constexpr uint32_t kClientParentImagePath = 20;  // "
             "client_parent_image_path (string)\n",
             "namespace transport {\ninline constexpr uint32_t kLocal = 0;  // local\n"
             "inline constexpr uint32_t kSmb = 1;  // smb\n",
             "inline constexpr uint32_t kInputsSupplied_7_11 = 20;\n",
             "inline constexpr uint32_t kInputsSupplied_7_16 = 21;\n",
             "    {\"7.11\", 20},\n    {\"7.16\", 21},\n", "namespace ipc_pipe_connect {\n",
             "inline constexpr uint32_t kFieldCount = 4;\n",
             "#endif  // CONTENTGATE_SCHEMA_NAMED_PIPE_EXECUTION_H_\n"});
  // Deterministic.
  EXPECT_EQ(header, GenerateHeader(test::ExampleSchema(), "channel-291.schema.json"));
  EXPECT_EQ(CompileWith(header, R"(
namespace s = contentgate_schema::named_pipe_execution;
static_assert(s::ipc_named_pipe::kFieldCount == 21);
static_assert(s::ipc_named_pipe::kInputsSupplied_7_11 == 20);
static_assert(s::ipc_named_pipe::kInputsSupplied_7_16 == s::ipc_named_pipe::kFieldCount);
static_assert(s::ipc_named_pipe::kClientParentImagePath == 20);
static_assert(s::ipc_named_pipe::server_integrity::kSystem == 4);
static_assert(s::ipc_pipe_connect::kTemplateTypeId == 2);
)"),
            0);
}

using test::MakeField;

TEST(HeaderGenTest, KeywordsCollisionsAndMissingInputLists) {
  TemplateType type;
  type.id = 9;
  type.name = "class";
  type.fields.push_back(MakeField("field_count", FieldType::kU8));  // kFieldCount is taken
  type.fields.push_back(MakeField("a_b", FieldType::kU8));
  type.fields.push_back(MakeField("a__b", FieldType::kU8));  // kAB again
  Field e = MakeField("int", FieldType::kEnum);
  e.values = {{"x_y", 1}, {"x__y", 2}};
  type.fields.push_back(e);
  Field e2 = MakeField("int_", FieldType::kEnum);  // its namespace would be int_ too
  e2.values = {{"z", 3}};
  type.fields.push_back(e2);
  TemplateType type2;
  type2.id = 10;
  type2.name = "class_";  // the keyword type took class_
  type2.fields.push_back(MakeField("f", FieldType::kU8));
  ChannelInfo channel;
  channel.id = 7;
  channel.name = "new";
  const Sensor sensor("1.2.3", {{1, 1}});  // no input list for "class"
  const Schema schema(channel, {type, type2}, {sensor});
  const std::string header = GenerateHeader(schema);
  EXPECT_TRUE(Has(header, "namespace contentgate_schema::new_ {\n"));
  EXPECT_TRUE(Has(header, "namespace class_ {\n"));
  EXPECT_TRUE(
      Has(header, "inline constexpr uint32_t kField_field_count = 0;  // field_count (u8)\n"));
  ExpectHas(header,
            {"inline constexpr uint32_t kAB = 1;  // a_b (u8)\n",
             "inline constexpr uint32_t kField_a__b = 2;  // a__b (u8)\n", "namespace int_ {\n",
             "namespace int__ {\ninline constexpr uint32_t kZ = 3;  // z\n",
             "namespace class__ {\n", "inline constexpr uint32_t kXY = 1;  // x_y\n",
             "inline constexpr uint32_t kValue_x__y = 2;  // x__y\n"});
  EXPECT_FALSE(Has(header, "kInputsSupplied_1_2_3 = 0"));  // type "class" has no list
  EXPECT_TRUE(Has(header, "inline constexpr uint32_t kInputsSupplied_1_2_3 = 1;\n"));
  // Only the sensors with a list are in a type's table: "class" has none.
  EXPECT_EQ(Count(header, "SensorInputs kInputsSupplied[]"), 1u);
  EXPECT_EQ(Count(header, "    {\"1.2.3\", "), 1u);
  // And it compiles, with the values where the names say.
  EXPECT_EQ(CompileWith(header, R"(
namespace s = contentgate_schema::new_;
static_assert(s::class_::kTemplateTypeId == 9 && s::class__::kTemplateTypeId == 10);
static_assert(s::class_::kField_field_count == 0 && s::class_::kFieldCount == 5);
static_assert(s::class_::kAB == 1 && s::class_::kField_a__b == 2);
static_assert(s::class_::int_::kValue_x__y == 2 && s::class_::int__::kZ == 3);
static_assert(s::class__::kInputsSupplied[0].inputs == 1);
static_assert(s::class__::kInputsSupplied_1_2_3 == 1);
)"),
            0);
}

// `types` one-field template types t0, t1, ... and `sensors` sensors 1, 2,
// ...; sensor 1 lists `listed` (type index, inputs), the others nothing.
Schema SparseSchema(uint32_t types, uint32_t sensors, std::vector<Sensor::Input> listed) {
  std::vector<TemplateType> template_types;
  for (uint32_t t = 0; t < types; ++t) {
    TemplateType type;
    type.id = static_cast<uint16_t>(t + 1);
    type.name = "t" + std::to_string(t);
    type.fields.push_back(MakeField("a", FieldType::kBool));
    template_types.push_back(std::move(type));
  }
  std::vector<Sensor> sensor_list;
  for (uint32_t s = 0; s < sensors; ++s) {
    sensor_list.emplace_back(std::to_string(s + 1), s == 0 ? listed : std::vector<Sensor::Input>{});
  }
  ChannelInfo channel;
  channel.id = 5;
  channel.name = "sparse";
  return Schema(channel, std::move(template_types), std::move(sensor_list));
}

TEST(HeaderGenTest, OnlyListedPairsAreWrittenInBothLanguages) {
  // Listed out of order: the tables hold them ascending by type.
  const Schema schema = SparseSchema(40, 5, {{31, 1}, {3, 0}, {17, 2}});
  const std::string cpp = GenerateHeader(schema);
  EXPECT_EQ(Count(cpp, "inline constexpr uint32_t kInputsSupplied_"), 3u);
  EXPECT_EQ(Count(cpp, "SensorInputs kInputsSupplied[]"), 3u);
  EXPECT_EQ(CompileWith(cpp, R"(
namespace s = contentgate_schema::sparse;
static_assert(s::t3::kInputsSupplied_1 == 0 && s::t17::kInputsSupplied_1 == 2);
static_assert(s::t31::kInputsSupplied[0].inputs == 1 && s::kSensorCount == 5);
)"),
            0);
  const std::string c = GenerateCHeader(schema);
  ExpectHas(c, {"static const cg_sensor_input cg_sparse_inputs_0[3] = {{3u, 0u}, {17u, 2u}, "
                "{31u, 1u}};\n",
                "    {\"1\", 3u, cg_sparse_inputs_0},\n", "    {\"2\", 0u, 0},\n",
                "#define CG_SPARSE_T17_INPUTS_1 2u\n"});
  EXPECT_EQ(Count(c, "_INPUTS_"), 3u);
  EXPECT_EQ(Count(c, "cg_sensor_input cg_sparse_inputs_"), 1u);
  EXPECT_EQ(CompileAsC(c, R"(
typedef char t31_is_1[CG_SPARSE_T31_INPUTS_1 == 1 ? 1 : -1];
int main(void) {
  const cg_schema* s = cg_schema_sparse_get();
  return s->sensors[0].input_count == 3 && s->sensors[0].inputs[1].type == 17 &&
                 s->sensors[4].input_count == 0
             ? 0
             : 1;
}
)"),
            0);
}

TEST(HeaderGenTest, HeadersAreLinearInSensorsPlusTypes) {
  constexpr uint32_t kCount = 2000;  // dense: 4 M (type, sensor) lines
  const Schema schema = SparseSchema(kCount, kCount, {{kCount - 1, 1}});
  const size_t cpp = GenerateHeader(schema).size();
  const size_t c = GenerateCHeader(schema).size();
  // About 200 and 450 bytes per type or sensor when written.
  EXPECT_LT(cpp, size_t{1000} * 2 * kCount) << cpp;
  EXPECT_LT(c, size_t{2000} * 2 * kCount) << c;
}

TEST(HeaderGenTest, NoSensorsMeansNoTable) {
  TemplateType type;
  type.id = 1;
  type.name = "t";
  type.fields.push_back(MakeField("f", FieldType::kBool));
  ChannelInfo channel;
  channel.id = 1;
  channel.name = "c";
  const Schema schema(channel, {type}, {});
  const std::string header = GenerateHeader(schema);
  EXPECT_TRUE(Has(header, "inline constexpr uint32_t kSensorCount = 0;\n"));
  EXPECT_FALSE(Has(header, "SensorInputs kInputsSupplied[]"));
}

}  // namespace
}  // namespace contentgate
