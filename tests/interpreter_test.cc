// Tests of the reference interpreter: each operator, input bounds, allocation.
#include "contentgate/interpreter.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "alloc_counter.h"
#include "contentgate/channel_view.h"
#include "glob_match.h"
#include "gtest/gtest.h"
#include "interpreter_filter.h"
#include "test_support.h"

namespace contentgate {
namespace {

using test::MakeField;

// One template type, id 7, "event": s (string), n (u32), w (u64), b (bool),
// e (enum local=0 smb=1 rpc=2), t (string). Sensor "1.0" supplies 6, "0.9" 4.
Schema TestSchema() {
  TemplateType type;
  type.id = 7;
  type.name = "event";
  type.fields.push_back(MakeField("s", FieldType::kString));
  type.fields.push_back(MakeField("n", FieldType::kU32));
  type.fields.push_back(MakeField("w", FieldType::kU64));
  type.fields.push_back(MakeField("b", FieldType::kBool));
  Field e = MakeField("e", FieldType::kEnum);
  e.values = {{"local", 0}, {"smb", 1}, {"rpc", 2}};
  type.fields.push_back(e);
  type.fields.push_back(MakeField("t", FieldType::kString));
  ChannelInfo channel;
  channel.id = 5;
  channel.name = "test";
  Sensor full("1.0", {{0, 6}});
  Sensor short_sensor("0.9", {{0, 4}});
  return Schema(channel, {type}, {full, short_sensor});
}

using test::AnyCriterion;
using test::IntCriterion;
using test::StringCriterion;

// An instance of "event" whose criterion `index` is `c` and the rest `any`.
Instance One(uint32_t id, size_t index, Criterion c) {
  Instance instance;
  instance.id = id;
  instance.template_type_id = 7;
  instance.criteria.assign(6, AnyCriterion());
  instance.criteria[index] = std::move(c);
  return instance;
}

class InterpreterTest : public ::testing::Test {
 protected:
  // True when a single-criterion instance (criterion on field `index`)
  // matches an event whose input `index` is `value` (others default).
  bool Matches(size_t index, Criterion c, InputValue value) {
    Content content;
    content.channel_id = 5;
    content.instances.push_back(One(1, index, std::move(c)));
    auto interpreter = Interpreter::FromContent(content, schema_);
    EXPECT_TRUE(interpreter.ok()) << interpreter.status();
    std::vector<InputValue> inputs = {InputValue::String(""), InputValue::Integer(0),
                                      InputValue::Integer(0), InputValue::Integer(0),
                                      InputValue::Integer(0), InputValue::String("")};
    inputs[index] = value;
    const EvalResult result = interpreter->Evaluate(0, inputs);
    EXPECT_TRUE(result.ok()) << result.ToStatus();
    return result.matched;
  }
  bool S(Criterion c, std::string_view text) {
    return Matches(0, std::move(c), InputValue::String(text));
  }
  bool N(Criterion c, uint64_t value) {
    return Matches(1, std::move(c), InputValue::Integer(value));
  }
  bool W(Criterion c, uint64_t value) {
    return Matches(2, std::move(c), InputValue::Integer(value));
  }

