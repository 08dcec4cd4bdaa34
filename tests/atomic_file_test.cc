// Tests of WriteFileAtomically and of the compile-then-write flow: a failed
// compile or write leaves the target as it was and no file behind.

#include "contentgate/atomic_file.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "contentgate/source.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace contentgate {
namespace {

// A fresh empty folder under the test temp dir, removed (with its files) at
// the end of the test.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = ::testing::TempDir() + "/cg_atomic_XXXXXX";
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempFolder() {
    for (const std::string& name : Names()) unlink((path_ + "/" + name).c_str());
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

  // The names in the folder, without "." and "..".
  std::set<std::string> Names() const {
    std::set<std::string> names;
    DIR* dir = opendir(path_.c_str());
    if (dir == nullptr) return names;
    while (const dirent* entry = readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.insert(name);
    }
    closedir(dir);
    return names;
  }

 private:
  std::string path_;
};

void WritePlain(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string ReadPlain(const std::string& path) {
  std::string bytes;
  if (FILE* in = std::fopen(path.c_str(), "rb")) {
    char chunk[4096];
    size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, in)) > 0) bytes.append(chunk, n);
    std::fclose(in);
  }
  return bytes;
}

// What `contentgate compile` does: write the output only for a source
// without errors.
absl::Status CompileToFile(const std::string& source, const std::string& out) {
  CompileResult result = CompileSource(source, test::ExampleSchema());
  if (!result.channel_file.has_value()) return absl::InvalidArgumentError("source has errors");
  return WriteFileAtomically(out, *result.channel_file);
}

TEST(AtomicFileTest, CreatesTheFileWithExactlyTheBytes) {
  TempFolder folder;
  const std::string bytes("CHNL\0\x01\xFF", 7);
  ASSERT_TRUE(WriteFileAtomically(folder.File("out.bin"), bytes).ok());
  EXPECT_EQ(ReadPlain(folder.File("out.bin")), bytes);
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
}

TEST(AtomicFileTest, ReplacesAnExistingFile) {
  TempFolder folder;
  WritePlain(folder.File("out.bin"), std::string(5000, 'o'));
  ASSERT_TRUE(WriteFileAtomically(folder.File("out.bin"), "new").ok());
  EXPECT_EQ(ReadPlain(folder.File("out.bin")), "new");
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
}

