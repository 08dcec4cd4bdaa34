// contentgate_profile_loop: runs one hot operation a given number of times
// on a file, for instruction-level profiling without the benchmark
// framework's own code and without generating the input under the profiler:
//
//   valgrind --tool=callgrind --toggle-collect='*ProfiledLoop*' (one line)
//     build-bench/bench/contentgate_profile_loop validate reference-mixed-10000.bin 3
//
// Operations: validate (channel file, every sensor), view (iterate every
// criterion), interpret (EvaluateEvent with an all-`any`-matching event),
// compile (source JSON), parse (the flat positioned JSON document only). The schema is
// the benchmarks' (schemas/channel-291.schema.json, max_instances raised).
// Exit status 0, or 1 when the input does not load, 2 on a usage error.

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "contentgate/channel_file.h"
#include "contentgate/channel_view.h"
#include "contentgate/interpreter.h"
#include "contentgate/source.h"
#include "fixtures.h"
#include "json_flat.h"

namespace contentgate::bench {

// Kept out of line and named for callgrind's --toggle-collect.
__attribute__((noinline)) uint64_t ProfiledLoop(std::string_view op, const std::string& input,
                                                const Schema& schema, int iterations) {
  uint64_t sink = 0;
  const absl::Span<const uint8_t> bytes = AsBytes(input);
  if (op == "validate") {
    Report report;
    for (int i = 0; i < iterations; ++i) {
      ValidateChannelFile(bytes, schema, ValidateOptions{}, &report);
      sink += report.errors() + report.warnings();
    }
  } else if (op == "view") {
    absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(bytes, schema);
    if (!view.ok()) return ~uint64_t{0};
    for (int i = 0; i < iterations; ++i) {
      for (uint32_t k = 0; k < view->instance_count(); ++k) {
        const InstanceView instance = view->instance(k);
        for (uint32_t c = 0; c < instance.criterion_count(); ++c) {
          sink += instance.criterion(c).arg0() + instance.criterion(c).text().size();
        }
      }
    }
  } else if (op == "interpret") {
    absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(bytes, schema);
    if (!view.ok()) return ~uint64_t{0};
    absl::StatusOr<Interpreter> interpreter = Interpreter::Load(*view, schema);
    if (!interpreter.ok()) return ~uint64_t{0};
    const TemplateType& type = schema.template_types()[0];
    std::vector<InputValue> inputs;
    for (const Field& field : type.fields) {
      inputs.push_back(field.type == FieldType::kString ? InputValue::String("\\\\.\\pipe\\x")
                                                        : InputValue::Integer(field.min));
    }
    std::vector<uint32_t> matches;
    for (int i = 0; i < iterations; ++i) {
      sink += interpreter->EvaluateEvent(type.id, inputs, &matches).matched + matches.size();
    }
  } else if (op == "compile") {
    for (int i = 0; i < iterations; ++i) {
      sink += CompileSource(input, schema).channel_file.value_or("").size();
    }
  } else if (op == "parse") {
    for (int i = 0; i < iterations; ++i) {
      internal::JsonDoc doc;
      internal::JsonError error;
      sink += internal::ParseJsonDoc(input, &doc, &error);
    }
  }
  return sink;
}

namespace {

int Run(int argc, char** argv) {
  int iterations = 0;
  if (argc != 4 || !absl::SimpleAtoi(argv[3], &iterations) || iterations < 1) {
    std::fprintf(stderr,
                 "usage: contentgate_profile_loop validate|view|interpret|compile|parse FILE "
                 "ITERATIONS\n");
    return 2;
  }
  const SchemaFixture& schema = ReferenceSchema();
  if (schema.schema == nullptr) {
    std::fprintf(stderr, "%s\n", schema.error.c_str());
    return 1;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[2]);
    return 1;
  }
  const uint64_t sink = ProfiledLoop(argv[1], contents.str(), *schema.schema, iterations);
  std::printf("%llu\n", static_cast<unsigned long long>(sink));
  return sink == ~uint64_t{0} ? 1 : 0;
}

}  // namespace
}  // namespace contentgate::bench

int main(int argc, char** argv) { return contentgate::bench::Run(argc, argv); }