  Schema schema_ = TestSchema();
};

TEST_F(InterpreterTest, EqNe) {
  EXPECT_TRUE(N(IntCriterion(Op::kEq, 4), 4));
  EXPECT_FALSE(N(IntCriterion(Op::kEq, 4), 5));
  EXPECT_FALSE(N(IntCriterion(Op::kNe, 4), 4));
  EXPECT_TRUE(N(IntCriterion(Op::kNe, 4), 3));
  EXPECT_TRUE(W(IntCriterion(Op::kEq, ~uint64_t{0}), ~uint64_t{0}));
  EXPECT_TRUE(Matches(3, IntCriterion(Op::kEq, 1), InputValue::Integer(1)));  // bool
  EXPECT_FALSE(Matches(3, IntCriterion(Op::kEq, 1), InputValue::Integer(0)));
  EXPECT_TRUE(Matches(4, IntCriterion(Op::kNe, 2), InputValue::Integer(1)));  // enum
  EXPECT_FALSE(Matches(4, IntCriterion(Op::kEq, 2), InputValue::Integer(1)));
}

TEST_F(InterpreterTest, RangeIsInclusive) {
  EXPECT_FALSE(N(IntCriterion(Op::kRange, 100, 200), 99));
  EXPECT_TRUE(N(IntCriterion(Op::kRange, 100, 200), 100));
  EXPECT_TRUE(N(IntCriterion(Op::kRange, 100, 200), 200));
  EXPECT_FALSE(N(IntCriterion(Op::kRange, 100, 200), 201));
  EXPECT_TRUE(W(IntCriterion(Op::kRange, 0, ~uint64_t{0}), ~uint64_t{0}));
  EXPECT_TRUE(W(IntCriterion(Op::kRange, 7, 7), 7));
}

TEST_F(InterpreterTest, Mask) {
  EXPECT_TRUE(N(IntCriterion(Op::kMask, 3, 1), 1));
  EXPECT_TRUE(N(IntCriterion(Op::kMask, 3, 1), 0xFD));
  EXPECT_FALSE(N(IntCriterion(Op::kMask, 3, 1), 3));
  EXPECT_FALSE(N(IntCriterion(Op::kMask, 3, 1), 0));
  EXPECT_TRUE(W(IntCriterion(Op::kMask, uint64_t{1} << 63, uint64_t{1} << 63), ~uint64_t{0}));
}

TEST_F(InterpreterTest, StrEq) {
  EXPECT_TRUE(S(StringCriterion(Op::kStrEq, "abc"), "abc"));
  EXPECT_FALSE(S(StringCriterion(Op::kStrEq, "abc"), "ABC"));
  EXPECT_FALSE(S(StringCriterion(Op::kStrEq, "abc"), "abcd"));
  EXPECT_FALSE(S(StringCriterion(Op::kStrEq, "abc"), "ab"));
  EXPECT_TRUE(S(StringCriterion(Op::kStrEq, "abc", true), "ABC"));
  EXPECT_TRUE(S(StringCriterion(Op::kStrEq, "aBc", true), "AbC"));
}

TEST_F(InterpreterTest, PrefixSuffixContains) {
  EXPECT_TRUE(S(StringCriterion(Op::kPrefix, "\\\\.\\pipe\\"), "\\\\.\\pipe\\x"));
  EXPECT_TRUE(S(StringCriterion(Op::kPrefix, "ab"), "ab"));
  EXPECT_FALSE(S(StringCriterion(Op::kPrefix, "ab"), "a"));
  EXPECT_FALSE(S(StringCriterion(Op::kPrefix, "ab"), "xab"));
  EXPECT_TRUE(S(StringCriterion(Op::kPrefix, "AB", true), "abc"));
  EXPECT_TRUE(S(StringCriterion(Op::kSuffix, "\\rundll32.exe", true), "C:\\Windows\\RUNDLL32.EXE"));
  EXPECT_FALSE(S(StringCriterion(Op::kSuffix, "\\rundll32.exe"), "C:\\Windows\\RUNDLL32.EXE"));
  EXPECT_FALSE(S(StringCriterion(Op::kSuffix, "long suffix"), "suffix"));
  EXPECT_TRUE(S(StringCriterion(Op::kContains, "mid"), "amidst"));
  EXPECT_FALSE(S(StringCriterion(Op::kContains, "MID"), "amidst"));
  EXPECT_TRUE(S(StringCriterion(Op::kContains, "MID", true), "amidst"));
  EXPECT_TRUE(S(StringCriterion(Op::kContains, "st", true), "amidST"));
  EXPECT_FALSE(S(StringCriterion(Op::kContains, "xyz", true), "xy"));
  EXPECT_TRUE(
      S(StringCriterion(Op::kContains, "abcabd"), "abcabcabd"));  // a partial match restarts
  EXPECT_TRUE(S(StringCriterion(Op::kContains, "ABCABD", true), "xabcabcabdx"));
  EXPECT_TRUE(S(StringCriterion(Op::kContains, "*?"), "a*?b"));  // no wildcards in contains
}

TEST_F(InterpreterTest, NocaseFoldsAsciiOnly) {
  // É (U+00C9) and é (U+00E9) differ beyond ASCII: not folded.
  EXPECT_FALSE(S(StringCriterion(Op::kStrEq, "\xC3\x89t\xC3\xA9", true), "\xC3\xA9t\xC3\xA9"));
  EXPECT_TRUE(S(StringCriterion(Op::kStrEq, "\xC3\xA9T\xC3\xA9", true), "\xC3\xA9t\xC3\xA9"));
  // Only A-Z/a-z: '@' (0x40) and '`' (0x60) differ by the case bit but are not letters.
  EXPECT_FALSE(S(StringCriterion(Op::kStrEq, "@", true), "`"));
  EXPECT_FALSE(S(StringCriterion(Op::kStrEq, "[", true), "{"));
}

TEST_F(InterpreterTest, Glob) {
  EXPECT_TRUE(S(StringCriterion(Op::kGlob, "\\\\.\\pipe\\msagent_*"), "\\\\.\\pipe\\msagent_f0"));
  EXPECT_TRUE(
      S(StringCriterion(Op::kGlob, "\\\\.\\pipe\\msagent_*", true), "\\\\.\\PIPE\\MSAGENT_f0"));
  EXPECT_FALSE(S(StringCriterion(Op::kGlob, "\\\\.\\pipe\\msagent_*"), "\\\\.\\PIPE\\MSAGENT_f0"));
  EXPECT_TRUE(S(StringCriterion(Op::kGlob, "a?c"),
                "a\xE2\x82\xAC"
                "c"));
  EXPECT_TRUE(S(StringCriterion(Op::kGlob, "*_wkssvc*"), "x_wkssvc"));
}

TEST_F(InterpreterTest, RegexIsUnanchoredRe2) {
  EXPECT_TRUE(S(StringCriterion(Op::kRegex, "pipe\\\\[0-9a-f]{4}"), "\\\\.\\pipe\\beef!"));
  EXPECT_FALSE(S(StringCriterion(Op::kRegex, "^pipe"), "\\\\.\\pipe\\beef"));
  EXPECT_FALSE(S(StringCriterion(Op::kRegex, "PIPE"), "pipe"));
  EXPECT_TRUE(S(StringCriterion(Op::kRegex, "PIPE", true), "pipe"));
  // RE2's case-insensitive mode folds beyond ASCII (unlike the other operators).
  EXPECT_TRUE(S(StringCriterion(Op::kRegex, "\xC3\x89", true), "\xC3\xA9"));
}

TEST_F(InterpreterTest, AnyNeverReadsItsInput) {
  Content content;
  Instance all_any = One(1, 0, AnyCriterion());
  content.instances.push_back(all_any);
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok());
  EXPECT_EQ(interpreter->inputs_required(0), 0u);
  const EvalResult result = interpreter->Evaluate(0, {});
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(result.matched);
  // A wrongly typed input under `any` is not read either.
  const std::vector<InputValue> wrong(6, InputValue::Integer(1));
  EXPECT_TRUE(interpreter->Evaluate(0, wrong).ok());
}

TEST_F(InterpreterTest, BoundsCheckReportsInsteadOfReading) {
  Content content;
  Instance instance = One(13, 5, StringCriterion(Op::kSuffix, "\\rundll32.exe", true));
  instance.criteria[1] = IntCriterion(Op::kRange, 4, 9);
  content.instances.push_back(One(3, 0, AnyCriterion()));
  content.instances.push_back(instance);
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok());
  EXPECT_EQ(interpreter->inputs_required(1), 6u);

