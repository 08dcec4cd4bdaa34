// File: lib/report_common.cc
// Pieces every report format shares: messages with hints, escaping,
// UTF-8 repair, location lists.

#include "report_common.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "utf8.h"

namespace contentgate::internal {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

}  // namespace

std::string_view ReportedMessage(const Diagnostic& d, std::string_view hint, std::string* storage) {
  const bool hinted =
      !hint.empty() && (d.code() == Code::kFileTooShort || d.code() == Code::kBadMagic);
  if (!hinted) return d.message();
  storage->assign(d.message());
  storage->append("; ");
  storage->append(hint);
  return *storage;
}

void AppendOneLine(std::string_view text, std::string* out) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      out->append("\\x");
      out->push_back(kHexDigits[c >> 4]);
      out->push_back(kHexDigits[c & 0xF]);
    } else {
      out->push_back(ch);
    }
  }
}

void AppendRepairedUtf8(std::string_view text, std::string* out) {
  while (!text.empty()) {
    const size_t n = Utf8SequenceLength(text);
    if (n == 0) {
      out->append("\xEF\xBF\xBD");
      text.remove_prefix(1);
    } else {
      out->append(text.substr(0, n));
      text.remove_prefix(n);
    }
  }
}

void AppendHex(std::string_view text, std::string* out) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    out->push_back(kHexDigits[c >> 4]);
    out->push_back(kHexDigits[c & 0xF]);
  }
}

size_t CatalogIndex(Code code) {
  const absl::Span<const CatalogEntry> catalog = Catalog();
  return static_cast<size_t>(
      std::lower_bound(catalog.begin(), catalog.end(), code,
                       [](const CatalogEntry& e, Code c) { return e.code < c; }) -
      catalog.begin());
}

std::string_view LevelName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

void AppendXml(std::string_view text, std::string* out) {
  std::string repaired;
  AppendRepairedUtf8(text, &repaired);
  for (char ch : repaired) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&apos;");
        break;
      default:
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
          AppendOneLine(std::string_view(&ch, 1), out);
        } else {
          out->push_back(ch);
        }
    }
  }
}

std::string LocationList(const Diagnostic& d, std::string_view offset_label) {
  std::string list;
  const auto item = [&list](std::string_view text) {
    list.append(list.empty() ? " [" : ", ");
    list.append(text);
  };
  if (!offset_label.empty() && d.has_offset())
    item(absl::StrCat(std::string(offset_label), " ", d.offset()));
  if (d.has_instance()) item(absl::StrCat("instance ", d.instance()));
  if (d.has_instance_id()) item(absl::StrCat("id ", d.instance_id()));
  if (d.has_criterion()) item(absl::StrCat("criterion ", d.criterion()));
  if (d.has_field()) item(std::string("field ").append(d.field()));
  if (d.has_sensor()) item(std::string("sensor ").append(d.sensor()));
  if (d.has_pointer() && !d.pointer().empty()) item(absl::StrCat("pointer ", d.pointer()));
  if (!list.empty()) list.push_back(']');
  return list;
}

}  // namespace contentgate::internal
