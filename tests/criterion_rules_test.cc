// The validator's fast path (each field's compiled rule, cg_field in core.h, and the
// windowed string scans) against oracles restated from the format
// reference: every scalar operator, flag and operand on the example
// schema's fields and on fields built to reach the rules' edges, and
// strings of every length up to past the window, at and away from the end
// of the pool, next to bytes that would fail if the window read them.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "report_compare.h"
#include "test_support.h"
#include "validate_exact.h"

namespace contentgate {
namespace {

using test::AnyInstance;
using test::CriterionOffset;
using test::Encode;
using test::ExampleSchema;
using test::IntCriterion;
using test::MakeField;
using test::PatchLE64;
using test::PatchLE8;
using test::StringCriterion;

// The rules of CG300-CG307 for a non-string field.
bool OraclePasses(const Field& f, uint8_t code, uint8_t flags, uint64_t a0, uint64_t a1) {
  if (code >= kOpCount || !f.ops.contains(static_cast<Op>(code)) || flags != 0) return false;
  auto value_ok = [&](uint64_t v) {
    switch (f.type) {
      case FieldType::kBool:
        return v <= 1;
      case FieldType::kEnum:
        return f.FindEnumValue(v) != nullptr;
      default:
        return v <= TypeMax(f.type) && v >= f.min && v <= f.max;
    }
  };
  switch (static_cast<Op>(code)) {
    case Op::kAny:
      return a0 == 0 && a1 == 0;
    case Op::kEq:
    case Op::kNe:
      return a1 == 0 && value_ok(a0);
    case Op::kRange:
      return value_ok(a0) && value_ok(a1) && a0 <= a1;
    case Op::kMask:
      return a0 != 0 && a0 <= TypeMax(f.type) && (a1 & ~a0) == 0;
    default:
      return false;
  }
}

// Every operator code (and one past), flag byte and operand pair from
// `values` on every non-string field of type `type_id`, one criterion at a
// time in an otherwise valid file: valid exactly when the oracle says so,
// and every diagnostic on that criterion. Returns the cases checked.
int CheckEveryScalarCriterion(const Schema& schema, uint16_t type_id,
                              const ValidateOptions& options, const std::vector<uint64_t>& values) {
  const TemplateType& type = schema.template_types()[schema.FindTemplateTypeById(type_id)];
  Content content;
  content.channel_id = schema.channel().id;
  content.instances = {AnyInstance(schema, 1, type_id)};
  const std::string base = Encode(content);
  int checked = 0;
  for (uint32_t i = 0; i < type.fields.size(); ++i) {
    const Field& field = type.fields[i];
    if (field.type == FieldType::kString) continue;
    const size_t at = CriterionOffset(base, i);
    for (uint8_t code = 0; code <= kOpCount; ++code) {
      for (const uint8_t flags : {0, 1, 2}) {
        for (const uint64_t a0 : values) {
          for (const uint64_t a1 : values) {
            std::string file = base;
            PatchLE8(&file, at, code, false);
            PatchLE8(&file, at + 1, flags, false);
            PatchLE64(&file, at + 8, a0, false);
            PatchLE64(&file, at + 16, a1);
            const Report report = ValidateChannelFile(AsBytes(file), schema, options);
            const bool expected = OraclePasses(field, code, flags, a0, a1);
            EXPECT_EQ(report.diagnostics().empty(), expected)
                << field.name << " op " << int{code} << " flags " << int{flags} << " " << a0 << " "
                << a1;
            if (report.diagnostics().empty() != expected) {
              for (const Diagnostic& d : report.diagnostics())
                ADD_FAILURE() << CodeName(d.code()) << " " << d.message();
              return checked;
            }
            for (const Diagnostic& d : report.diagnostics()) {
              EXPECT_EQ(d.criterion(), i);
              EXPECT_EQ(d.offset(), at);
            }
            ++checked;
          }
        }
      }
    }
  }
  return checked;
}

TEST(ScalarRuleTest, ExampleSchemaFieldsAgainstTheOracle) {
  const std::vector<uint64_t> values = {
      0,           1, 2, 3, 4, 5, 254, 255, 256, 0xFFFF, 0x10000, 0xFFFFFFFF, uint64_t{1} << 32,
      ~uint64_t{0}};
  const int checked = CheckEveryScalarCriterion(
      ExampleSchema(), 1, test::TargetSensors(ExampleSchema(), {"7.16"}), values);
  EXPECT_EQ(checked, 13 * 12 * 3 * 14 * 14);  // 13 non-string fields
}

// Fields at the edges of the compiled rules: full and upper-half u64 ranges
// (a range's order test is an unsigned difference), bounds that exclude
// everything (a schema built in code may have min > max), a partial
// operator set, and enums whose values do or do not all fit a 64-bit set.
Schema EdgeSchema() {
  std::vector<Field> fields;
  fields.push_back(MakeField("u64_full", FieldType::kU64));
  Field high = MakeField("u64_high", FieldType::kU64);
  high.min = uint64_t{1} << 63;
  fields.push_back(high);
  Field empty = MakeField("u8_min_above_max", FieldType::kU8);
  empty.min = 10;
  empty.max = 5;
  fields.push_back(empty);
  Field bounded = MakeField("u16_bounded", FieldType::kU16);
  bounded.min = 1;
  bounded.max = 255;
  fields.push_back(bounded);
  Field some_ops = MakeField("u32_any_ne_range", FieldType::kU32);
  some_ops.ops = OpSet();
  some_ops.ops.insert(Op::kAny);
  some_ops.ops.insert(Op::kNe);
  some_ops.ops.insert(Op::kRange);
  fields.push_back(some_ops);
  fields.push_back(MakeField("flag", FieldType::kBool));
  Field small = MakeField("enum_small", FieldType::kEnum);
  small.values = {{"zero", 0}, {"five", 5}, {"last_bit", 63}};
  fields.push_back(small);
  Field big = MakeField("enum_big", FieldType::kEnum);
  big.values = {{"one", 1}, {"sixty_four", 64}, {"thousand", 1000}};
  fields.push_back(big);
  Field top = MakeField("enum_top", FieldType::kEnum);
  top.values = {{"top", 0xFFFFFFFF}};
  fields.push_back(top);
  TemplateType type;
  type.id = 1;
  type.name = "edges";
  type.fields = std::move(fields);
  ChannelInfo channel;
  channel.id = 9;
  channel.name = "edges";
  Sensor sensor;
  sensor.version = "1.0";
  sensor.SetInputs({{0, static_cast<uint32_t>(type.fields.size())}});
  std::vector<TemplateType> types;
  types.push_back(std::move(type));
  return Schema(std::move(channel), std::move(types), {std::move(sensor)});
}

TEST(ScalarRuleTest, EdgeFieldsAgainstTheOracle) {
  const Schema schema = EdgeSchema();
  const uint64_t half = uint64_t{1} << 63;
  const std::vector<uint64_t> values = {0,
                                        1,
                                        2,
                                        4,
                                        5,
                                        6,
                                        10,
                                        63,
                                        64,
                                        65,
                                        255,
                                        256,
                                        1000,
                                        0xFFFF,
                                        0xFFFFFFFF,
                                        half - 1,
                                        half,
                                        half + 1,
                                        ~uint64_t{0} - 1,
                                        ~uint64_t{0}};
  const int checked = CheckEveryScalarCriterion(schema, 1, ValidateOptions{}, values);
  EXPECT_EQ(checked, 9 * 12 * 3 * 20 * 20);
}

// Variants of Text: the last byte (the window's edge) and one byte at
// random replaced by a byte that fails, and a well-formed non-ASCII end.
constexpr int kTextVariants = 6;

// One text of `size` bytes: 'a' and '*' at random, or (by `variant`) with a
// NUL or a lone continuation byte last or at random, or ending in "é".
std::string Text(size_t size, std::mt19937* rng, int variant) {
  std::string text(size, 'a');
  for (char& c : text) c = (*rng)() % 3 == 0 ? '*' : 'a';
  const size_t random = (*rng)() % size;
  switch (variant) {
    case 1:
      text[size - 1] = '\0';
      break;
    case 2:
      text[size - 1] = '\x80';
      break;
    case 3:
      text[random] = '\0';
      break;
    case 4:
      text[random] = '\x80';
      break;
    case 5:
      if (size >= 2) text.replace(size - 2, 2, "\xC3\xA9");
      break;
  }
  return text;
}

struct Expected {
  uint32_t criterion;
  Code code;
  bool operator==(const Expected& o) const { return criterion == o.criterion && code == o.code; }
  bool operator<(const Expected& o) const {
    return criterion != o.criterion ? criterion < o.criterion : code < o.code;
  }
};

// What the format reference says of one string criterion on `field`.
void ExpectString(const Field& field, uint32_t criterion, Op op, const std::string& text,
                  std::vector<Expected>* out) {
  const bool bad = text.find('\0') != std::string::npos || text.find('\x80') != std::string::npos;
  if (bad) out->push_back({criterion, Code::kBadUtf8});
  if (op != Op::kGlob) return;
  const size_t stars = static_cast<size_t>(std::count(text.begin(), text.end(), '*'));
  if (stars > field.max_wildcards) out->push_back({criterion, Code::kTooManyWildcards});
  if (stars == text.size()) out->push_back({criterion, Code::kGlobMatchesAll});
}

// Strings of 1 to 72 bytes (the window is 64) checked by the fast path at
// the start of a pool followed by 64 or 10 filler bytes, and at its end
// (where the window would pass the end of the file); the filler is a byte
// that fails (NUL, a continuation byte), a glob star, or plain ASCII. Bytes
// the window reads past its string may only send a string to the exact
// checks; a window that dropped one of the string's own bytes would pass a
// bad one.
TEST(StringRuleTest, EveryLengthNextToEveryFillerAtEveryPlace) {
  const Schema& schema = ExampleSchema();
  const TemplateType& type = schema.template_types()[0];
  const uint32_t kFirst = 1;    // server_image_path: max_wildcards 16
  const uint32_t kSecond = 16;  // server_command_line: max_wildcards 8
  const ValidateOptions options = test::TargetSensors(schema, {"7.16"});
  std::mt19937 rng(42);
  int checked = 0;
  for (size_t size = 1; size <= 72; ++size) {
    for (const char filler : {'\0', '\x80', '*', 'a'}) {
      for (const size_t filler_size : {size_t{64}, size_t{10}}) {
        for (const bool text_first : {true, false}) {
          for (const Op op : {Op::kGlob, Op::kPrefix}) {
            for (int variant = 0; variant < kTextVariants; ++variant) {
              const std::string text = Text(size, &rng, variant);
              const std::string fill(filler_size, filler);
              const uint32_t text_at = text_first ? kFirst : kSecond;
              const uint32_t fill_at = text_first ? kSecond : kFirst;
              Content content;
              content.channel_id = schema.channel().id;
              content.instances = {AnyInstance(schema, 1, 1)};
              content.instances[0].criteria[text_at] = StringCriterion(op, text);
              content.instances[0].criteria[fill_at] = StringCriterion(Op::kPrefix, fill);
              const std::string file = Encode(content);

              std::vector<Expected> expected;
              ExpectString(type.fields[text_at], text_at, op, text, &expected);
              ExpectString(type.fields[fill_at], fill_at, Op::kPrefix, fill, &expected);
              std::sort(expected.begin(), expected.end());
              std::vector<Expected> got;
              const Report report = ValidateChannelFile(AsBytes(file), schema, options);
              for (const Diagnostic& d : report.diagnostics()) {
                got.push_back({d.criterion(), d.code()});
                EXPECT_EQ(d.offset(), CriterionOffset(file, d.criterion()));
              }
              std::sort(got.begin(), got.end());
              ASSERT_EQ(got.size(), expected.size())
                  << "size " << size << " filler " << int{filler} << "x" << filler_size
                  << " text first " << text_first << " op " << OpName(op) << " variant " << variant;
              EXPECT_TRUE(got == expected);
              ++checked;
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 72 * 4 * 2 * 2 * 2 * kTextVariants);
}

// A content whose pool is longer than the window, with strings that start
// more and fewer than 64 bytes before its end.
Content LongPoolContent() {
  const Schema& schema = ExampleSchema();
  Content content;
  content.channel_id = schema.channel().id;
  Instance pipe = AnyInstance(schema, 1, 1);
  pipe.criteria[0] = StringCriterion(Op::kPrefix, "\\\\.\\pipe\\evil");
  pipe.criteria[1] = StringCriterion(Op::kSuffix, std::string(70, 'x') + "\\evil.exe");
  pipe.criteria[16] = StringCriterion(Op::kGlob, "*evil* --quiet *");
  pipe.criteria[18] = StringCriterion(Op::kStrEq, "S-1-5-18");
  pipe.criteria[4] = IntCriterion(Op::kRange, 4, 100);
  pipe.criteria[9] = IntCriterion(Op::kMask, 0xF, 0x1);
  pipe.criteria[14] = IntCriterion(Op::kNe, 2);
  content.instances = {std::move(pipe), AnyInstance(schema, 2, 2)};
  return content;
}

// A criterion entry (first word, arg0, arg1) that is likely valid for
// `field`: one of its operators but regex (RE2 is not the subject here),
// operands within its bounds and declared values, or a string inside a pool
// of `pool` bytes.
std::tuple<uint64_t, uint64_t, uint64_t> Plausible(const Field& field, uint64_t pool,
                                                   std::mt19937_64* rng) {
  std::vector<Op> ops;
  for (int op = 0; op < static_cast<int>(Op::kRegex); ++op) {
    if (field.ops.contains(static_cast<Op>(op))) ops.push_back(static_cast<Op>(op));
  }
  const Op op = ops[(*rng)() % ops.size()];
  auto value = [&]() -> uint64_t {
    switch (field.type) {
      case FieldType::kBool:
        return (*rng)() % 2;
      case FieldType::kEnum:
        return field.values[(*rng)() % field.values.size()].value;
      default:
        return field.min + (*rng)() % (std::min<uint64_t>(299, field.max - field.min) + 1);
    }
  };
  const uint64_t head =
      static_cast<uint64_t>(op) | (IsStringOp(op) && (*rng)() % 4 == 0 ? 0x100 : 0);
  switch (op) {
    case Op::kAny:
      return {head, 0, 0};
    case Op::kEq:
    case Op::kNe:
      return {head, value(), 0};
    case Op::kRange: {
      const uint64_t a = value();
      const uint64_t b = value();
      return {head, std::min(a, b), std::max(a, b)};
    }
    case Op::kMask: {
      const uint64_t mask = 1 + (*rng)() % 0xFFFE;
      return {head, mask, mask & (*rng)()};
    }
    default: {
      const uint64_t at = (*rng)() % pool;
      return {head, at, 1 + (*rng)() % std::min<uint64_t>(70, pool - at)};
    }
  }
}

// Random criterion entries in otherwise valid files: most of them
// plausible for their field (an operator of the field's kind; a string
// operand inside the pool), the rest anything, with operands near the
// rules' edges and the pool's end. The fast path must give exactly the
// report of the exact checks, diagnostic for diagnostic.
TEST(FastPathTest, SameReportAsTheExactChecksOnRandomCriteria) {
  const Schema& schema = ExampleSchema();
  const std::string base = Encode(LongPoolContent());
  const uint32_t criteria = 25;  // 21 of ipc_named_pipe, then 4 of ipc_pipe_connect
  const uint64_t pool = base.size() - CriterionOffset(base, criteria);
  const uint64_t edges[] = {0,         1,         2,        3,          4,
                            5,         8,         63,       64,         100,
                            255,       256,       0xFFFF,   0xFFFFFFFF, ~uint64_t{0},
                            pool - 64, pool - 63, pool - 8, pool - 1,   pool,
                            pool + 1};
  std::mt19937_64 rng(2024);
  auto edge = [&] { return edges[rng() % std::size(edges)]; };
  int invalid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string file = base;
    const int changes = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < changes; ++k) {
      const uint32_t j = static_cast<uint32_t>(rng() % criteria);
      const Field& field =
          j < 21 ? schema.template_types()[0].fields[j] : schema.template_types()[1].fields[j - 21];
      auto [head, arg0, arg1] = Plausible(field, pool, &rng);
      if (rng() % 4 == 0) head = rng() % 13 | (rng() % 2 ? (rng() % 3) << 8 : 0);
      if (rng() % 4 == 0) arg0 = edge();
      if (rng() % 4 == 0) arg1 = edge();
      const size_t at = CriterionOffset(file, j);
      PatchLE64(&file, at, head, false);
      PatchLE64(&file, at + 8, arg0, false);
      PatchLE64(&file, at + 16, arg1, false);
    }
    test::FixCrcs(&file);
    ValidateOptions options;
    options.max_diagnostics = 1 + rng() % 8;
    const Report fast = ValidateChannelFile(AsBytes(file), schema, options);
    Report exact;
    internal::ValidateChannelFileExact(AsBytes(file), schema, options, &exact);
    ASSERT_EQ(test::ReportDifference(fast, exact), "") << "round " << round;
    invalid += fast.valid() ? 0 : 1;
  }
  // Both verdicts were seen many times: not only broken files were compared.
  EXPECT_GT(invalid, 2000);
  EXPECT_LT(invalid, 18000);
}

}  // namespace
}  // namespace contentgate