  // Exactly five inputs: input 5 is not supplied. The span is a window of a
  // larger array, so reading past it would read a matching value.
  const std::vector<InputValue> backing = {
      InputValue::String("x"), InputValue::Integer(5), InputValue::Integer(0),
      InputValue::Integer(0),  InputValue::Integer(0), InputValue::String("a\\rundll32.exe")};
  const absl::Span<const InputValue> five(backing.data(), 5);
  const EvalResult result = interpreter->Evaluate(1, five);
  EXPECT_EQ(result.error, EvalError::kInputNotSupplied);
  EXPECT_FALSE(result.matched);
  EXPECT_EQ(result.instance, 1u);
  EXPECT_EQ(result.instance_id, 13u);
  EXPECT_EQ(result.criterion, 5u);
  EXPECT_EQ(result.inputs_supplied, 5u);
  EXPECT_EQ(result.field, "t");
  const absl::Status status = result.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(status.message(),
            "instance 13 (index 1): criterion 5 (field 't') would read input 5, but the event "
            "supplies 5 inputs");

  // With all six inputs it evaluates.
  const EvalResult full = interpreter->Evaluate(1, backing);
  EXPECT_TRUE(full.ok());
  EXPECT_TRUE(full.matched);
}

TEST_F(InterpreterTest, ModeDecidesWhetherAMismatchHidesALaterRead) {
  Content content;
  Instance instance = One(13, 5, StringCriterion(Op::kSuffix, "x"));
  instance.criteria[1] = IntCriterion(Op::kEq, 4);
  content.instances.push_back(instance);
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok());
  const std::vector<InputValue> four = {InputValue::String(""), InputValue::Integer(5),
                                        InputValue::Integer(0), InputValue::Integer(0)};
  // Criterion 1 does not match: a sensor stops there and never reaches 5.
  const EvalResult stop = interpreter->Evaluate(0, four, EvalMode::kStopAtFirstMismatch);
  EXPECT_TRUE(stop.ok());
  EXPECT_FALSE(stop.matched);
  const EvalResult every = interpreter->Evaluate(0, four, EvalMode::kEveryCriterion);
  EXPECT_EQ(every.error, EvalError::kInputNotSupplied);
  EXPECT_EQ(every.criterion, 5u);
  EXPECT_EQ(every.inputs_supplied, 4u);
}

TEST_F(InterpreterTest, TypeMismatchIsAnError) {
  Content content;
  content.instances.push_back(One(9, 1, IntCriterion(Op::kEq, 4)));
  content.instances.push_back(One(10, 0, StringCriterion(Op::kStrEq, "4")));
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok());
  const std::vector<InputValue> swapped = {InputValue::Integer(4), InputValue::String("4")};
  EvalResult result = interpreter->Evaluate(0, swapped);
  EXPECT_EQ(result.error, EvalError::kTypeMismatch);
  EXPECT_EQ(result.instance_id, 9u);
  EXPECT_EQ(result.criterion, 1u);
  EXPECT_EQ(result.field, "n");
  EXPECT_EQ(result.ToStatus().code(), absl::StatusCode::kInvalidArgument);
  result = interpreter->Evaluate(1, swapped);
  EXPECT_EQ(result.error, EvalError::kTypeMismatch);
  EXPECT_EQ(result.instance_id, 10u);
  EXPECT_EQ(result.criterion, 0u);
  EXPECT_EQ(result.field, "s");
}

TEST_F(InterpreterTest, EvaluateEventSkipsDisabledAndOtherTypes) {
  Content content;
  content.instances.push_back(One(1, 1, IntCriterion(Op::kEq, 4)));
  Instance disabled = One(2, 1, IntCriterion(Op::kEq, 4));
  disabled.disabled = true;
  content.instances.push_back(disabled);
  content.instances.push_back(One(3, 1, IntCriterion(Op::kEq, 5)));
  content.instances.push_back(One(4, 0, StringCriterion(Op::kPrefix, "a")));
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok());
  const std::vector<InputValue> event = {InputValue::String("abc"), InputValue::Integer(4)};
  std::vector<uint32_t> matches;
  EvalResult result = interpreter->EvaluateEvent(7, event, &matches);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.matched);
  EXPECT_EQ(matches, (std::vector<uint32_t>{0, 3}));
  // Instance 2 (disabled) would match when evaluated directly.
  EXPECT_TRUE(interpreter->Evaluate(1, event).matched);
  EXPECT_TRUE(interpreter->disabled(1));

  result = interpreter->EvaluateEvent(99, event, &matches);
  EXPECT_TRUE(result.ok());
  EXPECT_FALSE(result.matched);
  EXPECT_TRUE(matches.empty());

  // A short event stops at the first instance that needs more inputs.
  result = interpreter->EvaluateEvent(7, absl::MakeConstSpan(event).subspan(0, 1), &matches);
  EXPECT_EQ(result.error, EvalError::kInputNotSupplied);
  EXPECT_EQ(result.instance_id, 1u);
  EXPECT_EQ(result.criterion, 1u);
}

