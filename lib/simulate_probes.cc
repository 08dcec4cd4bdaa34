// File: lib/simulate_probes.cc
// The probe values of simulate_probes.h.

#include "simulate_probes.h"

namespace contentgate::internal {
namespace {

// `text` with the case of its ASCII letters swapped.
std::string SwapCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = char(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      c = char(c - 'A' + 'a');
    }
  }
  return out;
}

// A glob pattern with each '*' replaced by `star` and each '?' by "x".
std::string ExpandGlob(std::string_view pattern, std::string_view star) {
  std::string out;
  for (char c : pattern) {
    if (c == '*') {
      out.append(star);
    } else if (c == '?') {
      out.push_back('x');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

// The probe values of one criterion on `field` (the field's default for
// `any`, which never reads it); string probes end with a case-swapped
// witness, which matches only under NOCASE.
void AddProbes(const Field& field, Op op, uint64_t arg0, uint64_t arg1, std::string_view text,
               Probes* probes) {
  std::string_view shorter = text.substr(0, text.empty() ? 0 : text.size() - 1);
  switch (op) {
    case Op::kAny:
      if (field.type == FieldType::kString) {
        probes->String("");
      } else {
        probes->Integer(field.min);
      }
      return;
    case Op::kEq:
    case Op::kNe:
      probes->Integer(op == Op::kEq ? arg0 : (arg0 == 0 ? 1 : arg0 - 1));
      probes->Integer(arg0);
      probes->Around(arg0);
      return;
    case Op::kRange:
      probes->Integer(arg0);
      probes->Integer(arg1);
      probes->Around(arg0);
      probes->Around(arg1);
      return;
    case Op::kMask:
      probes->Integer(arg1);
      probes->Integer(arg1 | ~arg0);                 // bits outside the mask do not matter
      probes->Integer(arg1 ^ (arg0 & (~arg0 + 1)));  // flips the mask's lowest bit
      return;
    case Op::kStrEq:
      probes->String(std::string(text));
      probes->String(std::string(text) + "x");
      probes->String(std::string(shorter));
      break;
    case Op::kPrefix:
      probes->String(std::string(text) + "tail");
      probes->String(std::string(shorter));
      probes->String("x" + std::string(text));
      break;
    case Op::kSuffix:
      probes->String("head" + std::string(text));
      probes->String(std::string(text.substr(text.empty() ? 0 : 1)));
      probes->String(std::string(text) + "x");
      break;
    case Op::kContains:
      probes->String("head" + std::string(text) + "tail");
      probes->String(std::string(shorter));
      break;
    case Op::kGlob:
      probes->String(ExpandGlob(text, ""));
      probes->String(ExpandGlob(text, "zz"));
      probes->String(ExpandGlob(text, "") + "\x01");
      probes->String(std::string(shorter));
      break;
    case Op::kRegex:
      probes->String(std::string(text));
      probes->String("");
      return;
  }
  probes->String(SwapCase(probes->values()[0].string()));
}

}  // namespace contentgate::internal
