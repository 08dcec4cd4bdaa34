// The agreement property: for every target sensor S, validation reports no
// CG400/CG402 for S exactly when simulation for S finds no out-of-bounds
// read — checked instance by instance over generated files.

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/simulate.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate {
namespace {

constexpr size_t kScatteredTypes = 24;

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  uint64_t Below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  uint64_t Between(uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng_);
  }
  bool OneIn(uint64_t n) { return Below(n) == 0; }

  // A random input count for `type`: often its field count or one less,
  // sometimes anything up to two more than its fields.
  uint32_t RandomInputs(const TemplateType& type) {
    const uint32_t fields = static_cast<uint32_t>(type.fields.size());
    if (OneIn(2)) return fields - static_cast<uint32_t>(Below(2));  // the interesting edge
    return static_cast<uint32_t>(Between(0, fields + 2));
  }

  // The example schema's template types with 1 to 3 sensors supplying random
  // input counts (sometimes none, sometimes more than the fields). In half
  // the schemas: kScatteredTypes types (the example's, then copies of them
  // under new ids), each sensor listing 1 to 4 scattered ones in random
  // order, a type sometimes twice (the later count wins).
  Schema RandomSchema(const Schema& example) {
    std::vector<TemplateType> types(example.template_types().begin(),
                                    example.template_types().end());
    const bool scattered = OneIn(2);
    if (scattered) {
      const size_t given = types.size();
      for (size_t i = given; i < kScatteredTypes; ++i) {
        TemplateType copy = types[i % given];
        copy.id = static_cast<uint16_t>(100 + i);
        copy.name = "scattered_" + std::to_string(i);
        types.push_back(std::move(copy));
      }
    }
    std::vector<Sensor> sensors;
    const uint64_t count = Between(1, 3);
    for (uint64_t s = 0; s < count; ++s) {
      std::vector<Sensor::Input> listed;
      if (scattered) {
        const uint64_t lists = Between(1, 4);
        for (uint64_t i = 0; i < lists; ++i) {
          const uint32_t t = static_cast<uint32_t>(Below(types.size()));
          listed.push_back({t, RandomInputs(types[t])});
          if (OneIn(8)) listed.push_back({t, RandomInputs(types[t])});
        }
      } else {
        for (uint32_t t = 0; t < types.size(); ++t) {
          if (!OneIn(12)) listed.push_back({t, RandomInputs(types[t])});  // else no input list
        }
      }
      Sensor sensor("1." + std::to_string(s), std::move(listed));
      sensors.push_back(std::move(sensor));
    }
    ChannelInfo channel = example.channel();
    return Schema(channel, std::move(types), std::move(sensors));
  }

  Criterion RandomCriterion(const Field& field) {
    std::vector<Op> ops;
    for (int op = 0; op < kOpCount; ++op) {
      if (field.ops.contains(static_cast<Op>(op))) ops.push_back(static_cast<Op>(op));
    }
    // Mostly `any` when allowed, so trailing fields are often wildcards.
    if (field.ops.contains(Op::kAny) && !OneIn(3)) return test::AnyCriterion();
    const Op op = ops[Below(ops.size())];
    switch (op) {
      case Op::kAny:
        return test::AnyCriterion();
      case Op::kEq:
      case Op::kNe:
        return test::IntCriterion(op, RandomValue(field));
      case Op::kRange: {
        uint64_t lo = Between(field.min, field.max), hi = Between(field.min, field.max);
        if (lo > hi) std::swap(lo, hi);
        return test::IntCriterion(op, lo, hi);
      }
      case Op::kMask: {
        const uint64_t mask = Between(1, TypeMax(field.type));
        return test::IntCriterion(op, mask, mask & Below(~uint64_t{0}));
      }
      case Op::kRegex: {
        static const char* kPatterns[] = {"^ab+c", "pipe\\\\[0-9a-f]{4}", "x|y", "(?i)evil"};
        return test::StringCriterion(op, kPatterns[Below(4)], OneIn(2));
      }
      default: {
        const uint64_t length = Between(field.min_length, std::min<uint64_t>(field.max_length, 12));
        std::string text;
        uint32_t stars = 0;
        for (uint64_t i = 0; i < length; ++i) {
          const char c = "abcAB\\._*?"[Below(10)];
          if (c == '*' && (op != Op::kGlob || stars == field.max_wildcards)) {
            text.push_back('s');
            continue;
          }
          stars += c == '*';
          text.push_back(c);
        }
        if (op == Op::kGlob && text.find_first_not_of('*') == std::string::npos) text[0] = 'g';
        return test::StringCriterion(op, text, OneIn(2));
      }
    }
  }

  uint64_t RandomValue(const Field& field) {
    if (field.type == FieldType::kEnum) return field.values[Below(field.values.size())].value;
    if (field.type == FieldType::kBool) return Below(2);
    return Between(field.min, field.max);
  }

  Content RandomContent(const Schema& schema) {
    Content content;
    content.channel_id = schema.channel().id;
    const uint64_t count = Between(1, 4);
    for (uint64_t k = 0; k < count; ++k) {
      const TemplateType& type = schema.template_types()[Below(schema.template_types().size())];
      Instance instance;
      instance.id = static_cast<uint32_t>(k + 1);
      instance.template_type_id = type.id;
      instance.disabled = OneIn(4);
      for (const Field& field : type.fields) instance.criteria.push_back(RandomCriterion(field));
      content.instances.push_back(std::move(instance));
    }
    return content;
  }

 private:
  std::mt19937_64 rng_;
};

