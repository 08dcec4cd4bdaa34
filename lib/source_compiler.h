// File: lib/source_compiler.h
// The source compiler's shared parts (internal): the collected diagnostic
// with its report-order key, the origin of each compiled instance, JSON
// Pointer helpers, and the Compiler class, whose members are defined in
// source_compiler.cc (collection, document and instance walk),
// source_criteria.cc (criteria and operands) and source.cc (the
// channel-file checks, CG404 and the report).

#ifndef CONTENTGATE_LIB_SOURCE_COMPILER_H_
#define CONTENTGATE_LIB_SOURCE_COMPILER_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/diagnostic.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "json_doc.h"
#include "json_flat.h"

namespace contentgate::source_internal {

using internal::AppendPointerIndex;
using internal::AppendPointerToken;
using internal::JsonNode;
using internal::JsonRef;

inline constexpr uint64_t kU32Max = std::numeric_limits<uint32_t>::max();

// Where a diagnostic sorts in the report: document-level problems first, then
// instance by instance in array order (instance keys, then criteria in field
// order, then sensor compatibility), then the size of the compiled file.
struct Keyed {
  enum Group : uint8_t { kDocument, kInstance, kTrailer };
  enum Part : uint8_t { kInstanceKeys, kCriteria, kCompatibility };
  Group group;
  uint32_t instance;
  Part part;
  int64_t field;  // field index; -1 for a key that is no field of the type
  uint64_t seq;   // order of collection: ties keep it
  Diagnostic diagnostic;
};

// Report order: the sort key, then order of collection.
inline bool KeyLess(const Keyed& a, const Keyed& b) {
  if (a.group != b.group) return a.group < b.group;
  if (a.instance != b.instance) return a.instance < b.instance;
  if (a.part != b.part) return a.part < b.part;
  if (a.field != b.field) return a.field < b.field;
  return a.seq < b.seq;
}

// One criterion of the compiled model; a string operand is a view into the
// source document.
using ModelCriterion = BasicCriterion<std::string_view>;

// One instance that reached the compiled model, and the JSON it came from
// (as JsonDoc node indices). Its criteria are model_criteria_[first, first +
// field count), with the JSON value of each (kNoJsonNode when left out) and
// whether a source error replaced it by `any` at the same indices of
// field_values_ and replaced_.
struct Origin {
  uint32_t source_index = 0;
  uint32_t value = internal::kNoJsonNode;     // the instance object
  uint32_t criteria = internal::kNoJsonNode;  // its criteria object
  uint32_t model_id = 0;                      // the id in the model
  std::optional<uint32_t> id;                 // when written correctly
  bool disabled = false;
  bool any_replaced = false;
  const TemplateType* type = nullptr;
  size_t first = 0;
};

// Debian's Abseil has its own string_view: StrCat takes std::string_view
// through this.
inline absl::string_view AV(std::string_view text) { return {text.data(), text.size()}; }

inline const char* KindName(JsonRef v) {
  switch (v.kind()) {
    case JsonNode::Kind::kNull:
      return "null";
    case JsonNode::Kind::kBool:
      return "a boolean";
    case JsonNode::Kind::kUnsigned:
    case JsonNode::Kind::kNegative:
    case JsonNode::Kind::kFloat:
      return "a number";
    case JsonNode::Kind::kString:
      return "a string";
    case JsonNode::Kind::kArray:
      return "an array";
    case JsonNode::Kind::kObject:
      return "an object";
  }
  return "a value";
}

// The number as written, for messages.
inline std::string NumberText(JsonRef v) {
  return v.kind() == JsonNode::Kind::kUnsigned ? absl::StrCat(v.u()) : std::string(v.text());
}

// A JSON Pointer kept as its tokens (names that live in the document or
// the schema, and array indexes) and written out only when a diagnostic
// needs it, so the walk builds no string for what it does not report.
class LazyPointer {
 public:
  LazyPointer Key(std::string_view key) const {
    LazyPointer p = *this;
    p.tokens_[p.size_++] = Token{key, 0};
    return p;
  }
  LazyPointer Index(size_t index) const {
    LazyPointer p = *this;
    p.tokens_[p.size_++] = Token{{}, index};
    return p;
  }
  // "/instances/<index>".
  static LazyPointer Instance(size_t index) { return LazyPointer().Key("instances").Index(index); }

  std::string Str() const {
    std::string out;
    for (size_t i = 0; i < size_; ++i) {
      if (tokens_[i].key.data() != nullptr) {
        AppendPointerToken(&out, tokens_[i].key);
      } else {
        AppendPointerIndex(&out, tokens_[i].index);
      }
    }
    return out;
  }

 private:
  // A key, or (key.data() == nullptr) an array index.
  struct Token {
    std::string_view key;
    size_t index;
  };
  // The deepest pointer: /instances/<i>/criteria/<field>/<op>/<item>.
  Token tokens_[6] = {};
  size_t size_ = 0;
};

// "the '<op>' operand of field '<name>'", for messages.
inline std::string OperandName(Op op, const Field& field) {
  return absl::StrCat("the '", AV(OpName(op)), "' operand of field '", field.name, "'");
}

class Compiler {
 public:
  Compiler(const Schema& schema, const ValidateOptions& options,
           const CompileOptions& compile_options)
      : schema_(schema),
        options_(options),
        compile_options_(compile_options),
        cap_(options.max_diagnostics) {}

  CompileResult Run(std::string_view text);

 private:
  // Counts a diagnostic and returns the Diagnostic to fill: a slot that is
  // kept, or a scratch one when the diagnostic cannot be among the first
  // `cap_` errors or `cap_` warnings in report order (then it is only
  // counted). The slot is valid until the next Reserve or Add.
  Diagnostic& Reserve(Code code, Keyed::Group group, uint32_t instance, Keyed::Part part,
                      int64_t field);
  // Moves the last reserved slot into its heap.
  void Commit();
  bool Discarded(const Diagnostic& d) const { return &d == &discard_; }

