// File: bench/worst_case_content.cc
// The adversarial shapes of issue 12 (see worst_case_content.h).

#include "worst_case_content.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace contentgate::bench {
namespace {

constexpr Op kStringOps[] = {Op::kStrEq, Op::kPrefix, Op::kSuffix, Op::kContains, Op::kGlob};

// `length` bytes of "é" (C3 A9), with a `*` after every 7 of them when
// `stars` (then the text ends in one ASCII byte when needed).
std::string NonAsciiText(uint32_t length, bool stars) {
  std::string text;
  text.reserve(length);
  uint32_t run = 0;
  while (text.size() < length) {
    if (stars && run == 7) {
      text += '*';
      run = 0;
    } else if (text.size() + 2 <= length) {
      text += "\xC3\xA9";
      ++run;
    } else {
      text += 'e';
    }
  }
  return text;
}

Instance MakeInstance(uint32_t index, uint16_t type_id, uint32_t fields) {
  Instance instance;
  instance.id = index + 1;
  instance.template_type_id = type_id;
  instance.criteria.resize(fields);
  return instance;
}

Content NewContent() {
  Content content;
  content.channel_id = 12;
  content.content_version = 1;
  return content;
}

// `head`, then as many whole copies of `unit` as fit in `n` bytes, then
// `x` up to exactly n bytes.
std::string Fill(std::string head, std::string_view unit, size_t n) {
  while (head.size() + unit.size() <= n) head += unit;
  head.resize(n, 'x');
  return head;
}

// Letters and digits that spell `serial` then fill to `n` bytes.
std::string LiteralPattern(uint32_t serial, size_t n) {
  return Fill(absl::StrFormat("r%xz", serial), "literalpattern0123456789", n);
}

std::string ShapePattern(RegexShape shape, uint32_t serial) {
  const std::string head = absl::StrFormat("r%xz", serial);
  switch (shape) {
    case RegexShape::kUnicodeClasses30k:
      return Fill(head, "\\pL", 30 * 1024);
    case RegexShape::kDistinct255:
      return Fill(head, "\\pL", 255);
    case RegexShape::kBracketed8k:
      return head + Fill("[", "\\pL\\pN\\pS", 8 * 1024 - head.size() - 1) + "]";
    case RegexShape::kOverlong:
      return Fill(head, "[^a]{1000}", 256);
    case RegexShape::kWithinRule8k:
      return Fill(head + "\\pL\\pL\\pL\\pL\\pL\\pL\\pL\\pL", "literalpattern0123456789", 8 * 1024);
    case RegexShape::kWithinRuleDot8k:
      return Fill(head, ".", 8 * 1024);
  }
  return head;
}

}  // namespace

std::string WorstCaseSchemaJson() {
  std::string wide;
  std::string narrow;
  for (uint32_t i = 0; i < kShapeStringFields; ++i) {
    absl::StrAppend(&wide, i ? ", " : "", "{\"name\": \"s", i,
                    "\", \"type\": \"string\", \"max_length\": 65535, \"max_wildcards\": 64, "
                    "\"max_regex_program\": 100000}");
    absl::StrAppend(&narrow, i ? ", " : "", "{\"name\": \"s", i,
                    "\", \"type\": \"string\", \"max_length\": 64}");
  }
  return absl::StrCat(
      "{\"schema_version\": 1, \"channel\": {\"id\": 12, \"name\": \"worst_case\", "
      "\"max_instances\": 1000000, \"max_file_size\": 1073741824},\n"
      " \"template_types\": [\n  {\"id\": 1, \"name\": \"wide\", \"fields\": [",
      wide,
      ", {\"name\": \"n\", \"type\": \"u32\"}]},\n  {\"id\": 2, \"name\": \"narrow\", "
      "\"fields\": [",
      narrow,
      "]}],\n \"sensors\": [{\"version\": \"1.0\", \"inputs\": {\"wide\": 9, \"narrow\": 8}}]}\n");
}

Content MakeSharedOverlongContent(uint32_t instances, uint32_t length) {
  const std::string text = NonAsciiText(length, true);
  Content content = NewContent();
  for (uint32_t k = 0; k < instances; ++k) {
    Instance instance = MakeInstance(k, kNarrowTypeId, kShapeStringFields);
    for (uint32_t i = 0; i < kShapeStringFields; ++i) {
      instance.criteria[i].op = i % 2 ? Op::kStrEq : Op::kGlob;
      instance.criteria[i].text = text;
    }
    content.instances.push_back(std::move(instance));
  }
  return content;
}

