// Fuzz target: the C core (core.h) and the C++ library agree. For every
// embedded schema and every one of its sensors as the single target, three
// validations of the input must give the same verdict, the same first error
// and the same list of codes and locations:
//  - the core with the tables `gen-header --lang c` generated at build time;
//  - the core with the tables the C++ Schema built at load;
//  - the C++ library (ValidateChannelFile).
// It also traps when the core examines more pool bytes than a constant
// times the file size (core.md: each pool byte a bounded number of times).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <tuple>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/core.h"
#include "contentgate/diagnostic.h"
#include "fuzz_schemas.h"
#include "regex_check.h"

// The generated tables of embedded schema i (core_tables.c, built by CMake).
extern "C" const cg_schema* cg_fuzz_core_table(size_t i);

// Traps when `cond` fails, naming the line (traps merge under optimization).
#define CG_FUZZ_REQUIRE(cond)                                                     \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "core_agreement_fuzzer.cc:%d: %s\n", __LINE__, #cond); \
      __builtin_trap();                                                           \
    }                                                                             \
  } while (0)

namespace contentgate::fuzz {
namespace {

// One diagnostic's code and locations; sensor as an index (or CG_NONE).
using Located = std::tuple<uint16_t, uint64_t, uint32_t, uint32_t, uint32_t>;

int Collect(void* ctx, const cg_diag* d) {
  static_cast<std::vector<Located>*>(ctx)->emplace_back(d->code, d->offset, d->instance,
                                                        d->criterion, d->sensor);
  return 0;
}

int Regex(void*, const uint8_t* pattern, size_t len, int nocase, uint32_t max_program,
          uint64_t* program_size) {
  const RegexCache::Verdict v = internal::CheckRegex(
      std::string_view(reinterpret_cast<const char*>(pattern), len), nocase != 0, max_program);
  *program_size = v.program_size > 0 ? static_cast<uint64_t>(v.program_size) : 0;
  return v.ok ? 0 : 1;
}

struct CoreRun {
  int code = 0;
  cg_result result{};
  std::vector<Located> diagnostics;
};

CoreRun RunCore(absl::Span<const uint8_t> file, const cg_schema* tables, const uint32_t* target,
                size_t target_count, std::vector<uint64_t>* scratch) {
  CoreRun run;
  cg_options options{};
  options.targets = target;
  options.target_count = target_count;
  options.on_diag = Collect;
  options.check_regex = Regex;
  options.ctx = &run.diagnostics;
  const size_t words = (cg_scratch_size(file.size()) + 7) / 8;
  if (scratch->size() < words) scratch->resize(words);
  run.code = cg_validate(file.data(), file.size(), tables, &options, scratch->data(),
                         scratch->size() * 8, &run.result);
  return run;
}

std::vector<Located> FromReport(const Report& report, const Schema& schema) {
  std::vector<Located> out;
  for (const Diagnostic& d : report.diagnostics()) {
    uint32_t sensor = CG_NONE;
    if (d.has_sensor()) sensor = static_cast<uint32_t>(schema.FindSensor(d.sensor()));
    out.emplace_back(static_cast<uint16_t>(d.code()), d.offset(),
                     d.has_instance() ? d.instance() : CG_NONE,
                     d.has_criterion() ? d.criterion() : CG_NONE, sensor);
  }
  return out;
}

}  // namespace
}  // namespace contentgate::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contentgate;
  const absl::Span<const uint8_t> file(data, size);
  std::vector<uint64_t> scratch;
  Report report(~size_t{0});
  const absl::Span<const Schema> schemas = fuzz::FuzzSchemas();
  for (size_t i = 0; i < schemas.size(); ++i) {
    const Schema& schema = schemas[i];
    const cg_schema* generated = cg_fuzz_core_table(i);
    CG_FUZZ_REQUIRE(generated != nullptr);
    const size_t sensors = schema.sensors().size();
    for (size_t s = 0; s < (sensors == 0 ? 1 : sensors); ++s) {
      const uint32_t target = static_cast<uint32_t>(s);
      const size_t target_count = sensors == 0 ? 0 : 1;
      ValidateOptions options;
      options.target_sensors = std::vector<uint32_t>(target_count, target);
      options.max_diagnostics = ~size_t{0};
      ValidateChannelFile(file, schema, options, &report);
      const fuzz::CoreRun a = fuzz::RunCore(file, generated, &target, target_count, &scratch);
      const fuzz::CoreRun b =
          fuzz::RunCore(file, &schema.core_schema(), &target, target_count, &scratch);
      const std::vector<fuzz::Located> library = fuzz::FromReport(report, schema);
      CG_FUZZ_REQUIRE(a.diagnostics == b.diagnostics);
      CG_FUZZ_REQUIRE(a.diagnostics == library);
      CG_FUZZ_REQUIRE(a.code == b.code && (a.code == 0) == report.valid());
      if (a.code != 0 && a.code != static_cast<int>(std::get<0>(library.front()))) {
        // The first error in check order is the library's first error kept.
        bool found = false;
        for (const fuzz::Located& d : library) {
          if (SeverityOf(static_cast<Code>(std::get<0>(d))) == Severity::kError) {
            CG_FUZZ_REQUIRE(std::get<0>(d) == a.code);
            found = true;
            break;
          }
        }
        CG_FUZZ_REQUIRE(found);
      }
      CG_FUZZ_REQUIRE(a.result.errors == report.errors() && a.result.warnings == report.warnings());
      // Linear work: pool facts once, at most 64 bytes per criterion.
      CG_FUZZ_REQUIRE(a.result.pool_bytes_examined <= 4 * uint64_t{size} + 64);
    }
  }
  return 0;
}
