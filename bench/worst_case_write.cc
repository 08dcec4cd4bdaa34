// contentgate_write_worst_case: writes issue 12's worst-case shapes
// (bench/worst_case_content.h) at the benchmark's sizes, so they can be fed
// to the CLI (peak RSS with /usr/bin/time -v, callgrind):
//
//   contentgate_write_worst_case --out DIR
//
// DIR/worst-case.schema.json: the schema of the channel-file shapes;
// DIR/shared_overlong.bin, shared_string.bin, regex_<shape>.bin and
// regex_<shape>-literal.bin (its literal twin); the source shapes
// zeros.json (against schemas/channel-291.schema.json), wide_schema.json
// with wide.schema.json, many_types.json with many-types.schema.json.
// Exit status 0, 1 when a file cannot be written, 2 on a usage error.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "contentgate/content.h"
#include "reference_content.h"
#include "worst_case_content.h"

namespace contentgate::bench {
namespace {

// The pattern count of each regex shape in BM_ValidateWorstCase.
uint32_t BenchPatterns(RegexShape shape) {
  switch (shape) {
    case RegexShape::kUnicodeClasses30k:
      return 1;
    case RegexShape::kDistinct255:
      return 200;
    case RegexShape::kBracketed8k:
      return 100;
    case RegexShape::kOverlong:
      return 16;
    case RegexShape::kWithinRule8k:
    case RegexShape::kWithinRuleDot8k:
      return 20;
  }
  return 1;
}

bool WriteAll(const std::string& dir) {
  bool ok = WriteGeneratedFile(dir + "/worst-case.schema.json", WorstCaseSchemaJson());
  ok = ok && WriteGeneratedFile(dir + "/shared_overlong.bin",
                                EncodeChannelFile(MakeSharedOverlongContent(1000, 16384)));
  ok = ok && WriteGeneratedFile(dir + "/shared_string.bin",
                                EncodeChannelFile(MakeSharedStringContent(1000, 4096)));
  for (const RegexShape shape :
       {RegexShape::kUnicodeClasses30k, RegexShape::kDistinct255, RegexShape::kBracketed8k,
        RegexShape::kOverlong, RegexShape::kWithinRule8k, RegexShape::kWithinRuleDot8k}) {
    const std::string stem = dir + "/regex_" + RegexShapeName(shape);
    for (const bool twin : {false, true}) {
      ok = ok && WriteGeneratedFile(
                     stem + (twin ? "-literal.bin" : ".bin"),
                     EncodeChannelFile(MakeRegexContent(shape, BenchPatterns(shape), twin)));
    }
  }
  ok = ok && WriteGeneratedFile(dir + "/zeros.json", MakeZeroInstancesSource(256 * 1024));
  ok = ok && WriteGeneratedFile(dir + "/wide.schema.json", MakeWideSchemaJson(1 << 20));
  ok = ok && WriteGeneratedFile(dir + "/wide_schema.json", MakeWideSource(2000));
  ok = ok && WriteGeneratedFile(dir + "/many-types.schema.json", MakeManyTypesSchemaJson(65535));
  ok = ok && WriteGeneratedFile(dir + "/many_types.json", MakeManyTypesSource(65535, 2000));
  return ok;
}

int Run(int argc, char** argv) {
  if (argc != 3 || std::string_view(argv[1]) != "--out") {
    std::fprintf(stderr, "usage: contentgate_write_worst_case --out DIR\n");
    return 2;
  }
  return WriteAll(argv[2]) ? 0 : 1;
}

}  // namespace
}  // namespace contentgate::bench

int main(int argc, char** argv) { return contentgate::bench::Run(argc, argv); }