  // Records a source diagnostic at `pointer`, positioned at `at`.
  // `message` is text, or a callable returning it that runs only when the
  // diagnostic is kept.
  template <typename Message>
  Diagnostic& Add(Code code, Keyed::Group group, uint32_t instance, Keyed::Part part, int64_t field,
                  const LazyPointer& pointer, JsonRef at, Message&& message) {
    Diagnostic& d = Reserve(code, group, instance, part, field);
    if (Discarded(d)) return d;
    if constexpr (std::is_invocable_v<Message>) {
      d.set_message(message());
    } else {
      d.set_message(message);
    }
    Place(&d, pointer, at, group, instance);
    return d;
  }
  template <typename Message>
  Diagnostic& AddDocument(Code code, const LazyPointer& pointer, JsonRef at, Message&& message) {
    return Add(code, Keyed::kDocument, 0, Keyed::kInstanceKeys, -1, pointer, at,
               std::forward<Message>(message));
  }
  void Place(Diagnostic* d, const LazyPointer& pointer, JsonRef at, Keyed::Group group,
             uint32_t instance);

  // Reads a key whose value is an integer in [low, high]: CG702 for a value
  // that is not a number, CG705 for any other integer problem.
  std::optional<uint64_t> ReadKeyInteger(JsonRef v, std::string_view key, uint64_t low,
                                         uint64_t high, const LazyPointer& pointer,
                                         Keyed::Group group, uint32_t instance);

  void WalkDocument(JsonRef root);
  void WalkInstance(JsonRef v, uint32_t index);
  // The id instance `index` of the source wrote correctly (an integer from
  // 1 to 2^32 - 1), if any; a scan of its members.
  std::optional<uint32_t> WrittenId(uint32_t index) const;
  // Parses one criterion of field `f`; nullopt (with its diagnostics
  // recorded) when the source form is wrong.
  std::optional<ModelCriterion> ReadCriterion(JsonRef v, const Field& field, uint32_t f,
                                              uint32_t instance, const LazyPointer& pointer);
  bool ReadOperand(JsonRef v, Op op, const Field& field, uint32_t f, uint32_t instance,
                   const LazyPointer& pointer, ModelCriterion* out);
  // `suffix` follows the operand's name in a message (" [0]" for an item).
  std::optional<uint64_t> ReadOperandInteger(JsonRef v, Op op, const Field& field, uint32_t f,
                                             uint32_t instance, const LazyPointer& pointer,
                                             std::string_view suffix);

  // Adds what an instance of `type` that reached the model adds to the
  // canonical encoding, and stops building the model once the file is
  // certain to be larger than max_file_size.
  void CountCompiled(const TemplateType& type);
  void CountPoolString(std::string_view text);

  // Field names of a template type to their first index, built on the
  // type's first use in this source; the reference is valid until the next
  // call.
  const absl::flat_hash_map<std::string_view, int>& FieldMap(int type_index);
  int FieldIndex(int type_index, std::string_view name);

  // Runs the channel-file validator on the compiled model and records its
  // diagnostics with source locations. Returns the encoded file.
  std::string CheckCompiled();
  // The canonical encoding of the model, instances in origins_ order (which
  // is ascending id): EncodeChannelFile's bytes for the same content.
  std::string EncodeModel() const;
  void MapChannelDiagnostic(const Diagnostic& d);

  // CG404: the schema sensors outside the targets on which `file`, free of
  // errors for the targets, would have CG400 or CG402.
  void CheckOtherSensors(const std::string& file);

  const Schema& schema_;
  const ValidateOptions& options_;
  const CompileOptions& compile_options_;

  // The collected diagnostics, bounded: the first cap_ errors and the first
  // cap_ warnings in report order, each a max-heap on that order, so memory
  // does not grow with the number of diagnostics.
  size_t cap_;
  std::vector<Keyed> errors_;
  std::vector<Keyed> warnings_;
  std::optional<Keyed> pending_;
  Diagnostic discard_{Code::kSourceNotJson};
  size_t dropped_errors_ = 0;
  size_t dropped_warnings_ = 0;
  uint64_t next_seq_ = 0;

  // The size of the canonical encoding of what has compiled so far, counted
  // without encoding: header, entries, each distinct pool string once.
  uint64_t compiled_size_ = kHeaderSize;
  size_t compiled_count_ = 0;
  absl::flat_hash_set<std::string_view> pool_strings_;
  // False once the output is certain to break max_instances or
  // max_file_size: nothing more goes into the model, nothing is encoded.
  bool build_model_ = true;

  const internal::JsonDoc* doc_ = nullptr;  // the source Run reads, while it runs
  uint32_t channel_id_ = 0;
  uint32_t content_version_ = 0;
  JsonRef channel_value_;
  JsonRef instances_;  // the instances array
  size_t source_instance_count_ = 0;
  bool ids_ok_ = true;
  // The compiled model: one Origin per instance, their criteria, and per
  // criterion its JSON value and whether it was replaced by `any`.
  std::vector<Origin> origins_;
  std::vector<ModelCriterion> model_criteria_;
  std::vector<uint32_t> field_values_;  // JsonDoc node indices
  std::vector<uint8_t> replaced_;
  absl::flat_hash_map<uint32_t, uint32_t> first_index_of_id_;
  // Only for the types the source uses: a schema may have 65,535 types.
  absl::flat_hash_map<int, absl::flat_hash_map<std::string_view, int>> field_maps_;
};

}  // namespace contentgate::source_internal

#endif  // CONTENTGATE_LIB_SOURCE_COMPILER_H_
