// File: contentgate/interpreter.h
// The reference content interpreter: evaluates the template instances of a
// validated channel file against one event, with a bounds check before every
// input it reads.
//
// An event is a span of input values, one per field of a template type, in
// field order, as a sensor's integration code supplies them. The span's
// length is what the sensor supplies: the interpreter checks criterion i
// against it before reading input i and reports an error instead of reading
// past the end (the out-of-bounds read behind the July 2024 Channel File 291
// outage). Evaluation allocates nothing and throws nothing.
//
// Per-event cost, per criterion evaluated: O(1) for integer operators;
// O(operand) for str_eq, prefix and suffix; O(input) for contains (KMP,
// prepared at load); for glob O(input + pattern) when the pattern has no '?' (KMP over
// the segments between stars, prepared at load) and O(input × segment) for a
// segment with '?', never exponential; RE2's linear-time matching for regex
// (its lazy DFA may allocate cache memory the first time it sees new input
// shapes; steady-state matching does not).

#ifndef CONTENTGATE_INTERPRETER_H_
#define CONTENTGATE_INTERPRETER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "contentgate/channel_view.h"
#include "contentgate/content.h"
#include "contentgate/schema.h"

namespace contentgate {

// One input value of an event: an integer (u8 to u64; bool as 0 or 1; enum as
// its numeric value) or a string (UTF-8 bytes, not owned: the bytes must
// outlive the evaluation). Trivially copyable; 32 bytes.
class InputValue {
 public:
  constexpr InputValue() = default;  // the integer 0
  static constexpr InputValue Integer(uint64_t value) { return InputValue(value, {}, false); }
  static constexpr InputValue String(std::string_view text) { return InputValue(0, text, true); }

  constexpr bool is_string() const { return is_string_; }
  // The integer; 0 for a string.
  constexpr uint64_t integer() const { return integer_; }
  // The string; empty for an integer.
  constexpr std::string_view string() const { return text_; }

 private:
  constexpr InputValue(uint64_t value, std::string_view text, bool is_string)
      : integer_(value), text_(text), is_string_(is_string) {}
  uint64_t integer_ = 0;
  std::string_view text_;
  bool is_string_ = false;
};

// Why an evaluation stopped without a verdict.
enum class EvalError : uint8_t {
  kNone = 0,
  // The criterion is not `any` and its input index is not below the number
  // of inputs supplied: reading it would read past the event.
  kInputNotSupplied,
  // The input has the wrong kind for its field: a string for an integer,
  // bool or enum field, or an integer for a string field.
  kTypeMismatch,
};

// The outcome of evaluating one instance (or one event). Plain data with no
// allocation; `field` views the schema's field name.
struct EvalResult {
  EvalError error = EvalError::kNone;
  bool matched = false;  // meaningful only when ok()
  // Where evaluation stopped, when !ok(): the instance (table index and id),
  // the criterion (= the index of the input it reads), its field, and the
  // number of inputs the event supplied.
  uint32_t instance = 0;
  uint32_t instance_id = 0;
  uint32_t criterion = 0;
  uint32_t inputs_supplied = 0;
  std::string_view field;

  bool ok() const { return error == EvalError::kNone; }
  // OkStatus when ok(); otherwise OutOfRange (kInputNotSupplied) or
  // InvalidArgument (kTypeMismatch) with a message naming the instance id,
  // criterion, field, input index and inputs supplied. Allocates on error.
  absl::Status ToStatus() const;
};

// How much of an instance to evaluate.
enum class EvalMode : uint8_t {
  // Stop at the first criterion that does not match (what a sensor runs).
  kStopAtFirstMismatch,
  // Evaluate (and bounds-check) every criterion even after a mismatch, so
  // that the inputs an instance reads do not depend on the event (what
  // `simulate` runs). The verdict is the same whenever both modes are ok().
  kEveryCriterion,
};

// The interpreter for one channel file. Built once when the content is
// loaded: each criterion is decoded, each distinct (regex, NOCASE) pair is
// compiled with RE2 once, and the enabled instances of each template type
// get a column: 16 bytes per instance, a necessary condition on its most
// selective criterion (an integer operand; a string operand's size and byte
// signature, then for str_eq, prefix and suffix 8 of its bytes at their
// fixed offset from the anchored end), so an event reads one array in order
// and touches the rest of an instance only when that condition holds (the
// cost per instance does not grow with the number of instances from cache
// misses). Holds views
// into the file's bytes (or the Content) and into the Schema, which must
// outlive it. Movable, not copyable (it owns compiled regexes). Evaluation is
// const and thread-safe.
class Interpreter {
 public:
  // Builds the interpreter for a file opened with ChannelFileView::Open.
  // InvalidArgument when an instance's template type is not in `schema`, its
  // criterion count differs from the type's field count, or a regex does not
  // compile (none of which a validated file has).
  static absl::StatusOr<Interpreter> Load(const ChannelFileView& view, const Schema& schema);
  // As Load, from the in-memory content model (string operands are read from
  // Criterion::text). Same errors, plus an operator not valid for its field.
  static absl::StatusOr<Interpreter> FromContent(const Content& content, const Schema& schema);

  Interpreter(Interpreter&&) noexcept;
  Interpreter& operator=(Interpreter&&) noexcept;
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;
  ~Interpreter();

  uint32_t instance_count() const;
  // Facts about instance k (table order); each requires k < instance_count().
  uint32_t instance_id(uint32_t k) const;
  uint16_t template_type_id(uint32_t k) const;
  // Index of the instance's template type in Schema::template_types().
  uint32_t template_type_index(uint32_t k) const;
  bool disabled(uint32_t k) const;
  // The fewest inputs instance k can be evaluated with in every mode: one
  // more than the index of its last non-`any` criterion (0 if all are `any`).
  uint32_t inputs_required(uint32_t k) const;

  // Evaluates instance k (k < instance_count(), disabled or not) against one
  // event. Criteria run in field order; `any` reads nothing; every other
  // criterion i first checks i < inputs.size() and the input's kind, and
  // returns the error instead of reading. Allocates nothing.
  EvalResult Evaluate(uint32_t k, absl::Span<const InputValue> inputs,
                      EvalMode mode = EvalMode::kStopAtFirstMismatch) const;

  // Whether criterion `criterion` of instance k, judged alone, matches
  // `input` (true for `any`; false when the input's kind is not the field's).
  // Requires k < instance_count() and `criterion` below the instance's
  // criterion count. Allocates nothing.
  bool CriterionMatches(uint32_t k, uint32_t criterion, const InputValue& input) const;

  // Evaluates every enabled instance of the template type with wire id
  // `template_type_id` against one event, in table order, and stores the
  // table indices of those that match in `matches` (cleared first). Returns
  // the first error, in which case `matches` holds the matches before it;
  // otherwise ok() with `matched` telling whether any instance matched. An
  // unknown type id is ok() with no match. Allocates only to grow `matches`
  // (a vector reused across events stops allocating once it has grown).
  EvalResult EvaluateEvent(uint16_t template_type_id, absl::Span<const InputValue> inputs,
                           std::vector<uint32_t>* matches) const;

 private:
  struct Impl;
  explicit Interpreter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace contentgate

#endif  // CONTENTGATE_INTERPRETER_H_
