// Tests of the command line's input reading (cli/file_input.cc): a file
// whose size changes between the stat and the read is an error, never a
// short or torn read; limits refuse files unread; -o over an input.

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "file_input.h"
#include "gtest/gtest.h"

namespace contentgate::cli {
namespace {

class FileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/cg_input_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
  }
  void TearDown() override {
    for (const std::string& path : made_) unlink(path.c_str());
    rmdir(folder_.c_str());
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = folder_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    made_.push_back(path);
    return path;
  }
  std::string folder_;
  std::vector<std::string> made_;
};

TEST_F(FileInputTest, ReadsAWholeFile) {
  const std::string path = Write("a.bin", std::string(100000, 'x'));
  absl::StatusOr<InputReader> reader = InputReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_TRUE(reader->sized());
  EXPECT_EQ(reader->size(), 100000u);
  std::vector<uint8_t> buffer;
  ASSERT_TRUE(reader->ReadUpTo(4096, &buffer).ok());
  EXPECT_EQ(buffer.size(), 4096u);
  EXPECT_FALSE(reader->at_end());
  ASSERT_TRUE(reader->ReadUpTo(1 << 30, &buffer).ok());
  EXPECT_EQ(buffer.size(), 100000u);
  EXPECT_TRUE(reader->at_end());
}

TEST_F(FileInputTest, FileThatShrinksBetweenStatAndReadIsAnError) {
  const std::string path = Write("shrinks.bin", std::string(200000, 'x'));
  absl::StatusOr<InputReader> reader = InputReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_EQ(truncate(path.c_str(), 1000), 0);
  std::vector<uint8_t> buffer;
  const absl::Status status = reader->ReadUpTo(reader->size() + 1, &buffer);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("changed size (from 200000 bytes) while being read"),
            absl::string_view::npos)
      << status;
  EXPECT_NE(status.message().find(path), absl::string_view::npos);
}

TEST_F(FileInputTest, FileThatGrowsBetweenStatAndReadIsAnError) {
  const std::string path = Write("grows.bin", std::string(5000, 'x'));
  absl::StatusOr<InputReader> reader = InputReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::ofstream(path, std::ios::binary | std::ios::app) << std::string(100, 'y');
  std::vector<uint8_t> buffer;
  EXPECT_FALSE(reader->ReadUpTo(1 << 20, &buffer).ok());
  EXPECT_LE(buffer.size(), 5001u);  // never more than the size + 1
}

TEST_F(FileInputTest, FifoAndFolderAreRefusedWithoutBlocking) {
  const std::string fifo = folder_ + "/pipe.bin";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  made_.push_back(fifo);
  EXPECT_EQ(InputReader::Open(fifo).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(InputReader::Open(folder_).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(FileInputTest, WholeInputOverTheLimitIsRefusedUnread) {
  const std::string path = Write("big.json", "");
  ASSERT_EQ(truncate(path.c_str(), off_t{1} << 33), 0);  // 8 GiB of holes
  const absl::StatusOr<std::string> text = ReadWholeInput(path, kTextInputLimit, "schema");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("schema " + path +
                                         " is 8589934592 bytes, larger than "
                                         "the limit of 67108864 bytes: refused unread"),
            absl::string_view::npos)
      << text.status();
  EXPECT_EQ(*ReadWholeInput(Write("ok.json", "{}"), kTextInputLimit, "schema"), "{}");
}

TEST_F(FileInputTest, OutputNamingAnInputThroughALinkIsRefused) {
  const std::string input = Write("in.json", "{}");
  const std::string hard = folder_ + "/hard.json";
  const std::string soft = folder_ + "/soft.json";
  ASSERT_EQ(link(input.c_str(), hard.c_str()), 0);
  ASSERT_EQ(symlink(input.c_str(), soft.c_str()), 0);
  made_.push_back(hard);
  made_.push_back(soft);
  for (const std::string& out : {input, hard, soft, folder_ + "/./in.json"}) {
    const absl::Status status = RefuseOutputOverInput(out, "-o", {"-", input});
    EXPECT_FALSE(status.ok()) << out;
    EXPECT_NE(status.message().find("is the input " + input), absl::string_view::npos);
  }
  EXPECT_TRUE(RefuseOutputOverInput(folder_ + "/new.bin", "-o", {input}).ok());
  EXPECT_TRUE(RefuseOutputOverInput("-", "-o", {input}).ok());
}

TEST_F(FileInputTest, NoFileToCheck) {
  const absl::StatusOr<std::vector<std::string>> files =
      CollectInputs({folder_}, {".bin", ".json"});
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("no file to check"), absl::string_view::npos);
}

}  // namespace
}  // namespace contentgate::cli