// EvaluateEvent walks a column of one filter per instance (its most
// selective criterion's) and evaluates an instance only when the filter
// passes: it must give exactly what Evaluate gives instance by instance,
// matches and errors alike.
TEST_F(InterpreterTest, EvaluateEventAgreesWithEvaluateOnEveryInstance) {
  Content content;
  content.instances.push_back(One(1, 0, AnyCriterion()));  // every criterion `any`
  content.instances.push_back(One(2, 0, StringCriterion(Op::kPrefix, "ab")));
  Instance later = One(3, 1, IntCriterion(Op::kEq, 4));
  later.criteria[5] = StringCriterion(Op::kSuffix, "z");
  content.instances.push_back(later);
  Instance disabled = One(4, 0, StringCriterion(Op::kPrefix, "a"));
  disabled.disabled = true;
  content.instances.push_back(disabled);
  content.instances.push_back(One(5, 3, IntCriterion(Op::kEq, 1)));
  Instance deep = One(6, 1, IntCriterion(Op::kRange, 0, 9));
  deep.criteria[4] = IntCriterion(Op::kNe, 2);
  content.instances.push_back(deep);
  // String operators behind the column's size and byte-signature filter.
  content.instances.push_back(One(7, 5, StringCriterion(Op::kContains, "YZ", true)));
  content.instances.push_back(One(8, 0, StringCriterion(Op::kGlob, "a?c*")));
  content.instances.push_back(One(9, 0, StringCriterion(Op::kStrEq, "ABC", true)));
  content.instances.push_back(One(10, 5, StringCriterion(Op::kSuffix, "yz")));
  content.instances.push_back(One(11, 0, StringCriterion(Op::kGlob, "*q*")));
  content.instances.push_back(One(12, 0, StringCriterion(Op::kRegex, "^a.c$")));
  // The filter is a later criterion's (the most selective), not the first's.
  Instance chosen = One(13, 1, IntCriterion(Op::kNe, 7));
  chosen.criteria[5] = StringCriterion(Op::kStrEq, "xyz");
  content.instances.push_back(chosen);
  Instance behind_error = One(14, 2, IntCriterion(Op::kNe, 1));
  behind_error.criteria[5] = StringCriterion(Op::kSuffix, "YZ", true);
  content.instances.push_back(behind_error);
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok());

  const std::vector<std::vector<InputValue>> full_events = {
      {InputValue::String("abc"), InputValue::Integer(4), InputValue::Integer(0),
       InputValue::Integer(1), InputValue::Integer(0), InputValue::String("xyz")},
      {InputValue::String("b"), InputValue::Integer(5), InputValue::Integer(0),
       InputValue::Integer(0), InputValue::Integer(2), InputValue::String("")},
      // Kinds swapped: a type mismatch at the first criterion of instance 2.
      {InputValue::Integer(0), InputValue::Integer(4), InputValue::Integer(0),
       InputValue::Integer(1), InputValue::Integer(0), InputValue::String("z")},
      // A type mismatch past the first criterion of instance 3.
      {InputValue::String("x"), InputValue::Integer(4), InputValue::Integer(0),
       InputValue::Integer(1), InputValue::Integer(0), InputValue::Integer(0)},
  };
  std::vector<uint32_t> matches;
  int errors = 0;
  for (const auto& full : full_events) {
    for (size_t supplied = 0; supplied <= full.size(); ++supplied) {
      const auto event = absl::MakeConstSpan(full).subspan(0, supplied);
      std::vector<uint32_t> want;
      EvalResult want_result;
      for (uint32_t k = 0; k < interpreter->instance_count(); ++k) {
        if (interpreter->disabled(k)) continue;
        const EvalResult one = interpreter->Evaluate(k, event);
        if (!one.ok()) {
          want_result = one;
          break;
        }
        if (one.matched) want.push_back(k);
      }
      want_result.matched = want_result.ok() && !want.empty();
      const EvalResult got = interpreter->EvaluateEvent(7, event, &matches);
      SCOPED_TRACE(testing::Message()
                   << "event " << (&full - full_events.data()) << ", " << supplied << " inputs");
      EXPECT_EQ(matches, want);
      EXPECT_EQ(got.error, want_result.error);
      EXPECT_EQ(got.matched, want_result.matched);
      EXPECT_EQ(got.instance, want_result.instance);
      EXPECT_EQ(got.instance_id, want_result.instance_id);
      EXPECT_EQ(got.criterion, want_result.criterion);
      EXPECT_EQ(got.inputs_supplied, want_result.inputs_supplied);
      EXPECT_EQ(got.field, want_result.field);
      errors += got.ok() ? 0 : 1;
    }
  }
  // Both kinds of error, at a first criterion and past it, were reached.
  EXPECT_GE(errors, 10);
  const std::vector<InputValue>& first = full_events[0];
  ASSERT_TRUE(interpreter->EvaluateEvent(7, first, &matches).ok());
  EXPECT_EQ(matches, (std::vector<uint32_t>{0, 1, 2, 4, 5, 6, 7, 8, 9, 11, 12, 13}));
  EXPECT_EQ(interpreter->EvaluateEvent(7, full_events[2], &matches).error,
            EvalError::kTypeMismatch);
  EXPECT_EQ(interpreter->EvaluateEvent(7, full_events[3], &matches).criterion, 5u);
}

