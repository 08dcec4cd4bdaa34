// Fuzz target: compiling source JSON from arbitrary text against every
// embedded schema, for all target sensors. Traps when a compile yields a
// file together with an error (or no file without one), when the compiled
// file does not validate cleanly, when dumping the compiled (canonical)
// file and compiling the dump does not give back the same bytes, or when the
// compiler's flat JSON reader and ParseJson's tree disagree on the text
// (acceptance, error and position, or any value or position).

#include <cstddef>
#include <cstdint>

#include "contentgate/channel_file.h"
#include "contentgate/source.h"
#include "fuzz_schemas.h"
#include "json_compare.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contentgate;
  std::string_view text = fuzz::AsText(data, size);
  if (!test::JsonReadersDifference(text).empty()) __builtin_trap();
  for (const Schema& schema : fuzz::FuzzSchemas()) {
    CompileResult compiled = CompileSource(text, schema);
    if (compiled.report.valid() != compiled.channel_file.has_value()) __builtin_trap();
    if (!compiled.channel_file) continue;
    absl::Span<const uint8_t> bytes = AsBytes(*compiled.channel_file);
    if (!ValidateChannelFile(bytes, schema).valid()) __builtin_trap();
    DumpResult dumped = DumpChannelFile(bytes, schema);
    if (!dumped.source_json) __builtin_trap();
    CompileResult again = CompileSource(*dumped.source_json, schema);
    if (!again.channel_file || *again.channel_file != *compiled.channel_file) __builtin_trap();
  }
  return 0;
}