TEST(AgreementTest, ValidationAndSimulationAgreeOnEverySensor) {
  constexpr int kFiles = 10000;
  constexpr double kMaxCostOverEncoding = 250;  // about 25 measured
  // Cost, as a ratio to a baseline measured in the same run: validating and
  // simulating a file against encoding the same file (both linear in its
  // size), so load and sanitizers move both sides alike.
  using Clock = std::chrono::steady_clock;
  Clock::duration encode_time{}, check_time{};
  Generator gen(20240719);
  int files_with_reads = 0, files_without = 0, no_list_findings = 0;
  // Instances of a type past the example's two that a sensor lists: the
  // core's binary search and Sensor::InputsFor on scattered pairs.
  int scattered_listed = 0;
  for (int round = 0; round < kFiles; ++round) {
    const Schema schema = gen.RandomSchema(test::ExampleSchema());
    const Content content = gen.RandomContent(schema);
    const Clock::time_point encode_start = Clock::now();
    const std::string file = test::Encode(content);
    const Clock::time_point check_start = Clock::now();
    encode_time += check_start - encode_start;
    ValidateOptions validate_options;
    validate_options.max_diagnostics = 100000;
    const Report report = ValidateChannelFile(AsBytes(file), schema, validate_options);
    SimulateOptions simulate_options;
    simulate_options.max_diagnostics = 100000;
    const absl::StatusOr<SimulateResult> result = Simulate(AsBytes(file), schema, simulate_options);
    check_time += Clock::now() - check_start;
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_TRUE(result->simulated) << "round " << round << ": generated content has errors";

    for (uint32_t s = 0; s < schema.sensors().size(); ++s) {
      const std::string& version = schema.sensors()[s].version;
      bool sensor_has_compat_error = false;
      bool sensor_has_read = false;
      for (const OutOfBoundsRead& read : result->out_of_bounds) {
        sensor_has_read |= read.sensor == version;
      }
      for (uint32_t k = 0; k < content.instances.size(); ++k) {
        // Per instance: the first CG400 criterion, or CG402.
        int first_cg400 = -1;
        bool cg402 = false;
        for (const Diagnostic& d : report.diagnostics()) {
          if (d.sensor() != version || !d.has_instance() || d.instance() != k) continue;
          if (d.code() == Code::kInputNotSupplied && first_cg400 < 0) {
            first_cg400 = static_cast<int>(d.criterion());
          }
          cg402 |= d.code() == Code::kNoInputList;
        }
        const int type_index = schema.FindTemplateTypeById(content.instances[k].template_type_id);
        if (type_index >= 2 &&
            schema.sensors()[s].InputsFor(static_cast<size_t>(type_index)) != Sensor::kNoInputs) {
          ++scattered_listed;
        }
        const OutOfBoundsRead* found = nullptr;
        for (const OutOfBoundsRead& read : result->out_of_bounds) {
          if (read.sensor == version && read.instance == k) found = &read;
        }
        sensor_has_compat_error |= first_cg400 >= 0 || cg402;
        ASSERT_EQ(found != nullptr, first_cg400 >= 0 || cg402)
            << "round " << round << " sensor " << version << " instance " << k;
        if (found == nullptr) continue;
        ASSERT_EQ(found->no_input_list, cg402) << "round " << round;
        if (first_cg400 >= 0) {
          ASSERT_EQ(found->criterion, static_cast<uint32_t>(first_cg400)) << "round " << round;
        }
      }
      // Every other diagnostic is a warning: the generator made valid content.
      for (const Diagnostic& d : report.diagnostics()) {
        if (d.code() != Code::kInputNotSupplied && d.code() != Code::kNoInputList) {
          ASSERT_EQ(d.severity(), Severity::kWarning) << "round " << round << " " << d.message();
        }
      }
      ASSERT_EQ(sensor_has_compat_error, sensor_has_read);
      (sensor_has_read ? files_with_reads : files_without) += 1;
    }
    for (const OutOfBoundsRead& read : result->out_of_bounds)
      no_list_findings += read.no_input_list;
  }
  const double encode_seconds = std::chrono::duration<double>(encode_time).count();
  const double check_seconds = std::chrono::duration<double>(check_time).count();
  // Both sides of the property are exercised, including missing input lists.
  EXPECT_GT(files_with_reads, kFiles / 10);
  EXPECT_GT(files_without, kFiles / 10);
  EXPECT_GT(no_list_findings, 100);
  EXPECT_GT(scattered_listed, 100);
  EXPECT_LT(check_seconds, kMaxCostOverEncoding * encode_seconds + 0.05)
      << "validate+simulate " << check_seconds << " s, encode " << encode_seconds << " s";
  std::printf(
      "agreement: %d files, %d (file, sensor) pairs with reads, %d without, %d scattered "
      "listed, validate+simulate %.3f s = %.1f x encode\n",
      kFiles, files_with_reads, files_without, scattered_listed, check_seconds,
      check_seconds / encode_seconds);
}

}  // namespace
}  // namespace contentgate