// The probe of str_eq, prefix and suffix (8 operand bytes at a fixed
// offset from the anchored end): EvaluateEvent agrees with Evaluate for
// operands shorter than, as long as and longer than 8 bytes, empty ones,
// NOCASE, non-ASCII bytes (never folded) and inputs shorter than the operand.
TEST_F(InterpreterTest, ProbeAgreesWithEvaluateOnEdgeCases) {
  const std::vector<std::string> operands = {"",
                                             "a",
                                             "Ab",
                                             "abcdefg",
                                             "abcdefgh",
                                             "abcdefghi",
                                             "ABCDEFGHIJKL",
                                             "\xc3\xa9t\xc3\xa9",
                                             "\xc3\x89T\xc3\x89",
                                             "xyz\xff"
                                             "ABCDEFGH"};
  const std::vector<std::string> texts = {"",
                                          "a",
                                          "A",
                                          "ab",
                                          "AB",
                                          "abcdefg",
                                          "ABCDEFG",
                                          "abcdefgh",
                                          "xabcdefgh",
                                          "abcdefghi",
                                          "abcdefghij",
                                          "ABCDEFGHIJKL",
                                          "abcdefghijkl",
                                          "xxabcdefghijkl",
                                          "\xc3\xa9t\xc3\xa9",
                                          "\xc3\x89T\xc3\x89",
                                          "\xc3\x89t\xc3\xa9",
                                          "xyz\xff"
                                          "abcdefgh",
                                          "xyz\xff"
                                          "ABCDEFGH",
                                          "0abcdefgh1"};
  Content content;
  uint32_t id = 0;
  for (Op op : {Op::kStrEq, Op::kPrefix, Op::kSuffix}) {
    for (const std::string& operand : operands) {
      for (bool nocase : {false, true}) {
        content.instances.push_back(One(++id, 0, StringCriterion(op, operand, nocase)));
        content.instances.push_back(One(++id, 5, StringCriterion(op, operand, nocase)));
      }
    }
  }
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok()) << interpreter.status();
  std::vector<uint32_t> matches;
  size_t matched = 0;
  for (const std::string& text : texts) {
    const std::vector<InputValue> event = {InputValue::String(text), InputValue::Integer(0),
                                           InputValue::Integer(0),   InputValue::Integer(0),
                                           InputValue::Integer(0),   InputValue::String(text)};
    std::vector<uint32_t> want;
    for (uint32_t k = 0; k < interpreter->instance_count(); ++k) {
      const EvalResult one = interpreter->Evaluate(k, event);
      ASSERT_TRUE(one.ok());
      if (one.matched) want.push_back(k);
    }
    const EvalResult got = interpreter->EvaluateEvent(7, event, &matches);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(matches, want) << "input '" << text << "'";
    matched += want.size();
  }
  // Both outcomes were exercised: some pairs match, most do not.
  EXPECT_GT(matched, 100u);
  EXPECT_LT(matched, texts.size() * content.instances.size() / 2);
}

// Random instances and events (some short, some with an input of the wrong
// kind): EvaluateEvent, whose filters pick any criterion of an instance,
// agrees with Evaluate instance by instance on matches and on errors.
TEST_F(InterpreterTest, EvaluateEventAgreesWithEvaluateOnRandomContent) {
  uint64_t state = 0x9E3779B97F4A7C15u;
  const auto next = [&state](uint64_t bound) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return (state >> 33) % bound;
  };
  const auto text = [&next](const char* alphabet, size_t size, uint64_t max_length) {
    std::string out;
    for (uint64_t i = next(max_length + 1); i > 0; --i) out += alphabet[next(size)];
    return out;
  };
  const Op kStringOps[] = {Op::kAny,      Op::kStrEq, Op::kPrefix, Op::kSuffix,
                           Op::kContains, Op::kGlob,  Op::kRegex};
  const Op kIntegerOps[] = {Op::kAny, Op::kEq, Op::kNe, Op::kRange, Op::kMask};
  size_t errors = 0;
  size_t matched = 0;
  for (int round = 0; round < 40; ++round) {
    Content content;
    for (uint32_t id = 1; id <= 60; ++id) {
      Instance instance = One(id, 0, AnyCriterion());
      instance.disabled = next(10) == 0;
      for (size_t i : {size_t{0}, size_t{5}}) {
        const Op op = kStringOps[next(7)];
        if (op == Op::kAny) continue;
        const std::string operand = op == Op::kGlob    ? text("aB*?", 4, 4)
                                    : op == Op::kRegex ? "^a"
                                                       : text("abAB\xc3", 5, 10);
        instance.criteria[i] = StringCriterion(op, operand, next(2) == 0);
      }
      for (size_t i : {size_t{1}, size_t{2}}) {
        const Op op = kIntegerOps[next(5)];
        const uint64_t a = next(8);
        const uint64_t b = op == Op::kMask ? a & next(8) : a + next(4);
        if (op != Op::kAny) instance.criteria[i] = IntCriterion(op, a, b);
      }
      if (next(2) == 0) instance.criteria[3] = IntCriterion(next(2) ? Op::kEq : Op::kNe, next(2));
      if (next(2) == 0) instance.criteria[4] = IntCriterion(Op::kEq, next(3));
      content.instances.push_back(std::move(instance));
    }
    auto interpreter = Interpreter::FromContent(content, schema_);
    ASSERT_TRUE(interpreter.ok()) << interpreter.status();
    std::vector<uint32_t> matches;
    for (int e = 0; e < 50; ++e) {
      std::vector<std::string> texts = {text("abAB\xc3", 5, 12), text("abAB\xc3", 5, 12)};
      std::vector<InputValue> event = {InputValue::String(texts[0]), InputValue::Integer(next(8)),
                                       InputValue::Integer(next(8)), InputValue::Integer(next(2)),
                                       InputValue::Integer(next(3)), InputValue::String(texts[1])};
      if (next(4) == 0) {  // one input of the wrong kind
        const size_t i = next(6);
        event[i] = event[i].is_string() ? InputValue::Integer(0) : InputValue::String("a");
      }
      const size_t supplied = next(4) == 0 ? next(7) : 6;
      const auto inputs = absl::MakeConstSpan(event).subspan(0, supplied);
      std::vector<uint32_t> want;
      EvalResult want_result;
      for (uint32_t k = 0; k < interpreter->instance_count(); ++k) {
        if (interpreter->disabled(k)) continue;
        const EvalResult one = interpreter->Evaluate(k, inputs);
        if (!one.ok()) {
          want_result = one;
          break;
        }
        if (one.matched) want.push_back(k);
      }
      const EvalResult got = interpreter->EvaluateEvent(7, inputs, &matches);
      ASSERT_EQ(matches, want) << "round " << round << ", event " << e;
      ASSERT_EQ(got.error, want_result.error) << "round " << round << ", event " << e;
      ASSERT_EQ(got.instance, want_result.instance);
      ASSERT_EQ(got.criterion, want_result.criterion);
      ASSERT_EQ(got.matched, !want.empty() && got.ok());
      errors += got.ok() ? 0 : 1;
      matched += want.size();
    }
  }
  // Errors, matches and non-matches were all reached.
  EXPECT_GT(errors, 100u);
  EXPECT_GT(matched, 500u);
  EXPECT_LT(matched, 40u * 50u * 60u / 2u);
}

