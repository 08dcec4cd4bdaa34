// File: lib/simulate_probes.h
// The synthetic events of `contentgate simulate`: for each criterion, input
// values meant to match it and values that probe around it.

#ifndef CONTENTGATE_LIB_SIMULATE_PROBES_H_
#define CONTENTGATE_LIB_SIMULATE_PROBES_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "contentgate/interpreter.h"
#include "contentgate/schema.h"

namespace contentgate::internal {

// Input values that exercise one criterion: the first one is meant to match
// (a witness, where one is easy to build), the rest probe around it. String
// values live in `storage`, whose elements never move.
class Probes {
 public:
  explicit Probes(std::deque<std::string>* storage) : storage_(storage) {}

  void Integer(uint64_t value) { values_.push_back(InputValue::Integer(value)); }
  // value - 1 and value + 1, where they exist.
  void Around(uint64_t value) {
    if (value > 0) Integer(value - 1);
    if (value < ~uint64_t{0}) Integer(value + 1);
  }
  void String(std::string text) {
    storage_->push_back(std::move(text));
    values_.push_back(InputValue::String(storage_->back()));
  }
  const std::vector<InputValue>& values() const { return values_; }

 private:
  std::deque<std::string>* storage_;
  std::vector<InputValue> values_;
};

// The probe values of one criterion on `field` (the field's default for
// `any`, which never reads it); string probes end with a case-swapped
// witness, which matches only under NOCASE.
void AddProbes(const Field& field, Op op, uint64_t arg0, uint64_t arg1, std::string_view text,
               Probes* probes);

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_SIMULATE_PROBES_H_
