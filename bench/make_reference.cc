// contentgate_make_reference: writes the reference files the benchmarks
// measure, so they can be inspected, dumped or fed to the CLI.
//
//   contentgate_make_reference --schema FILE --out DIR
//       DIR/reference-{mixed,regex,int}-{100,10000,100000}.bin and the
//       source JSON of each beside it (.json).
//   contentgate_make_reference --schema FILE --out DIR --small COUNT
//       COUNT small channel files (3 instances, about 2 KB each, each with
//       its own seed) named DIR/small-NNNN.bin, for the CLI benchmark.
//
// Exit status 0 on success, 1 when the schema cannot be loaded or a file
// cannot be written, 2 on a usage error.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "reference_content.h"

namespace contentgate::bench {
namespace {

constexpr uint32_t kSizes[] = {100, 10000, 100000};
constexpr ReferenceMix kMixes[] = {ReferenceMix::kMixed, ReferenceMix::kRegex,
                                   ReferenceMix::kIntegerOnly};
constexpr uint32_t kSmallInstances = 3;

int Usage() {
  std::fprintf(stderr,
               "usage: contentgate_make_reference --schema FILE --out DIR [--small COUNT]\n");
  return 2;
}

bool Generate(const Schema& schema, const ReferenceSpec& spec, const std::string& bin_path,
              const std::string& json_path) {
  absl::StatusOr<Content> content = MakeReferenceContent(schema, spec);
  if (!content.ok()) {
    std::fprintf(stderr, "%s\n", std::string(content.status().message()).c_str());
    return false;
  }
  const std::string bytes = EncodeChannelFile(*content);
  if (!WriteGeneratedFile(bin_path, bytes)) return false;
  if (!json_path.empty() && !WriteGeneratedFile(json_path, RenderSourceJson(*content, schema))) {
    return false;
  }
  if (json_path.empty()) return true;
  const MixStats stats = ComputeMixStats(*content);
  std::printf(
      "%s: %zu bytes, %llu criteria, %.1f%% string (%u-%u bytes), %.1f%% regex, "
      "%.1f%% any\n",
      bin_path.c_str(), bytes.size(), static_cast<unsigned long long>(stats.criteria),
      100.0 * stats.string / stats.criteria, stats.min_string_length, stats.max_string_length,
      100.0 * stats.regex / stats.criteria, 100.0 * stats.any / stats.criteria);
  return true;
}

int Run(int argc, char** argv) {
  std::string schema_path;
  std::string out_dir;
  uint32_t small = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return Usage();
    if (arg == "--schema") {
      schema_path = argv[++i];
    } else if (arg == "--out") {
      out_dir = argv[++i];
    } else if (arg == "--small") {
      if (!absl::SimpleAtoi(argv[++i], &small) || small == 0) return Usage();
    } else {
      return Usage();
    }
  }
  if (schema_path.empty() || out_dir.empty()) return Usage();

  std::ifstream in(schema_path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", schema_path.c_str());
    return 1;
  }
  SchemaLoadResult loaded = LoadSchema(text.str());
  if (!loaded.schema.has_value()) {
    std::fprintf(stderr, "%s: schema has %zu errors\n", schema_path.c_str(),
                 loaded.report.errors());
    return 1;
  }

  if (small != 0) {
    for (uint32_t i = 0; i < small; ++i) {
      ReferenceSpec spec;
      spec.instances = kSmallInstances;
      spec.seed = kReferenceSeed + i;
      if (!Generate(*loaded.schema, spec, absl::StrFormat("%s/small-%04u.bin", out_dir, i), "")) {
        return 1;
      }
    }
    return 0;
  }
  for (ReferenceMix mix : kMixes) {
    for (uint32_t n : kSizes) {
      ReferenceSpec spec;
      spec.instances = n;
      spec.mix = mix;
      const std::string stem =
          absl::StrFormat("%s/reference-%s-%u", out_dir, ReferenceMixName(mix), n);
      if (!Generate(*loaded.schema, spec, stem + ".bin", stem + ".json")) return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace contentgate::bench

int main(int argc, char** argv) { return contentgate::bench::Run(argc, argv); }