TEST(InterpreterFilterTest, FoldWordFoldsExactlyAsFoldAscii) {
  for (int byte = 0; byte < 256; ++byte) {
    for (int position = 0; position < 8; ++position) {
      char bytes[8] = {'Q', 'z', '@', '[', '`', '{', '\x80', '\xc1'};
      bytes[position] = static_cast<char>(byte);
      char want[8];
      for (int i = 0; i < 8; ++i) want[i] = internal::FoldAscii(bytes[i]);
      const uint64_t folded = internal::FoldWord(internal::Load8(bytes));
      char got[8];
      std::memcpy(got, &folded, sizeof got);
      ASSERT_EQ(std::string(got, 8), std::string(want, 8)) << "byte " << byte;
    }
  }
}

// The probe rejects what differs in its 8 bytes, and only there: a
// mismatch outside them, with every operand byte still somewhere in the
// input (the signature check), passes (the full evaluation rejects it).
TEST(InterpreterFilterTest, ProbeRejectsAMismatchInItsBytes) {
  const Field field = test::MakeField("s", FieldType::kString);
  const auto passes = [&field](Op op, std::string_view operand, bool nocase,
                               std::string_view text) {
    const internal::RatedFilter rated = internal::MakeFilter(0, op, nocase, 0, 0, operand, field);
    return internal::Passes(rated.filter, &rated.probe, InputValue::String(text),
                            internal::Prepare(text, true));
  };
  // The size and the signature pass: only the probe can reject.
  const auto probe_rejects = [&](Op op, std::string_view operand, bool nocase,
                                 std::string_view text) {
    const uint64_t need = internal::MakeFilter(0, op, nocase, 0, 0, operand, field).filter.value;
    EXPECT_EQ(need & ~internal::Signature(text), 0u) << "'" << text << "'";
    EXPECT_GE(text.size(), operand.size());
    return !passes(op, operand, nocase, text);
  };
  // Prefix: the operand's last 8 bytes, at its own offset.
  EXPECT_TRUE(passes(Op::kPrefix, "0123456789", false, "0123456789tail"));
  EXPECT_TRUE(probe_rejects(Op::kPrefix, "0123456789", false, "0123456788tail9"));
  EXPECT_TRUE(passes(Op::kPrefix, "0123456789", false, "X1234567890"));  // outside the probe
  EXPECT_FALSE(passes(Op::kPrefix, "0123456789", false, "012345678"));   // shorter
  // Suffix: the operand's first 8 bytes, at size - operand size.
  EXPECT_TRUE(passes(Op::kSuffix, "0123456789", false, "head0123456789"));
  EXPECT_TRUE(probe_rejects(Op::kSuffix, "0123456789", false, "0head1123456789"));
  EXPECT_TRUE(passes(Op::kSuffix, "0123456789", false, "9head0123456780"));
  // str_eq: the size, then the last 8 bytes.
  EXPECT_FALSE(passes(Op::kStrEq, "0123456789", false, "0123456789 "));
  EXPECT_TRUE(probe_rejects(Op::kStrEq, "0123456789", false, "9123456780"));
  // Short operands: all their bytes, anchored.
  EXPECT_TRUE(passes(Op::kPrefix, "abc", false, "abcdefghijk"));
  EXPECT_TRUE(probe_rejects(Op::kPrefix, "abc", false, "abdcefghijk"));
  EXPECT_TRUE(passes(Op::kSuffix, "abc", false, "xxabc"));
  EXPECT_TRUE(probe_rejects(Op::kSuffix, "abc", false, "cxabd"));
  EXPECT_FALSE(passes(Op::kSuffix, "abc", false, "ab"));  // input shorter than the operand
  EXPECT_TRUE(passes(Op::kStrEq, "abc", false, "abc"));
  EXPECT_TRUE(probe_rejects(Op::kStrEq, "abc", false, "abC"));
  EXPECT_TRUE(passes(Op::kStrEq, "", false, ""));
  EXPECT_FALSE(passes(Op::kStrEq, "", false, "a"));
  EXPECT_TRUE(passes(Op::kPrefix, "", false, ""));
  EXPECT_TRUE(passes(Op::kSuffix, "", true, "x"));
  // NOCASE folds ASCII letters only.
  EXPECT_TRUE(passes(Op::kStrEq, "abc", true, "AbC"));
  EXPECT_TRUE(passes(Op::kPrefix, "Program Files", true, "PROGRAM FILES\\x"));
  EXPECT_TRUE(passes(Op::kSuffix, "program files", true, "x\\PROGRAM FILES"));
  EXPECT_TRUE(probe_rejects(Op::kPrefix, "\xc3\xa9", true, "\xc3\x89\xa9"));
}

