// File: tests/test_support.cc
// The helpers shared by the test suites (test_support.h).

#include "test_support.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "bytes.h"

namespace contentgate::test {

std::string SourcePath(const std::string& relative) {
  return std::string(CG_SOURCE_DIR) + "/" + relative;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ReadSourceData(const std::string& relative) {
  return ReadFile(SourcePath("tests/data/source/" + relative));
}

namespace {

// The schema file at `relative` under the source tree, loaded (aborts the
// test binary when it does not load), kept to the end.
const Schema* LoadSchemaOrAbort(const std::string& relative) {
  absl::StatusOr<Schema> loaded = Schema::FromFile(SourcePath(relative));
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s: %s\n", relative.c_str(), loaded.status().ToString().c_str());
    std::abort();
  }
  return new Schema(*std::move(loaded));
}

}  // namespace

const Schema& ExampleSchema() {
  static const Schema* schema = LoadSchemaOrAbort("schemas/channel-291.schema.json");
  return *schema;
}

const Schema& LimitsSchema() {
  static const Schema* schema =
      LoadSchemaOrAbort("tests/data/source/schemas/channel-291.limits.schema.json");
  return *schema;
}

ValidateOptions TargetSensors(const Schema& schema, const std::vector<std::string>& versions) {
  ValidateOptions options;
  absl::StatusOr<std::vector<uint32_t>> targets = schema.ResolveTargetSensors(versions);
  EXPECT_TRUE(targets.ok()) << targets.status();
  options.target_sensors = targets.ok() ? *std::move(targets) : std::vector<uint32_t>{};
  return options;
}

Field MakeField(std::string name, FieldType type) {
  Field field;
  field.name = std::move(name);
  field.type = type;
  field.ops = OpSet::AllValidFor(type);
  field.max = TypeMax(type);
  return field;
}

Criterion AnyCriterion() { return Criterion{}; }

Criterion IntCriterion(Op op, uint64_t arg0, uint64_t arg1) {
  Criterion c;
  c.op = op;
  c.arg0 = arg0;
  c.arg1 = arg1;
  return c;
}

Criterion StringCriterion(Op op, std::string text, bool nocase) {
  Criterion c;
  c.op = op;
  c.nocase = nocase;
  c.text = std::move(text);
  return c;
}

Instance AnyInstance(const Schema& schema, uint32_t id, uint16_t type_id) {
  Instance instance;
  instance.id = id;
  instance.template_type_id = type_id;
  const int index = schema.FindTemplateTypeById(type_id);
  if (index >= 0) instance.criteria.resize(schema.template_types()[index].fields.size());
  return instance;
}

Content BaseContent() {
  const Schema& schema = ExampleSchema();
  Content content;
  content.channel_id = 291;
  content.content_version = 7;
  Instance pipe = AnyInstance(schema, 1, 1);
  pipe.criteria[0] = StringCriterion(Op::kPrefix, "\\\\.\\pipe\\evil");
  pipe.criteria[4] = IntCriterion(Op::kEq, 1234);
  pipe.criteria[7] = IntCriterion(Op::kEq, 1);
  pipe.criteria[9] = IntCriterion(Op::kMask, 0xF, 0x1);
  pipe.criteria[16] = StringCriterion(Op::kGlob, "*evil*");
  Instance connect = AnyInstance(schema, 2, 2);
  connect.criteria[0] = StringCriterion(Op::kRegex, "^evil[0-9]+$");
  connect.criteria[2] = IntCriterion(Op::kRange, 1, 100);
  connect.criteria[3] = IntCriterion(Op::kEq, 1);
  content.instances = {std::move(pipe), std::move(connect)};
  return content;
}

std::string Encode(const Content& content) { return EncodeChannelFile(content); }

void FixCrcs(std::string* file) {
  uint8_t* bytes = reinterpret_cast<uint8_t*>(file->data());
  // The payload CRC first: the header CRC covers it.
  internal::Store32(bytes + CG_HEADER_PAYLOAD_CRC,
                    Crc32c(absl::MakeConstSpan(bytes + kHeaderSize, file->size() - kHeaderSize)));
  internal::Store32(bytes + CG_HEADER_HEADER_CRC,
                    Crc32c(absl::MakeConstSpan(bytes, CG_HEADER_HEADER_CRC)));
}

namespace {
uint8_t* At(std::string* file, size_t offset) {
  return reinterpret_cast<uint8_t*>(file->data()) + offset;
}
}  // namespace

void PatchLE8(std::string* file, size_t offset, uint8_t value, bool fix_crcs) {
  *At(file, offset) = value;
  if (fix_crcs) FixCrcs(file);
}
void PatchLE16(std::string* file, size_t offset, uint16_t value, bool fix_crcs) {
  internal::Store16(At(file, offset), value);
  if (fix_crcs) FixCrcs(file);
}
void PatchLE32(std::string* file, size_t offset, uint32_t value, bool fix_crcs) {
  internal::Store32(At(file, offset), value);
  if (fix_crcs) FixCrcs(file);
}
void PatchLE64(std::string* file, size_t offset, uint64_t value, bool fix_crcs) {
  internal::Store64(At(file, offset), value);
  if (fix_crcs) FixCrcs(file);
}

size_t CriterionOffset(const std::string& file, uint32_t j) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(file.data());
  return internal::Load32(bytes + CG_HEADER_CRITERION_TABLE_OFFSET) +
         kCriterionEntrySize * size_t{j};
}

std::vector<Code> Codes(const Report& report) {
  std::vector<Code> codes;
  for (const Diagnostic& d : report.diagnostics()) codes.push_back(d.code());
  return codes;
}

std::vector<Code> ErrorCodes(const Report& report) {
  std::vector<Code> codes;
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.severity() == Severity::kError) codes.push_back(d.code());
  }
  return codes;
}

const Diagnostic* FindCode(const Report& report, Code code) {
  for (const Diagnostic& d : report.diagnostics()) {
    if (d.code() == code) return &d;
  }
  return nullptr;
}

std::string Describe(const Report& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics()) {
    out += std::string(CodeName(d.code()));
    if (d.has_pointer()) out += " " + d.pointer();
    if (d.has_line()) out += " @" + std::to_string(d.line()) + ":" + std::to_string(d.column());
    if (d.has_offset()) out += " +" + std::to_string(d.offset());
    out += " " + std::string(d.message()) + "\n";
  }
  return out;
}

}  // namespace contentgate::test
