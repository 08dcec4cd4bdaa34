// Tests of CRC-32C against known check values and split computations.
#include <gtest/gtest.h>

#include <string>

#include "contentgate/channel_file.h"

namespace contentgate {
namespace {

TEST(Crc32cTest, CheckValue) { EXPECT_EQ(Crc32c(AsBytes("123456789")), 0xE3069283u); }

TEST(Crc32cTest, KnownVectors) {
  EXPECT_EQ(Crc32c(AsBytes("")), 0x00000000u);
  // RFC 3720 B.4: 32 bytes of zeros and 32 bytes of 0xFF.
  EXPECT_EQ(Crc32c(AsBytes(std::string(32, '\0'))), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(AsBytes(std::string(32, '\xFF'))), 0x62A8AB43u);
}

TEST(Crc32cTest, AllLengthsAgreeWithBitwiseReference) {
  auto reference = [](const std::string& s) {
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : s) {
      crc ^= c;
      for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
    }
    return ~crc;
  };
  std::string data;
  for (int n = 0; n < 600; ++n) {
    EXPECT_EQ(Crc32c(AsBytes(data)), reference(data)) << n;
    data.push_back(static_cast<char>(n * 131 + 7));
  }
}

}  // namespace
}  // namespace contentgate