// Each instance's filter is its most selective criterion's: the ratings
// order an integer eq above a range, a range above ne, a probe above a
// byte signature, and give regex no filter at all.
TEST(InterpreterFilterTest, RatingsPreferTheMostSelectiveCriterion) {
  const Field u32 = test::MakeField("n", FieldType::kU32);
  const Field flag = test::MakeField("b", FieldType::kBool);
  const Field text = test::MakeField("s", FieldType::kString);
  const auto bits = [](const Field& field, Op op, uint64_t arg0, uint64_t arg1,
                       std::string_view operand) {
    return internal::MakeFilter(0, op, false, arg0, arg1, operand, field).bits;
  };
  EXPECT_EQ(bits(u32, Op::kEq, 5, 0, ""), 32);
  EXPECT_EQ(bits(flag, Op::kEq, 1, 0, ""), 1);
  EXPECT_EQ(bits(u32, Op::kNe, 5, 0, ""), 0);
  EXPECT_EQ(bits(u32, Op::kRange, 0, 0xFFFF, ""), 16);
  EXPECT_EQ(bits(u32, Op::kMask, 0xF0, 0x10, ""), 4);
  EXPECT_EQ(bits(text, Op::kPrefix, 0, 0, "abc"), 12);
  EXPECT_EQ(bits(text, Op::kSuffix, 0, 0, "abcdefghijkl"), 32);
  EXPECT_LT(bits(text, Op::kContains, 0, 0, "abcdefghijkl"), 12);
  EXPECT_EQ(bits(text, Op::kRegex, 0, 0, "abc"), -1);
  EXPECT_EQ(internal::MakeFilter(0, Op::kRegex, false, 0, 0, "abc", text).filter.kind,
            internal::FilterKind::kNone);
}

// Range and mask filters in 16 bytes: exact on 32-bit values, a necessary
// condition (never rejecting a match) on 64-bit ones.
TEST(InterpreterFilterTest, IntegerFiltersNeverRejectAMatch) {
  const Field u64 = test::MakeField("w", FieldType::kU64);
  const auto passes = [&u64](Op op, uint64_t arg0, uint64_t arg1, uint64_t input) {
    const internal::Filter filter = internal::MakeFilter(0, op, false, arg0, arg1, "", u64).filter;
    const uint64_t no_probe = 0;
    return internal::Passes(filter, &no_probe, InputValue::Integer(input),
                            internal::PreparedInput{0, 0, 0});
  };
  EXPECT_TRUE(passes(Op::kRange, 10, 20, 10));
  EXPECT_TRUE(passes(Op::kRange, 10, 20, 20));
  EXPECT_FALSE(passes(Op::kRange, 10, 20, 9));
  EXPECT_FALSE(passes(Op::kRange, 10, 20, 21));
  EXPECT_TRUE(passes(Op::kRange, 0, ~uint64_t{0}, ~uint64_t{0}));  // wider than 32 bits
  EXPECT_TRUE(passes(Op::kRange, 1u << 20, uint64_t{1} << 40, uint64_t{1} << 40));
  EXPECT_FALSE(passes(Op::kRange, 1u << 20, uint64_t{1} << 40, 5));
  EXPECT_TRUE(passes(Op::kMask, 0xFF00000000F0u, 0xAB0000000010u, 0xAB0000000013u));
  EXPECT_FALSE(passes(Op::kMask, 0xFF00000000F0u, 0xAB0000000010u, 0xAB0000000023u));
  EXPECT_TRUE(passes(Op::kMask, 0xFF00000000F0u, 0xAB0000000010u, 0x010u));  // high half unchecked
}

TEST_F(InterpreterTest, LoadRejectsContentThatDoesNotFitTheSchema) {
  Content unknown_type;
  unknown_type.instances.push_back(One(1, 0, AnyCriterion()));
  unknown_type.instances[0].template_type_id = 8;
  EXPECT_EQ(Interpreter::FromContent(unknown_type, schema_).status().message(),
            "instance 1 (index 0): template type 8 is not in the schema");

  Content short_instance;
  short_instance.instances.push_back(One(1, 0, AnyCriterion()));
  short_instance.instances[0].criteria.pop_back();
  EXPECT_EQ(Interpreter::FromContent(short_instance, schema_).status().message(),
            "instance 1 (index 0): 5 criteria for template type 'event' with 6 fields");

  Content wrong_op;
  wrong_op.instances.push_back(One(2, 1, StringCriterion(Op::kPrefix, "a")));
  EXPECT_EQ(Interpreter::FromContent(wrong_op, schema_).status().message(),
            "instance 2 (index 0): criterion 1 (field 'n'): operator 6 is not valid for a u32 "
            "field");

  Content bad_regex;
  bad_regex.instances.push_back(One(3, 0, StringCriterion(Op::kRegex, "(unclosed")));
  const absl::Status status = Interpreter::FromContent(bad_regex, schema_).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("criterion 0 (field 's'): regex does not compile"),
            std::string_view::npos);
}

