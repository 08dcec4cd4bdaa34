// File: contentgate/channel_view.h
// A zero-copy, read-only view over a validated channel file: what a sensor
// iterates to load content. Nothing is copied; strings are views into the
// file's own bytes, which must outlive the view and must not change while
// a view or an interpreter uses them: the accessors trust offsets that were
// checked once, so bytes changed after Open give wild reads. A loader copies
// content out of shared or file-backed memory into private memory first.

#ifndef CONTENTGATE_CHANNEL_VIEW_H_
#define CONTENTGATE_CHANNEL_VIEW_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "contentgate/channel_file.h"
#include "contentgate/little_endian.h"
#include "contentgate/schema.h"
#include "contentgate/status_code.h"

namespace contentgate {

// One criterion of a validated file.
class CriterionView {
 public:
  Op op() const { return static_cast<Op>(entry_[CG_CRITERION_OP]); }
  bool nocase() const { return (entry_[CG_CRITERION_FLAGS] & kCriterionNocase) != 0; }
  uint64_t arg0() const { return little_endian::Load64(entry_ + CG_CRITERION_ARG0); }
  uint64_t arg1() const { return little_endian::Load64(entry_ + CG_CRITERION_ARG1); }
  // The string operand of a string operator (empty for other operators).
  std::string_view text() const {
    if (!IsStringOp(op())) return {};
    return {reinterpret_cast<const char*>(pool_ + arg0()), static_cast<size_t>(arg1())};
  }

 private:
  friend class InstanceView;
  CriterionView(const uint8_t* entry, const uint8_t* pool) : entry_(entry), pool_(pool) {}
  const uint8_t* entry_;
  const uint8_t* pool_;
};

// One instance of a validated file. Criterion i is for field i of the
// instance's template type.
class InstanceView {
 public:
  uint32_t id() const { return little_endian::Load32(entry_ + CG_INSTANCE_ID); }
  uint16_t template_type_id() const {
    return little_endian::Load16(entry_ + CG_INSTANCE_TEMPLATE_TYPE_ID);
  }
  bool disabled() const {
    return (little_endian::Load16(entry_ + CG_INSTANCE_FLAGS) & kInstanceDisabled) != 0;
  }
  uint32_t criterion_count() const {
    return little_endian::Load16(entry_ + CG_INSTANCE_CRITERION_COUNT);
  }
  // Criterion `i`; requires i < criterion_count().
  CriterionView criterion(uint32_t i) const {
    const uint64_t index =
        uint64_t{little_endian::Load32(entry_ + CG_INSTANCE_FIRST_CRITERION)} + i;
    return CriterionView(criteria_ + kCriterionEntrySize * index, pool_);
  }

 private:
  friend class ChannelFileView;
  InstanceView(const uint8_t* entry, const uint8_t* criteria, const uint8_t* pool)
      : entry_(entry), criteria_(criteria), pool_(pool) {}
  const uint8_t* entry_;
  const uint8_t* criteria_;  // the file's criterion table
  const uint8_t* pool_;
};

// The view. Obtain one with Open, which validates first: every accessor then
// reads only bytes the validator has bounds-checked, so none of them checks
// again. Copyable (it holds one Span).
class ChannelFileView {
 public:
  // Validates `file` against `schema` for `options.target_sensors` and
  // returns a view of it when it has no error (warnings allowed). Otherwise
  // an InvalidArgument status whose message starts with the first error's
  // code and message, e.g. "CG400: field 'x' ...", with the code as its
  // payload (CodeOf). Allocates a fresh Report on each call: use the
  // overload below on a hot path.
  static absl::StatusOr<ChannelFileView> Open(absl::Span<const uint8_t> file, const Schema& schema,
                                              const ValidateOptions& options = {});
  // As above, validating into the caller's `report` (which keeps every
  // diagnostic, warnings included, and its scratch for the next call):
  // allocation-free for a valid file without regex criteria once the
  // report has grown. `report` must not be null.
  static absl::StatusOr<ChannelFileView> Open(absl::Span<const uint8_t> file, const Schema& schema,
                                              const ValidateOptions& options, Report* report);

  uint32_t channel_id() const;
  uint32_t content_version() const;
  uint32_t instance_count() const;
  // Instance `k` in table order (ascending id); requires k < instance_count().
  InstanceView instance(uint32_t k) const;
  // The bytes the view reads.
  absl::Span<const uint8_t> bytes() const { return file_; }

 private:
  explicit ChannelFileView(absl::Span<const uint8_t> file);
  absl::Span<const uint8_t> file_;
};

}  // namespace contentgate

#endif  // CONTENTGATE_CHANNEL_VIEW_H_
