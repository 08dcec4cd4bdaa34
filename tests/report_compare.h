// File: tests/report_compare.h
// Whole-report comparison shared by the tests and the fuzz targets (no
// GoogleTest): counts, then every kept diagnostic with every location.

#ifndef CONTENTGATE_TESTS_REPORT_COMPARE_H_
#define CONTENTGATE_TESTS_REPORT_COMPARE_H_

#include <cstddef>
#include <string>

#include "contentgate/diagnostic.h"

namespace contentgate::test {

// The name of the first member in which `a` and `b` differ (code, severity,
// message, offset, instance, instance id, criterion, field, sensor, pointer,
// line, column), or nullptr when they are the same. Absent and present
// locations differ.
inline const char* DiagnosticDifference(const Diagnostic& a, const Diagnostic& b) {
  if (a.code() != b.code()) return "code";
  if (a.severity() != b.severity()) return "severity";
  if (a.message() != b.message()) return "message";
  if (a.has_offset() != b.has_offset() || a.offset() != b.offset()) return "offset";
  if (a.has_instance() != b.has_instance() || a.instance() != b.instance()) return "instance";
  if (a.has_instance_id() != b.has_instance_id() || a.instance_id() != b.instance_id()) {
    return "instance id";
  }
  if (a.has_criterion() != b.has_criterion() || a.criterion() != b.criterion()) {
    return "criterion";
  }
  if (a.field() != b.field()) return "field";
  if (a.sensor() != b.sensor()) return "sensor";
  if (a.has_pointer() != b.has_pointer() || a.pointer() != b.pointer()) return "pointer";
  if (a.line() != b.line()) return "line";
  if (a.column() != b.column()) return "column";
  return nullptr;
}

// "" when `a` and `b` hold the same counts and the same kept diagnostics, in
// the same order; otherwise one line naming the first difference. Allocates
// only when they differ.
inline std::string ReportDifference(const Report& a, const Report& b) {
  if (a.errors() != b.errors()) {
    return "errors " + std::to_string(a.errors()) + " != " + std::to_string(b.errors());
  }
  if (a.warnings() != b.warnings()) {
    return "warnings " + std::to_string(a.warnings()) + " != " + std::to_string(b.warnings());
  }
  if (a.diagnostics().size() != b.diagnostics().size()) {
    return "kept " + std::to_string(a.diagnostics().size()) +
           " != " + std::to_string(b.diagnostics().size());
  }
  for (size_t i = 0; i < a.diagnostics().size(); ++i) {
    const char* what = DiagnosticDifference(a.diagnostics()[i], b.diagnostics()[i]);
    if (what != nullptr) {
      return "diagnostic " + std::to_string(i) + " (" +
             std::string(CodeName(a.diagnostics()[i].code())) + "): " + what + " differs";
    }
  }
  return {};
}

}  // namespace contentgate::test

#endif  // CONTENTGATE_TESTS_REPORT_COMPARE_H_
