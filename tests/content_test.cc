// The canonical encoder against bytes derived by hand from the format
// reference, pool dedup and instance order, and decode(encode(x)) == x.

#include "contentgate/content.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "contentgate/channel_file.h"
#include "test_support.h"

namespace contentgate {
namespace {

// Bitwise CRC-32C, independent of the library's ISA-L path.
uint32_t ReferenceCrc(std::string_view s) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : s) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string Hex(std::string_view hex) {
  std::string out;
  int nibbles = 0, value = 0;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else
      continue;
    value = value * 16 + v;
    if (++nibbles == 2) {
      out.push_back(static_cast<char>(value));
      nibbles = value = 0;
    }
  }
  return out;
}

std::string LE32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

Schema SmallSchema() {
  Field s;
  s.name = "s";
  s.type = FieldType::kString;
  s.ops = OpSet::AllValidFor(FieldType::kString);
  Field n;
  n.name = "n";
  n.type = FieldType::kU32;
  n.ops = OpSet::AllValidFor(FieldType::kU32);
  n.max = 0xFFFFFFFF;
  TemplateType t;
  t.id = 1;
  t.name = "t";
  t.fields = {s, n};
  ChannelInfo channel;
  channel.id = 7;
  channel.name = "small";
  return Schema(channel, {t}, {Sensor("1.0", {{0, 2}})});
}

TEST(ContentTest, HandDerivedBytes) {
  Content content;
  content.channel_id = 7;
  content.content_version = 2;
  Instance instance;
  instance.id = 5;
  instance.template_type_id = 1;
  instance.criteria = {test::StringCriterion(Op::kStrEq, "ab"), test::IntCriterion(Op::kEq, 3)};
  content.instances.push_back(instance);

  // One instance, two criteria, a 2-byte pool: 64 + 16 + 48 + 2 = 130 bytes.
  const std::string header_head =
      Hex("43 48 4e 4c  01 00  40 00"   // magic, format_version 1, header_size 64
          "07 00 00 00  02 00 00 00"    // channel_id 7, content_version 2
          "82 00 00 00  00 00 00 00"    // file_size 130, flags
          "40 00 00 00  01 00 00 00"    // instance table at 64, 1 instance
          "50 00 00 00  02 00 00 00"    // criterion table at 80, 2 criteria
          "80 00 00 00  02 00 00 00"    // pool at 128, 2 bytes
          "00 00 00 00  00 00 00 00");  // reserved
  const std::string payload =
      Hex("05 00 00 00  01 00  02 00  00 00 00 00  00 00  00 00"  // id 5, type 1, 2 criteria from 0
          "05 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  02 00 00 00 00 00 00 00"  // str_eq @0
                                                                                       // len 2
          "01 00 00 00 00 00 00 00  03 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"  // eq 3
          "61 62");                                                                    // "ab"
  std::string expected = header_head + LE32(ReferenceCrc(payload));
  expected += LE32(ReferenceCrc(expected));  // header CRC over [0, 60), payload CRC included
  expected += payload;

  const std::string file = EncodeChannelFile(content);
  EXPECT_EQ(file, expected);
  const Schema schema = SmallSchema();
  EXPECT_TRUE(ValidateChannelFile(AsBytes(file), schema).diagnostics().empty());
}

TEST(ContentTest, SortsByIdAndDedupsPoolInOrderOfFirstUse) {
  const Schema schema = SmallSchema();
  Content content;
  content.channel_id = 7;
  for (uint32_t id : {9u, 3u, 6u}) {
    Instance instance;
    instance.id = id;
    instance.template_type_id = 1;
    const std::string text = id == 3 ? "first" : "shared";
    instance.criteria = {test::StringCriterion(id == 9 ? Op::kPrefix : Op::kStrEq, text),
                         test::IntCriterion(Op::kEq, id)};
    content.instances.push_back(instance);
  }
  const std::string file = EncodeChannelFile(content);
  EXPECT_TRUE(ValidateChannelFile(AsBytes(file), schema).diagnostics().empty());
  // Pool: "first" (instance 3) then "shared" once (instances 6 and 9).
  EXPECT_EQ(file.substr(file.size() - 11), "firstshared");
  absl::StatusOr<Content> decoded = DecodeChannelFile(AsBytes(file), schema);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->instances.size(), 3u);
  EXPECT_EQ(decoded->instances[0].id, 3u);
  EXPECT_EQ(decoded->instances[1].id, 6u);
  EXPECT_EQ(decoded->instances[2].id, 9u);
  EXPECT_EQ(decoded->instances[2].criteria[0].op, Op::kPrefix);
  EXPECT_EQ(decoded->instances[2].criteria[0].text, "shared");
}

void ExpectSameContent(const Content& a, const Content& b) {
  EXPECT_EQ(a.channel_id, b.channel_id);
  EXPECT_EQ(a.content_version, b.content_version);
  ASSERT_EQ(a.instances.size(), b.instances.size());
  for (size_t k = 0; k < a.instances.size(); ++k) {
    const Instance& x = a.instances[k];
    const Instance& y = b.instances[k];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.template_type_id, y.template_type_id);
    EXPECT_EQ(x.disabled, y.disabled);
    ASSERT_EQ(x.criteria.size(), y.criteria.size());
    for (size_t i = 0; i < x.criteria.size(); ++i) {
      EXPECT_EQ(x.criteria[i].op, y.criteria[i].op) << k << "/" << i;
      EXPECT_EQ(x.criteria[i].nocase, y.criteria[i].nocase);
      EXPECT_EQ(x.criteria[i].arg0, y.criteria[i].arg0);
      EXPECT_EQ(x.criteria[i].arg1, y.criteria[i].arg1);
      EXPECT_EQ(x.criteria[i].text, y.criteria[i].text);
    }
  }
}

TEST(ContentTest, DecodeOfEncodeIsIdentity) {
  Content content = test::BaseContent();
  content.instances[0].disabled = true;
  content.instances[0].criteria[1] = test::StringCriterion(Op::kStrEq, "\\\\.\\pipe\\evil", true);
  const std::string file = EncodeChannelFile(content);
  absl::StatusOr<Content> decoded = DecodeChannelFile(AsBytes(file), test::ExampleSchema());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ExpectSameContent(*decoded, content);
  EXPECT_EQ(EncodeChannelFile(*decoded), file);
}

TEST(ContentTest, DecodeRefusesAnInvalidFileNamingTheError) {
  std::string file = EncodeChannelFile(test::BaseContent());
  test::PatchLE32(&file, 8, 292);
  const absl::StatusOr<Content> decoded = DecodeChannelFile(AsBytes(file), test::ExampleSchema());
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(decoded.status().message().substr(0, 7), "CG206: ");
}

TEST(ContentTest, TestSupportFixCrcsRecomputesPayloadThenHeader) {
  std::string file = EncodeChannelFile(test::BaseContent());
  const std::string original = file;
  file[70] ^= 1;
  test::FixCrcs(&file);
  file[70] ^= 1;
  test::FixCrcs(&file);
  EXPECT_EQ(file, original);
  const std::string_view v(file);
  EXPECT_EQ(v.substr(56, 4), LE32(ReferenceCrc(v.substr(64))));
  EXPECT_EQ(v.substr(60, 4), LE32(ReferenceCrc(v.substr(0, 60))));
}

}  // namespace
}  // namespace contentgate