TEST(AtomicFileTest, WritesAnEmptyFile) {
  TempFolder folder;
  ASSERT_TRUE(WriteFileAtomically(folder.File("empty"), "").ok());
  struct stat st;
  ASSERT_EQ(stat(folder.File("empty").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 0);
}

TEST(AtomicFileTest, NameAtTheLengthLimitStillGetsATemporaryFile) {
  TempFolder folder;
  const std::string name(255, 'n');
  ASSERT_TRUE(WriteFileAtomically(folder.File(name), "long").ok());
  EXPECT_EQ(ReadPlain(folder.File(name)), "long");
  EXPECT_EQ(folder.Names(), std::set<std::string>{name});
}

TEST(AtomicFileTest, MissingFolderFailsCleanly) {
  TempFolder folder;
  const absl::Status status = WriteFileAtomically(folder.File("no/such/out.bin"), "x");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
  EXPECT_TRUE(folder.Names().empty());
}

TEST(AtomicFileTest, TargetThatIsAFolderIsLeftAndNoTemporaryRemains) {
  TempFolder folder;
  ASSERT_EQ(mkdir(folder.File("out.bin").c_str(), 0755), 0);
  const absl::Status status = WriteFileAtomically(folder.File("out.bin"), "x");
  EXPECT_FALSE(status.ok());
  struct stat st;
  ASSERT_EQ(stat(folder.File("out.bin").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
  rmdir(folder.File("out.bin").c_str());
}

TEST(AtomicFileTest, PathEndingInASlashIsRejected) {
  TempFolder folder;
  EXPECT_EQ(WriteFileAtomically(folder.path() + "/", "x").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteFileAtomically("", "x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(folder.Names().empty());
}

TEST(AtomicFileTest, FailedCompileLeavesAnExistingOutputUntouched) {
  TempFolder folder;
  const std::string previous("previous output\0\x01\x02", 18);
  WritePlain(folder.File("out.bin"), previous);
  const std::string broken =
      test::ReadFile(test::SourcePath("tests/data/source/errors/below-min.json"));
  EXPECT_FALSE(CompileToFile(broken, folder.File("out.bin")).ok());
  EXPECT_EQ(ReadPlain(folder.File("out.bin")), previous);
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
}

TEST(AtomicFileTest, FailedCompileCreatesNoFile) {
  TempFolder folder;
  EXPECT_FALSE(CompileToFile("{\"channel\": 291", folder.File("out.bin")).ok());
  EXPECT_TRUE(folder.Names().empty());
}

TEST(AtomicFileTest, SuccessfulCompileReplacesTheOutput) {
  TempFolder folder;
  WritePlain(folder.File("out.bin"), "stale");
  const std::string good = test::ReadFile(test::SourcePath("examples/channel-291.good.json"));
  ASSERT_TRUE(CompileToFile(good, folder.File("out.bin")).ok());
  EXPECT_EQ(ReadPlain(folder.File("out.bin")),
            test::ReadFile(test::SourcePath("tests/data/source/valid/example-good-default.bin")));
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
}

TEST(AtomicFileTest, RelativePathWritesIntoTheWorkingFolder) {
  TempFolder folder;
  char previous[4096];
  ASSERT_NE(getcwd(previous, sizeof previous), nullptr);
  ASSERT_EQ(chdir(folder.path().c_str()), 0);
  const absl::Status status = WriteFileAtomically("relative.bin", "abc");
  ASSERT_EQ(chdir(previous), 0);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(ReadPlain(folder.File("relative.bin")), "abc");
  EXPECT_EQ(folder.Names(), std::set<std::string>{"relative.bin"});
}

TEST(AtomicFileWriterTest, CreateMakesOnlyTheTemporaryFileAndCommitRenamesIt) {
  TempFolder folder;
  WritePlain(folder.File("out.bin"), "old");
  absl::StatusOr<AtomicFileWriter> writer = AtomicFileWriter::Create(folder.File("out.bin"));
  ASSERT_TRUE(writer.ok()) << writer.status();
  const std::string temp = writer->temp_path();
  ASSERT_EQ(temp.rfind(folder.path() + "/.cg-", 0), 0u) << temp;
  EXPECT_EQ(folder.Names().size(), 2u);
  EXPECT_EQ(ReadPlain(folder.File("out.bin")), "old");
  ASSERT_TRUE(writer->Commit("new bytes").ok());
  EXPECT_EQ(writer->temp_path(), "");
  EXPECT_EQ(ReadPlain(folder.File("out.bin")), "new bytes");
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
  EXPECT_EQ(writer->Commit("again").code(), absl::StatusCode::kFailedPrecondition);
}

TEST(AtomicFileWriterTest, DestroyedWithoutCommitRemovesTheTemporaryFile) {
  TempFolder folder;
  WritePlain(folder.File("out.bin"), "old");
  {
    absl::StatusOr<AtomicFileWriter> writer = AtomicFileWriter::Create(folder.File("out.bin"));
    ASSERT_TRUE(writer.ok()) << writer.status();
    AtomicFileWriter moved = std::move(*writer);
    EXPECT_EQ(writer->temp_path(), "");
    EXPECT_EQ(folder.Names().size(), 2u);
  }
  EXPECT_EQ(ReadPlain(folder.File("out.bin")), "old");
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
}

TEST(AtomicFileWriterTest, FailedWriteLeavesTheTargetAndNoTemporaryFile) {
  TempFolder folder;
  WritePlain(folder.File("out.bin"), "old");
  absl::StatusOr<AtomicFileWriter> writer = AtomicFileWriter::Create(folder.File("out.bin"));
  ASSERT_TRUE(writer.ok()) << writer.status();
  // Make the rename fail: the target becomes a non-empty folder.
  unlink(folder.File("out.bin").c_str());
  ASSERT_EQ(mkdir(folder.File("out.bin").c_str(), 0755), 0);
  WritePlain(folder.File("out.bin/keep"), "k");
  EXPECT_FALSE(writer->Commit("new").ok());
  EXPECT_EQ(folder.Names(), std::set<std::string>{"out.bin"});
  unlink(folder.File("out.bin/keep").c_str());
  rmdir(folder.File("out.bin").c_str());
}

}  // namespace
}  // namespace contentgate
