// Round-trip property over many random valid contents of the example schema:
// compile(dump(file)) == file for the canonical encoding, and dump is stable
// across a compile: dump(compile(dump(file))) == dump(file).

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate {
namespace {

// Pieces of string operands: ASCII, JSON escapes, control characters (but
// no NUL), and 2-, 3- and 4-byte UTF-8.
const char* const kPieces[] = {
    "a",
    "Z",
    "0",
    "\\",
    "\"",
    "/",
    ".",
    " ",
    "\t",
    "\n",
    "\x01",
    "\x1F",
    "\x7F",
    "\xC3\xA9",
    "\xE2\x82\xAC",
    "\xF0\x9F\x98\x80",
    "pipe",
    "C:\\Windows\\",
    "?",
};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  Content RandomContent(const Schema& schema) {
    Content content;
    content.channel_id = schema.channel().id;
    content.content_version = static_cast<uint32_t>(rng_());
    const int count = Uniform(0, 8);
    absl::flat_hash_set<uint32_t> ids;
    for (int i = 0; i < count; ++i) {
      uint32_t id = Coin() ? static_cast<uint32_t>(Uniform(1, 40)) : static_cast<uint32_t>(rng_());
      if (id == 0 || !ids.insert(id).second) continue;
      const auto types = schema.template_types();
      const TemplateType& type = types[Uniform(0, static_cast<int>(types.size()) - 1)];
      Instance instance;
      instance.id = id;
      instance.template_type_id = type.id;
      instance.disabled = Uniform(0, 3) == 0;
      for (const Field& field : type.fields) instance.criteria.push_back(RandomCriterion(field));
      content.instances.push_back(std::move(instance));
    }
    return content;
  }

 private:
  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  uint64_t Uniform64(uint64_t low, uint64_t high) {
    return std::uniform_int_distribution<uint64_t>(low, high)(rng_);
  }
  bool Coin() { return rng_() & 1; }

  // A value in [low, high], often one of the bounds.
  uint64_t Value(uint64_t low, uint64_t high) {
    switch (Uniform(0, 3)) {
      case 0:
        return low;
      case 1:
        return high;
      default:
        return Uniform64(low, high);
    }
  }

  std::string Text(const Field& field, bool glob) {
    const uint32_t limit = std::min<uint32_t>(field.max_length, 48);
    uint32_t stars =
        glob ? static_cast<uint32_t>(Uniform(0, std::min<int>(field.max_wildcards, 3))) : 0;
    std::string text;
    const int pieces = Uniform(1, 8);
    for (int i = 0; i < pieces; ++i) {
      const bool star = stars > 0 && Coin();
      const char* piece = star ? "*" : kPieces[Uniform(0, std::size(kPieces) - 1)];
      if (text.size() + std::strlen(piece) > limit) break;
      text += piece;
      if (star) --stars;
    }
    while (text.size() < field.min_length) text += "x";
    return text;
  }

  Criterion RandomCriterion(const Field& field) {
    std::vector<Op> ops;
    for (int o = 0; o < kOpCount; ++o) {
      if (field.ops.contains(static_cast<Op>(o))) ops.push_back(static_cast<Op>(o));
    }
    Criterion c;
    c.op = ops[Uniform(0, static_cast<int>(ops.size()) - 1)];
    switch (c.op) {
      case Op::kAny:
        break;
      case Op::kEq:
      case Op::kNe:
        if (field.type == FieldType::kEnum) {
          c.arg0 = field.values[Uniform(0, static_cast<int>(field.values.size()) - 1)].value;
        } else if (field.type == FieldType::kBool) {
          c.arg0 = Coin();
        } else {
          c.arg0 = Value(field.min, field.max);
        }
        break;
      case Op::kRange: {
        const uint64_t a = Value(field.min, field.max);
        const uint64_t b = Value(field.min, field.max);
        c.arg0 = std::min(a, b);
        c.arg1 = std::max(a, b);
        break;
      }
      case Op::kMask: {
        const uint64_t width = TypeMax(field.type);
        c.arg0 = Value(1, width);
        c.arg1 = Uniform64(0, width) & c.arg0;
        break;
      }
      case Op::kRegex: {
        const char* const patterns[] = {"^a[0-9]+$", "pipe\\\\x", "(ab|cd)e", "\\.exe$",
                                        "[a-f]{4}"};
        c.text = patterns[Uniform(0, std::size(patterns) - 1)];
        c.nocase = Coin();
        break;
      }
      default:
        c.text = Text(field, c.op == Op::kGlob);
        c.nocase = Coin();
        break;
    }
    return c;
  }

  std::mt19937 rng_;
};

TEST(RoundTripTest, CompileOfDumpIsTheFileAndDumpIsStable) {
  const Schema& schema = test::ExampleSchema();
  ValidateOptions no_targets;
  no_targets.target_sensors.emplace();
  Generator generator(291);
  int checked = 0;
  int instances = 0;
  for (int round = 0; round < 1200; ++round) {
    SCOPED_TRACE(round);
    const Content content = generator.RandomContent(schema);
    instances += static_cast<int>(content.instances.size());
    const std::string file = EncodeChannelFile(content);
    const Report report = ValidateChannelFile(AsBytes(file), schema, no_targets);
    ASSERT_TRUE(report.valid()) << "the generator made an invalid content: "
                                << report.diagnostics()[0].message();

    const DumpResult dump = DumpChannelFile(AsBytes(file), schema, no_targets);
    ASSERT_TRUE(dump.source_json.has_value());
    const CompileResult compiled = CompileSource(*dump.source_json, schema, no_targets);
    ASSERT_TRUE(compiled.channel_file.has_value()) << *dump.source_json;
    ASSERT_TRUE(*compiled.channel_file == file) << *dump.source_json;
    EXPECT_EQ(compiled.report.errors(), 0u);
    EXPECT_EQ(compiled.report.warnings(), report.warnings());

    const DumpResult again = DumpChannelFile(AsBytes(*compiled.channel_file), schema, no_targets);
    ASSERT_TRUE(again.source_json.has_value());
    ASSERT_EQ(*again.source_json, *dump.source_json);
    ++checked;
  }
  EXPECT_EQ(checked, 1200);
  EXPECT_GT(instances, 3000);
}

// The instance objects of a dumped document, as text.
std::string InstancesText(const std::string& dump) {
  const std::string open = "\"instances\": [\n";
  const size_t begin = dump.find(open);
  const size_t end = dump.rfind("\n  ]");
  if (begin == std::string::npos || end == std::string::npos) return "";
  return dump.substr(begin + open.size(), end - begin - open.size());
}

TEST(RoundTripTest, SourceInAnyInstanceOrderCompilesToTheSameBytes) {
  const Schema& schema = test::ExampleSchema();
  ValidateOptions no_targets;
  no_targets.target_sensors.emplace();
  Generator generator(7);
  for (int round = 0; round < 200; ++round) {
    SCOPED_TRACE(round);
    const Content content = generator.RandomContent(schema);
    const std::string file = EncodeChannelFile(content);
    // A source with the instances in descending id order, built from the
    // dump of each instance alone.
    Content sorted = *DecodeChannelFile(AsBytes(file), schema);
    std::string source =
        "{\"channel\": 291, \"content_version\": " + std::to_string(content.content_version) +
        ", \"instances\": [";
    for (size_t k = sorted.instances.size(); k-- > 0;) {
      Content one{sorted.channel_id, sorted.content_version, {sorted.instances[k]}};
      const std::string single = EncodeChannelFile(one);
      const DumpResult dump = DumpChannelFile(AsBytes(single), schema, no_targets);
      ASSERT_TRUE(dump.source_json.has_value());
      if (k + 1 != sorted.instances.size()) source += ",";
      source += InstancesText(*dump.source_json);
    }
    source += "]}";
    const CompileResult compiled = CompileSource(source, schema, no_targets);
    ASSERT_TRUE(compiled.channel_file.has_value()) << source;
    EXPECT_TRUE(*compiled.channel_file == file);
  }
}

// Mutated sources never crash the compiler, every compiled file is valid
// for the same targets and dumps to a source that compiles back to it, and a
// source with an error compiles to nothing.
TEST(RoundTripTest, MutatedSourcesCompileOnlyToValidFiles) {
  const Schema& schema = test::ExampleSchema();
  const ValidateOptions options;  // every sensor
  const std::string base = test::ReadFile(test::SourcePath("tests/data/source/valid/base.json"));
  const char* const tokens[] = {"0",
                                "-1",
                                "1.5",
                                "4294967296",
                                "\"any\"",
                                "{}",
                                "[]",
                                "null",
                                "true",
                                "\"nocase\": 1,",
                                "\"eq\"",
                                "\"range\"",
                                "\"x\"",
                                ",",
                                "}",
                                "\"",
                                "\\u0000",
                                "\"id\": 10,",
                                "18446744073709551615"};
  std::mt19937 rng(2024);
  int compiled = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[at] = static_cast<char>(rng());
          break;
        case 1:
          text.erase(at, 1 + rng() % 8);
          break;
        default:
          text.insert(at, tokens[rng() % std::size(tokens)]);
          break;
      }
    }
    const CompileResult result = CompileSource(text, schema, options);
    if (result.report.valid()) {
      ASSERT_TRUE(result.channel_file.has_value()) << text;
      const Report check = ValidateChannelFile(AsBytes(*result.channel_file), schema, options);
      ASSERT_TRUE(check.valid()) << text;
      EXPECT_EQ(check.warnings(), result.report.warnings()) << text;
      // dump(compile(src)) is a fixed point of compile-then-dump.
      const DumpResult dump = DumpChannelFile(AsBytes(*result.channel_file), schema, options);
      ASSERT_TRUE(dump.source_json.has_value());
      const CompileResult again = CompileSource(*dump.source_json, schema, options);
      ASSERT_TRUE(again.channel_file.has_value());
      ASSERT_TRUE(*again.channel_file == *result.channel_file) << text;
      const DumpResult redump = DumpChannelFile(AsBytes(*again.channel_file), schema, options);
      ASSERT_TRUE(redump.source_json.has_value());
      ASSERT_EQ(*redump.source_json, *dump.source_json);
      ++compiled;
    } else {
      ASSERT_FALSE(result.channel_file.has_value());
      ASSERT_FALSE(result.report.diagnostics().empty());
      for (const Diagnostic& d : result.report.diagnostics()) {
        ASSERT_TRUE(d.has_pointer()) << CodeName(d.code()) << " " << d.message();
        ASSERT_FALSE(d.has_offset()) << CodeName(d.code()) << " " << d.message();
      }
    }
  }
  EXPECT_GT(compiled, 100);
}

}  // namespace
}  // namespace contentgate
