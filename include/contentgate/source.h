// File: contentgate/source.h
// The JSON authoring form of channel content, compile side (source ->
// canonical channel file; lib/source.cc). A source file and the channel file
// it compiles to get the same verdict and the same codes: the compiler maps
// the source onto the content model and the channel-file checks run on that
// model, with locations mapped back to JSON Pointers. Dump (channel file ->
// source) is in contentgate/source_dump.h, included here so that code
// written against the one header keeps compiling.

#ifndef CONTENTGATE_SOURCE_H_
#define CONTENTGATE_SOURCE_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "contentgate/channel_file.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/source_dump.h"

namespace contentgate {

// What compiling a source file produced: its diagnostics (each with a JSON
// Pointer, and line/column where known) and, only when there is no error,
// the canonical channel file.
struct CompileResult {
  Report report;
  std::optional<std::string> channel_file;
};

// Checks source JSON text (a leading UTF-8 BOM is ignored) against `schema`
// and the target sensors of `options`, and encodes it canonically when it
// has no error. Validating a source file is this call, ignoring the bytes.
// `options.max_diagnostics` is the report's cap (the CLI's --max-errors):
// diagnostics past it are counted, not held. A source whose output breaks
// max_instances (CG208) or max_file_size (CG106) is not encoded.
CompileResult CompileSource(std::string_view json_text, const Schema& schema,
                            const ValidateOptions& options = {});

// What compiling for output (the `compile` command) checks beyond
// validating the source.
struct CompileOptions {
  // When `options.target_sensors` leaves out some of the schema's sensors and
  // the output, free of errors, would have CG400 or CG402 on one of those,
  // adds warning CG404 naming them (and the code each would get).
  bool warn_unsafe_for_other_sensors = true;
};

// CompileSource, plus the checks of `compile_options`.
CompileResult CompileSource(std::string_view json_text, const Schema& schema,
                            const ValidateOptions& options, const CompileOptions& compile_options);

}  // namespace contentgate

#endif  // CONTENTGATE_SOURCE_H_
