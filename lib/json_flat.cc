// File: lib/json_flat.cc
// The flat document: its handles' accessors, its line table, ParseJsonDoc
// (the strict reader of json_flat_read.cc, with ParseJson's exact error for
// any text that reader refuses) and the copy of ParseJson's tree that is
// both its fallback and its reference in tests.

#include "json_flat.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "json_doc.h"
#include "json_flat_read.h"

namespace contentgate::internal {

bool JsonDocSizeFits(size_t size, JsonError* error) {
  if (size <= kJsonDocMaxSize) return true;
  *error = JsonError();
  error->message =
      absl::StrCat("the text is ", size, " bytes long; at most ", kJsonDocMaxSize, " can be read");
  return false;
}

JsonRef JsonRef::Find(std::string_view key) const {
  for (const JsonMember member : members()) {
    if (member.key() == key) return member.value();
  }
  return JsonRef();
}

uint32_t JsonRef::line() const {
  const uint32_t* starts = doc_->line_starts_.get();
  return static_cast<uint32_t>(
      std::upper_bound(starts, starts + doc_->line_count_, node_->offset()) - starts);
}

uint32_t JsonRef::column() const { return node_->offset() - doc_->line_starts_[line() - 1] + 1; }

void JsonDoc::SetText(std::string_view text, uint32_t lines) {
  text_ = text;
  line_starts_ = std::make_unique<uint32_t[]>(lines);
  line_count_ = 1;
  const char* const end = text.data() + text.size();
  for (const char* p = text.data(); p != end && line_count_ < lines; ++p) {
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (p == nullptr) break;
    line_starts_[line_count_++] = static_cast<uint32_t>(p + 1 - text.data());
  }
}

void JsonDoc::AllocateNodes(uint32_t count) {
  // Not value-initialized: every node is written before it is read.
  nodes_.reset(new JsonNode[count]);
  node_count_ = count;
}

// Copies ParseJson's tree into a JsonDoc: the same values and positions
// (offsets from line and column), every string into the decoded buffer.
class JsonDocCopier {
 public:
  static void Copy(std::string_view text, const JsonValue& root, JsonDoc* doc) {
    doc->SetText(text, static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n')) + 1);
    uint32_t nodes = 0;
    size_t bytes = 0;
    Count(root, &nodes, &bytes);
    doc->AllocateNodes(nodes);
    doc->decoded_.reserve(bytes);
    JsonDocCopier(doc).CopyValue(root, 0);
  }

 private:
  explicit JsonDocCopier(JsonDoc* doc) : doc_(doc) {}

  // The nodes and string bytes under `v` (the tree holds less than the
  // text, so both fit).
  static void Count(const JsonValue& v, uint32_t* nodes, size_t* bytes) {
    ++*nodes;
    *bytes += v.text.size();
    for (const JsonValue& item : v.items) Count(item, nodes, bytes);
    for (const auto& [key, value] : v.members) {
      ++*nodes;
      *bytes += key.size();
      Count(value, nodes, bytes);
    }
  }

  uint32_t OffsetOf(const JsonValue& v) const {
    const uint32_t line = std::min(std::max(v.line, 1u), doc_->line_count_);
    return doc_->line_starts_[line - 1] + v.column - 1;
  }

  uint32_t Decoded(const std::string& text) {
    const auto at = static_cast<uint32_t>(doc_->decoded_.size());
    doc_->decoded_ += text;
    return at;
  }

  static uint32_t Digits(uint64_t u) {
    uint32_t n = 1;
    for (; u >= 10; u /= 10) ++n;
    return n;
  }

  void CopyValue(const JsonValue& v, uint32_t slot) {
    const uint32_t offset = OffsetOf(v);
    JsonNode* const nodes = doc_->nodes_.get();
    const auto size = [](const auto& c) { return static_cast<uint32_t>(c.size()); };
    switch (v.kind) {
      case JsonNode::Kind::kNull:
      case JsonNode::Kind::kBool:
        nodes[slot] = JsonNode(v.kind, v.boolean, offset, 0, 0);
        return;
      case JsonNode::Kind::kUnsigned:
        nodes[slot] = JsonNode(v.kind, false, offset, Digits(v.u), 0);
        return;
      case JsonNode::Kind::kNegative:
      case JsonNode::Kind::kFloat:
        nodes[slot] = JsonNode(v.kind, false, offset, size(v.text), 0);
        return;
      case JsonNode::Kind::kString:
        nodes[slot] = JsonNode(v.kind, true, offset, size(v.text), Decoded(v.text));
        return;
      case JsonNode::Kind::kArray: {
        const uint32_t first = free_;
        free_ += size(v.items);
        nodes[slot] = JsonNode(v.kind, false, offset, size(v.items), first);
        for (uint32_t i = 0; i < size(v.items); ++i) CopyValue(v.items[i], first + i);
        return;
      }
      case JsonNode::Kind::kObject: {
        const uint32_t first = free_;
        free_ += 2 * size(v.members);
        nodes[slot] = JsonNode(v.kind, false, offset, size(v.members), first);
        for (uint32_t i = 0; i < size(v.members); ++i) {
          const std::string& key = v.members[i].first;
          // A key's position is not kept (members give only its text).
          nodes[first + 2 * i] =
              JsonNode(JsonNode::Kind::kString, true, 0, size(key), Decoded(key));
          CopyValue(v.members[i].second, first + 2 * i + 1);
        }
        return;
      }
    }
  }

  JsonDoc* doc_;
  uint32_t free_ = 1;  // the root is node 0
};

bool ParseJsonDocViaTree(std::string_view text, JsonDoc* out, JsonError* error, int max_depth) {
  *out = JsonDoc();
  *error = JsonError();
  if (!JsonDocSizeFits(text.size(), error)) return false;
  JsonValue tree;
  if (!ParseJson(text, &tree, error, max_depth)) return false;
  JsonDocCopier::Copy(text, tree, out);
  return true;
}

bool ParseJsonDoc(std::string_view text, JsonDoc* out, JsonError* error, int max_depth) {
  *out = JsonDoc();
  *error = JsonError();
  if (!JsonDocSizeFits(text.size(), error)) return false;
  if (ReadJsonDoc(text, out, max_depth)) return true;
  // ParseJson's error, found without holding the text as a tree (which
  // takes about a hundred times the text's size).
  *out = JsonDoc();
  if (!CheckJson(text, error, max_depth)) return false;
  return ParseJsonDocViaTree(text, out, error, max_depth);
}

}  // namespace contentgate::internal