TEST_F(InterpreterTest, EvaluationAllocatesNothingPerEvent) {
  Content content;
  Instance a = One(1, 0, StringCriterion(Op::kRegex, "pipe\\\\[0-9a-f]+$", true));
  a.criteria[1] = IntCriterion(Op::kRange, 4, 100);
  a.criteria[5] = StringCriterion(Op::kGlob, "*a*b*?c");
  content.instances.push_back(a);
  Instance b = One(2, 0, StringCriterion(Op::kContains, "PIPE", true));
  b.criteria[2] = IntCriterion(Op::kMask, 0xF0, 0x10);
  b.criteria[4] = IntCriterion(Op::kNe, 1);
  content.instances.push_back(b);
  content.instances.push_back(One(3, 0, StringCriterion(Op::kSuffix, "beef")));
  auto interpreter = Interpreter::FromContent(content, schema_);
  ASSERT_TRUE(interpreter.ok());

  const std::vector<std::vector<InputValue>> events = {
      {InputValue::String("\\\\.\\pipe\\beef"), InputValue::Integer(5), InputValue::Integer(0x1F),
       InputValue::Integer(0), InputValue::Integer(0), InputValue::String("xaxbxxc")},
      {InputValue::String("\\\\.\\PIPE\\zz"), InputValue::Integer(500), InputValue::Integer(0),
       InputValue::Integer(1), InputValue::Integer(1), InputValue::String("")},
  };
  std::vector<uint32_t> matches;
  matches.reserve(interpreter->instance_count());
  // Warm up both calls on both events (RE2's lazy DFA may allocate the first
  // time it sees an input: EvaluateEvent's filters no longer run the regex
  // of an instance whose range criterion rejects event 1).
  for (const auto& event : events) {
    interpreter->EvaluateEvent(7, event, &matches);
    for (uint32_t k = 0; k < interpreter->instance_count(); ++k) {
      interpreter->Evaluate(k, event, EvalMode::kEveryCriterion);
    }
  }
  const uint64_t before = test::AllocationCount();
  long matched = 0;
  for (int round = 0; round < 1000; ++round) {
    for (const auto& event : events) {
      const EvalResult result = interpreter->EvaluateEvent(7, event, &matches);
      ASSERT_TRUE(result.ok());
      matched += static_cast<long>(matches.size());
      for (uint32_t k = 0; k < interpreter->instance_count(); ++k) {
        interpreter->Evaluate(k, event, EvalMode::kEveryCriterion);
      }
    }
  }
  EXPECT_EQ(test::AllocationCount() - before, 0u);
  EXPECT_EQ(matched, 1000 * 3);  // event 0 matches all three instances, event 1 none
}

TEST(InterpreterLoadTest, LoadsAValidatedFileWithoutCopyingIt) {
  const std::string file = test::Encode(test::BaseContent());
  absl::StatusOr<ChannelFileView> view =
      ChannelFileView::Open(AsBytes(file), test::ExampleSchema());
  ASSERT_TRUE(view.ok()) << view.status();
  absl::StatusOr<Interpreter> interpreter = Interpreter::Load(*view, test::ExampleSchema());
  ASSERT_TRUE(interpreter.ok()) << interpreter.status();
  ASSERT_EQ(interpreter->instance_count(), 2u);
  EXPECT_EQ(interpreter->instance_id(0), 1u);
  EXPECT_EQ(interpreter->template_type_id(0), 1);
  EXPECT_EQ(interpreter->inputs_required(0), 17u);  // server_command_line (16) is its last
  EXPECT_EQ(interpreter->template_type_id(1), 2);
  EXPECT_EQ(interpreter->inputs_required(1), 4u);

  // An ipc_pipe_connect event: pipe_name, client_pid, bytes_written, impersonation.
  std::vector<InputValue> event = {InputValue::String("evil42"), InputValue::Integer(4),
                                   InputValue::Integer(100), InputValue::Integer(1)};
  std::vector<uint32_t> matches;
  EvalResult result = interpreter->EvaluateEvent(2, event, &matches);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(matches, std::vector<uint32_t>{1});
  event[2] = InputValue::Integer(101);
  EXPECT_FALSE(interpreter->EvaluateEvent(2, event, &matches).matched);

  // An ipc_named_pipe event with the 20 inputs sensor 7.11 supplies: the
  // instance's last criterion is field 16, so it evaluates.
  std::vector<InputValue> pipe(20, InputValue::Integer(0));
  for (uint32_t i : {0u, 1u, 2u, 16u, 17u, 18u, 19u}) pipe[i] = InputValue::String("");
  pipe[0] = InputValue::String("\\\\.\\pipe\\evil_1");
  pipe[4] = InputValue::Integer(1234);
  pipe[7] = InputValue::Integer(1);
  pipe[9] = InputValue::Integer(0x31);
  pipe[16] = InputValue::String("run evil now");
  result = interpreter->Evaluate(0, pipe);
  ASSERT_TRUE(result.ok()) << result.ToStatus();
  EXPECT_TRUE(result.matched);
  // With 16 inputs it stops before reading input 16.
  result = interpreter->Evaluate(0, absl::MakeConstSpan(pipe).first(16));
  EXPECT_EQ(result.error, EvalError::kInputNotSupplied);
  EXPECT_EQ(result.criterion, 16u);
  EXPECT_EQ(result.field, "server_command_line");
}

}  // namespace
}  // namespace contentgate
