// File: tests/test_support.h
// Helpers shared by the test suites: the shipped example schema, a small
// valid content for it, encoding, byte patching and file reading.

#ifndef CONTENTGATE_TESTS_TEST_SUPPORT_H_
#define CONTENTGATE_TESTS_TEST_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"

namespace contentgate::test {

// The path of `relative` under the source tree (CG_SOURCE_DIR).
std::string SourcePath(const std::string& relative);

// The whole file at `path`; an empty string (and a test failure) when it
// cannot be read.
std::string ReadFile(const std::string& path);

// The example schema, schemas/channel-291.schema.json, loaded once (aborts
// the test binary when it does not load). Channel 291; template type 1
// "ipc_named_pipe" (21 fields) and 2 "ipc_pipe_connect" (4 fields: pipe_name,
// client_pid, bytes_written, impersonation); sensors 7.11 (index 0, supplies
// 20 fields of type 1) and 7.16 (index 1, supplies all).
const Schema& ExampleSchema();

// tests/data/source/schemas/channel-291.limits.schema.json, loaded once as
// above: the example schema with small limits (max_file_size 2048,
// max_instances 3).
const Schema& LimitsSchema();

// The whole file at tests/data/source/RELATIVE (the source compiler's and
// dumper's cases), as ReadFile.
std::string ReadSourceData(const std::string& relative);

// Validate options targeting only the named sensors of `schema`.
ValidateOptions TargetSensors(const Schema& schema, const std::vector<std::string>& versions);

// A field of `type` named `name` with every operator of its type allowed and
// the type's full value range.
Field MakeField(std::string name, FieldType type);

// Criterion builders.
Criterion AnyCriterion();
Criterion IntCriterion(Op op, uint64_t arg0, uint64_t arg1 = 0);
Criterion StringCriterion(Op op, std::string text, bool nocase = false);

// An instance of template type `type_id` of `schema` with every criterion
// `any`.
Instance AnyInstance(const Schema& schema, uint32_t id, uint16_t type_id);

// A valid content for ExampleSchema() with no diagnostics for sensor 7.16
// (and only CG401 for 7.11). Instance 1 (ipc_named_pipe): pipe_name
// prefix "\\.\pipe\evil", client_pid (4) eq 1234, transport (7) eq 1,
// access_mask (9) mask 0xF/0x1, server_command_line (16) glob "*evil*",
// rest any. Instance 2 (ipc_pipe_connect): pipe_name regex "^evil[0-9]+$",
// bytes_written range [1, 100], impersonation eq 1.
Content BaseContent();

// The canonical encoding of `content` (EncodeChannelFile).
std::string Encode(const Content& content);

// Little-endian patches at `offset` of `file`; each then recomputes both
// CRCs unless `fix_crcs` is false. The offset must be in range.
void PatchLE8(std::string* file, size_t offset, uint8_t value, bool fix_crcs = true);
void PatchLE16(std::string* file, size_t offset, uint16_t value, bool fix_crcs = true);
void PatchLE32(std::string* file, size_t offset, uint32_t value, bool fix_crcs = true);
void PatchLE64(std::string* file, size_t offset, uint64_t value, bool fix_crcs = true);

// Recomputes both CRCs of a file of at least 64 bytes.
void FixCrcs(std::string* file);

// File offset of criterion `j` (table index) of an encoded file.
size_t CriterionOffset(const std::string& file, uint32_t j);

// The codes of the kept diagnostics of `report`, in order.
std::vector<Code> Codes(const Report& report);

// The codes of the kept errors of `report`, in order.
std::vector<Code> ErrorCodes(const Report& report);

// The first kept diagnostic of `report` with `code`, or nullptr.
const Diagnostic* FindCode(const Report& report, Code code);

// One line per kept diagnostic, for failure messages:
// "CG601 /channel/id @3:9 +120 message" (the pointer, line:column and
// offset only where the diagnostic has them).
std::string Describe(const Report& report);

}  // namespace contentgate::test

#endif  // CONTENTGATE_TESTS_TEST_SUPPORT_H_
