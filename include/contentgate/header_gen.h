// File: contentgate/header_gen.h
// Generates a self-contained C++17 header from a schema, so that a sensor's
// integration code can check at compile time that it supplies every field of
// a template type (the compile-time check the Channel File 291 root cause
// analysis asked for).

#ifndef CONTENTGATE_HEADER_GEN_H_
#define CONTENTGATE_HEADER_GEN_H_

#include <string>
#include <string_view>

#include "contentgate/schema.h"

namespace contentgate {

// The header for `schema`. It includes only <cstdint> and holds, inside
// `namespace contentgate_schema::<channel name>`:
//   kChannelId, kSensorCount;
//   per template type, `namespace <type name>` with kTemplateTypeId,
//   kFieldCount, one index constant per field (pipe_name -> kPipeName = 0),
//   per enum field a `namespace <field name>` with one constant per value
//   (kLocal = 0), per sensor the input count it supplies
//   (kInputsSupplied_7_11 = 20; omitted for a sensor with no input list) and
//   a table kInputsSupplied[] of {version, inputs} (kNoInputList for none).
// Names that would collide or are C++ keywords get a `_` suffix or a
// kField_<name> form; the comment beside each constant gives the schema name.
// `source_name` (e.g. the schema's path) is named in the banner comment.
// Include guard: CONTENTGATE_SCHEMA_<CHANNEL NAME>_H_. Deterministic.
std::string GenerateHeader(const Schema& schema, std::string_view source_name = "");

// The C99 header for `schema` (`gen-header --lang c`, core.md): static const
// tables the validator core reads (cg_schema_<channel name>, its template
// type, field and sensor tables, sorted enum values and each field's
// compiled fast-path rule), written from Schema::core_schema(), so the
// sensor's core and the library's agree by construction; plus #defines with
// a CG_<CHANNEL>_ prefix for the channel id, each type's id, field count,
// field indices and enum values, each sensor's index and its input count
// per type. Includes only contentgate/core.h; deterministic; warning-free
// under -Wall -Wextra -Wpedantic -Werror as C99.
std::string GenerateCHeader(const Schema& schema, std::string_view source_name = "");

}  // namespace contentgate

#endif  // CONTENTGATE_HEADER_GEN_H_
