// File: lib/source.cc
// The source compiler: parses source JSON, checks what only the source form
// can get wrong (CG7xx, and the codes the source form gives its own meaning:
// CG200, CG201, CG202, CG301 before the operand, CG302 for a `nocase` key,
// CG307 for an enum name, CG208, CG106), maps the rest onto the content
// model, and runs every channel-file rule through the one channel-file
// validator on the encoded bytes, mapping its diagnostics back to JSON
// Pointers. docs/source.md describes the rules and the choices made here.

#include "contentgate/source.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bytes.h"
#include "channel_encoder.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "json_doc.h"
#include "json_flat.h"
#include "source_compiler.h"

namespace contentgate {
namespace source_internal {

void Compiler::MapChannelDiagnostic(const Diagnostic& d) {
  Keyed::Group group = Keyed::kDocument;
  uint32_t index = 0;
  Keyed::Part part = Keyed::kInstanceKeys;
  int64_t field = -1;
  LazyPointer pointer;
  JsonRef at;
  const Origin* origin = nullptr;
  const bool compatibility = static_cast<uint16_t>(d.code()) >= 400;
  if (!d.has_instance()) {
    if (d.code() == Code::kChannelIdMismatch) {
      pointer = pointer.Key("channel");
      at = channel_value_;
    }
  } else if (d.instance() < origins_.size()) {
    origin = &origins_[d.instance()];
    group = Keyed::kInstance;
    index = origin->source_index;
    part = compatibility ? Keyed::kCompatibility : Keyed::kInstanceKeys;
    pointer = LazyPointer::Instance(origin->source_index);
    at = doc_->At(origin->value);
    if (d.has_criterion() && d.criterion() < origin->type->fields.size()) {
      const uint32_t c = d.criterion();
      // A criterion that a source error replaced by `any` is not the
      // author's: what the validator says about the stand-in is dropped.
      if (replaced_[origin->first + c] != 0) return;
      if (!compatibility) part = Keyed::kCriteria;
      field = c;
      pointer = pointer.Key("criteria");
      if (const JsonRef value = doc_->At(field_values_[origin->first + c])) {
        pointer = pointer.Key(origin->type->fields[c].name);
        at = value;
      } else {
        at = doc_->At(origin->criteria);
      }
    } else if (d.code() == Code::kTrailingFieldsAny && origin->any_replaced) {
      return;
    }
  }
  Diagnostic& out = Reserve(d.code(), group, index, part, field);
  if (Discarded(out)) return;
  out.set_message(d.message());
  out.set_pointer(pointer.Str());
  if (at) out.set_line_column(at.line(), at.column());
  if (origin != nullptr) {
    out.set_instance(origin->source_index);
    if (origin->id.has_value()) out.set_instance_id(*origin->id);
  }
  if (d.has_criterion()) out.set_criterion(d.criterion());
  if (d.has_field()) out.set_field(d.field());
  if (d.has_sensor()) out.set_sensor(d.sensor());
}

std::string Compiler::EncodeModel() const {
  return internal::EncodeCanonical(
      channel_id_, content_version_, origins_.size(),
      [this](size_t k) {
        const Origin& o = origins_[k];
        return internal::EncoderInstance<ModelCriterion>{
            o.model_id, o.type->id, o.disabled,
            absl::MakeConstSpan(model_criteria_.data() + o.first, o.type->fields.size())};
      },
      pool_strings_.size());
}

std::string Compiler::CheckCompiled() {
  const ChannelInfo& channel = schema_.channel();
  if (compiled_size_ > channel.max_file_size) {
    // Instances or criteria left out after source errors only shrink the
    // file, so the size is a lower bound and the error is certain.
    Add(Code::kFileTooLarge, Keyed::kTrailer, 0, Keyed::kInstanceKeys, -1, LazyPointer(), JsonRef(),
        absl::StrCat("the compiled file would be ",
                     compiled_count_ == source_instance_count_ ? "" : "at least ", compiled_size_,
                     " bytes, more than the channel's max_file_size ", channel.max_file_size));
  }
  // As phases 1 and 2 of a channel file's check stop at CG106 and CG208, a
  // source with either is not encoded and gets no channel-file checks.
  if (!build_model_) return {};

  // With every id valid and unique the model carries the real ids and its
  // table order is ascending id; otherwise stand-in ids keep array order
  // (the file has errors already and is never written).
  if (!ids_ok_) {
    for (size_t k = 0; k < origins_.size(); ++k)
      origins_[k].model_id = static_cast<uint32_t>(k + 1);
  }
  bool in_source_order = true;
  for (size_t k = 1; k < origins_.size(); ++k) {
    in_source_order = in_source_order && origins_[k - 1].model_id < origins_[k].model_id;
  }
  if (!in_source_order) {
    std::stable_sort(origins_.begin(), origins_.end(),
                     [](const Origin& a, const Origin& b) { return a.model_id < b.model_id; });
  }
  const bool none_replaced = std::none_of(origins_.begin(), origins_.end(),
                                          [](const Origin& o) { return o.any_replaced; });

  std::string file = EncodeModel();
  // The validator's check order is the report's when the table is in source
  // order and no diagnostic is dropped in mapping: then its own errors-first
  // cap keeps every diagnostic the report can keep. Otherwise it keeps all.
  ValidateOptions options = options_;
  const bool capped = in_source_order && none_replaced;
  options.max_diagnostics = capped ? cap_ : std::numeric_limits<size_t>::max();
  const Report report = ValidateChannelFile(AsBytes(file), schema_, options);
  size_t kept_errors = 0;
  for (const Diagnostic& d : report.diagnostics()) {
    kept_errors += d.severity() == Severity::kError ? 1 : 0;
    MapChannelDiagnostic(d);
  }
  if (capped) {
    dropped_errors_ += report.errors() - kept_errors;
    dropped_warnings_ += report.warnings() - (report.diagnostics().size() - kept_errors);
  }
  return file;
}

void Compiler::CheckOtherSensors(const std::string& file) {
  if (!options_.target_sensors.has_value()) return;  // every sensor is a target
  const std::vector<uint32_t>& targets = *options_.target_sensors;
  std::vector<std::string> unsafe;
  const auto sensors = schema_.sensors();
  for (uint32_t s = 0; s < sensors.size(); ++s) {
    if (std::find(targets.begin(), targets.end(), s) != targets.end()) continue;
    ValidateOptions one = options_;
    one.target_sensors = std::vector<uint32_t>{s};
    one.max_diagnostics = 1;  // errors first: the first error, if any
    const Report report = ValidateChannelFile(AsBytes(file), schema_, one);
    // Free of errors for its targets, the file can only fail on another
    // sensor's compatibility: CG400 or CG402.
    if (report.valid() || report.diagnostics().empty()) continue;
    unsafe.push_back(
        absl::StrCat(sensors[s].version, " (", AV(CodeName(report.diagnostics()[0].code())), ")"));
  }
  if (unsafe.empty()) return;
  Add(Code::kUnsafeForOtherSensors, Keyed::kTrailer, 0, Keyed::kInstanceKeys, -1, LazyPointer(),
      JsonRef(),
      absl::StrCat("the compiled file is unsafe for schema ",
                   unsafe.size() == 1 ? "sensor " : "sensors ", absl::StrJoin(unsafe, ", "),
                   ", outside the target sensors; ship it only to its targets"));
}

CompileResult Compiler::Run(std::string_view text) {
  CompileResult result{Report(options_.max_diagnostics), std::nullopt};
  internal::JsonDoc doc;
  internal::JsonError error;
  if (!internal::ParseJsonDoc(text, &doc, &error)) {
    Diagnostic* d =
        result.report.Add(error.duplicate_key ? Code::kSourceDuplicateKey : Code::kSourceNotJson);
    if (d != nullptr) {
      d->set_message(error.message);
      d->set_pointer(error.pointer);
      d->set_line_column(error.line, error.column);
    }
    return result;
  }
  doc_ = &doc;
  const JsonRef root = doc.root();
  WalkDocument(root);
  std::string file;
  if (root.is_object()) file = CheckCompiled();
  Commit();
  if (compile_options_.warn_unsafe_for_other_sensors && !file.empty() && errors_.empty() &&
      dropped_errors_ == 0) {
    CheckOtherSensors(file);
  }

  Commit();
  // At most 2 * cap_ diagnostics: the heaps sorted into report order, then
  // the report keeps errors first.
  std::sort_heap(errors_.begin(), errors_.end(), KeyLess);
  std::sort_heap(warnings_.begin(), warnings_.end(), KeyLess);
  std::vector<Keyed> kept_in_order;
  kept_in_order.reserve(errors_.size() + warnings_.size());
  std::merge(std::make_move_iterator(errors_.begin()), std::make_move_iterator(errors_.end()),
             std::make_move_iterator(warnings_.begin()), std::make_move_iterator(warnings_.end()),
             std::back_inserter(kept_in_order), KeyLess);
  // Kept diagnostics are in instance order: each instance's id is looked
  // up once.
  std::optional<uint32_t> id_of;
  std::optional<uint32_t> id;
  for (Keyed& k : kept_in_order) {
    Diagnostic& kept = k.diagnostic;
    if (k.group == Keyed::kInstance && !kept.has_instance_id()) {
      if (id_of != k.instance) {
        id_of = k.instance;
        id = WrittenId(k.instance);
      }
      if (id.has_value()) kept.set_instance_id(*id);
    }
    if (Diagnostic* d = result.report.Add(k.diagnostic.code())) *d = std::move(k.diagnostic);
  }
  for (size_t i = 0; i < dropped_errors_; ++i) result.report.CountOnly(Severity::kError);
  for (size_t i = 0; i < dropped_warnings_; ++i) result.report.CountOnly(Severity::kWarning);
  if (result.report.valid() && root.is_object()) result.channel_file = std::move(file);
  return result;
}

}  // namespace source_internal

using source_internal::Compiler;

CompileResult CompileSource(std::string_view json_text, const Schema& schema,
                            const ValidateOptions& options) {
  CompileOptions validate_only;
  validate_only.warn_unsafe_for_other_sensors = false;
  return Compiler(schema, options, validate_only).Run(json_text);
}

CompileResult CompileSource(std::string_view json_text, const Schema& schema,
                            const ValidateOptions& options, const CompileOptions& compile_options) {
  return Compiler(schema, options, compile_options).Run(json_text);
}

}  // namespace contentgate