Content MakeSharedStringContent(uint32_t instances, uint32_t length) {
  const std::string text = NonAsciiText(length, false);
  Content content = NewContent();
  for (uint32_t k = 0; k < instances; ++k) {
    Instance instance = MakeInstance(k, kWideTypeId, kShapeStringFields + 1);
    for (uint32_t i = 0; i < kShapeStringFields; ++i) {
      instance.criteria[i].op = kStringOps[(k + i) % 5];
      instance.criteria[i].text = text;
    }
    content.instances.push_back(std::move(instance));
  }
  return content;
}

const char* RegexShapeName(RegexShape shape) {
  switch (shape) {
    case RegexShape::kUnicodeClasses30k:
      return "unicode_classes_30k";
    case RegexShape::kDistinct255:
      return "distinct_255";
    case RegexShape::kBracketed8k:
      return "bracketed_8k";
    case RegexShape::kOverlong:
      return "overlong";
    case RegexShape::kWithinRule8k:
      return "within_rule_8k";
    case RegexShape::kWithinRuleDot8k:
      return "within_rule_dot_8k";
  }
  return "?";
}

Content MakeRegexContent(RegexShape shape, uint32_t patterns, bool literal_twin) {
  const bool narrow = shape == RegexShape::kOverlong;
  Content content = NewContent();
  for (uint32_t k = 0; k < patterns; ++k) {
    Instance instance = narrow ? MakeInstance(k, kNarrowTypeId, kShapeStringFields)
                               : MakeInstance(k, kWideTypeId, kShapeStringFields + 1);
    Criterion& c = instance.criteria[0];
    c.op = Op::kRegex;
    c.text = ShapePattern(shape, k);
    if (literal_twin) c.text = LiteralPattern(k, c.text.size());
    content.instances.push_back(std::move(instance));
  }
  return content;
}

std::string MakeZeroInstancesSource(size_t bytes) {
  std::string out = "{\"channel\": 291, \"content_version\": 1, \"instances\": [0";
  out.reserve(bytes + 8);
  while (out.size() + 4 < bytes) out += ",0";
  out += "]}\n";
  return out;
}

std::string MakeWideSchemaJson(uint32_t max_file_size) {
  std::string fields;
  for (int i = 0; i < 1024; ++i) {
    absl::StrAppend(&fields, i ? ", " : "", "{\"name\": \"f", i, "\", \"type\": \"u8\"}");
  }
  return absl::StrCat(
      "{\"schema_version\": 1, \"channel\": {\"id\": 13, \"name\": \"wide\", "
      "\"max_file_size\": ",
      max_file_size, "},\n \"template_types\": [{\"id\": 1, \"name\": \"t\", \"fields\": [", fields,
      "]}],\n \"sensors\": [{\"version\": \"1.0\", \"inputs\": {\"t\": 1024}}]}\n");
}

std::string MakeWideSource(uint32_t instances) {
  std::string out = "{\"channel\": 13, \"content_version\": 1, \"instances\": [";
  for (uint32_t k = 0; k < instances; ++k) {
    absl::StrAppend(&out, k ? ",\n" : "\n", "{\"id\": ", k + 1,
                    ", \"type\": \"t\", \"criteria\": {}}");
  }
  out += "\n]}\n";
  return out;
}

std::string MakeManyTypesSchemaJson(uint32_t types) {
  std::string out =
      "{\"schema_version\": 1, \"channel\": {\"id\": 14, \"name\": \"many\", "
      "\"max_instances\": 4000000},\n \"template_types\": [";
  std::string inputs;
  for (uint32_t t = 0; t < types; ++t) {
    absl::StrAppend(&out, t ? ",\n" : "\n", "{\"id\": ", t + 1, ", \"name\": \"t", t,
                    "\", \"fields\": [{\"name\": \"v\", \"type\": \"u8\"}]}");
    absl::StrAppend(&inputs, t ? ", " : "", "\"t", t, "\": 1");
  }
  absl::StrAppend(&out, "],\n \"sensors\": [{\"version\": \"1.0\", \"inputs\": {", inputs,
                  "}}]}\n");
  return out;
}

std::string MakeManyTypesSource(uint32_t types, uint32_t instances) {
  std::string out = "{\"channel\": 14, \"content_version\": 1, \"instances\": [";
  for (uint32_t k = 0; k < instances; ++k) {
    // Spread over every type, the later ones (a linear look-up's worst) first.
    const uint32_t type = types - 1 - static_cast<uint32_t>((uint64_t{k} * 7919) % types);
    absl::StrAppend(&out, k ? ",\n" : "\n", "{\"id\": ", k + 1, ", \"type\": \"t", type,
                    "\", \"criteria\": {\"v\": {\"eq\": 1}}}");
  }
  out += "\n]}\n";
  return out;
}

}  // namespace contentgate::bench
