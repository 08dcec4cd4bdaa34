// Writes the binary seed corpora of the channel-file fuzz targets: one small
// file per interesting shape, at least one per channel-file diagnostic code,
// and the Channel 291 reproduction. Built with the library's canonical
// writer (EncodeChannelFile) and then patched through the raw model.
//
//   cg_fuzz_seed_gen CORPUS_ROOT
//
// writes CORPUS_ROOT/channel_file_fuzzer/*.bin, and the seeds that validate
// structurally also to CORPUS_ROOT/{roundtrip,interpreter}_fuzzer/. Prints
// each seed's diagnostic codes against each embedded schema.

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bytes.h"
#include "contentgate/channel_file.h"
#include "contentgate/content.h"
#include "contentgate/schema.h"
#include "fuzz_schemas.h"
#include "raw_channel.h"

namespace contentgate::fuzz {
namespace {

using namespace std::string_view_literals;

const Schema& Shipped() { return FuzzSchemas()[0]; }

int FieldIndex(uint16_t type_id, std::string_view name) {
  const Schema& schema = Shipped();
  const TemplateType& type = schema.template_types()[schema.FindTemplateTypeById(type_id)];
  for (size_t i = 0; i < type.fields.size(); ++i) {
    if (type.fields[i].name == name) return static_cast<int>(i);
  }
  std::fprintf(stderr, "no field %.*s\n", static_cast<int>(name.size()), name.data());
  std::abort();
}

Criterion Int(Op op, uint64_t a0, uint64_t a1 = 0) {
  Criterion c;
  c.op = op;
  c.arg0 = a0;
  c.arg1 = a1;
  return c;
}

Criterion Str(Op op, std::string_view text, bool nocase = false) {
  Criterion c;
  c.op = op;
  c.text = std::string(text);
  c.nocase = nocase;
  return c;
}

// An all-`any` instance of `type_id`.
Instance Blank(uint32_t id, uint16_t type_id) {
  const Schema& schema = Shipped();
  Instance in;
  in.id = id;
  in.template_type_id = type_id;
  in.criteria.resize(schema.template_types()[schema.FindTemplateTypeById(type_id)].fields.size());
  return in;
}

Instance& Set(Instance& in, std::string_view field, Criterion c) {
  in.criteria[FieldIndex(in.template_type_id, field)] = std::move(c);
  return in;
}

Instance With(Instance in, std::string_view field, Criterion c) {
  Set(in, field, std::move(c));
  return in;
}

// The content of examples/channel-291.good.json.
Content Good() {
  Content content;
  content.channel_id = 291;
  content.content_version = 31;
  Instance a = Blank(10, 1);
  Set(a, "pipe_name", Str(Op::kGlob, "\\\\.\\pipe\\msagent_*", true));
  Set(a, "client_pid", Int(Op::kRange, 100, 65535));
  Set(a, "transport", Int(Op::kEq, 1));
  Set(a, "is_remote", Int(Op::kEq, 1));
  Set(a, "access_mask", Int(Op::kMask, 3, 1));
  Instance b = Blank(11, 1);
  b.disabled = true;
  Set(b, "pipe_name", Str(Op::kRegex, "^\\\\\\\\\\.\\\\pipe\\\\[0-9a-f]{32}$"));
  Set(b, "server_integrity", Int(Op::kEq, 4));
  Set(b, "client_integrity", Int(Op::kNe, 4));
  Instance c = Blank(12, 2);
  Set(c, "pipe_name", Str(Op::kPrefix, "\\\\.\\pipe\\postex_"));
  Set(c, "bytes_written", Int(Op::kRange, 1, 4096));
  Set(c, "impersonation", Int(Op::kEq, 1));
  content.instances = {a, b, c};
  return content;
}

// The Channel 291 reproduction: a non-wildcard criterion on the 21st field,
// which sensor 7.11 (20 inputs) does not supply.
Content Channel291() {
  Content content = Good();
  content.content_version = 32;
  Instance d = Blank(13, 1);
  Set(d, "pipe_name", Str(Op::kGlob, "\\\\.\\pipe\\*_wkssvc*"));
  Set(d, "client_parent_image_path", Str(Op::kSuffix, "\\rundll32.exe", true));
  content.instances.push_back(d);
  return content;
}

// One instance of type 2 with one criterion on `field`.
Content One(std::string_view field, Criterion c, uint16_t type_id = 2) {
  Content content;
  content.channel_id = 291;
  Instance in = Blank(1, type_id);
  Set(in, field, std::move(c));
  content.instances.push_back(in);
  return content;
}

std::string Enc(const Content& content) { return EncodeChannelFile(content); }

// Patches the encoded file through the raw model and re-lays it out.
std::string Raw(const std::string& bytes, const std::function<void(RawChannelFile&)>& edit) {
  RawChannelFile raw = DecodeRaw(AsBytes(bytes));
  edit(raw);
  return EncodeRaw(raw);
}

std::string Raw(const Content& content, const std::function<void(RawChannelFile&)>& edit) {
  return Raw(Enc(content), edit);
}

// Patches `width` bytes at `offset` and recomputes the CRCs asked for.
std::string Patch(std::string bytes, size_t offset, uint64_t value, size_t width,
                  bool fix_payload_crc = true, bool fix_header_crc = true) {
  std::memcpy(bytes.data() + offset, &value, width);
  FixCrcs(&bytes, fix_payload_crc, fix_header_crc);
  return bytes;
}

struct Seed {
  std::string name;
  std::string bytes;
};

std::vector<Seed> Seeds() {
  const std::string good = Enc(Good());
  const std::string small = Enc(One("client_pid", Int(Op::kEq, 4)));
  std::vector<Seed> seeds = {
      // Valid shapes.
      {"valid-good", good},
      {"valid-c291-repro", Enc(Channel291())},
      {"valid-empty", Enc(Content{291, 0, {}})},
      {"valid-one-any", Enc(Content{291, 1, {Blank(1, 2)}})},
      {"valid-small", small},
      {"valid-u64-range-max", Enc(One("bytes_written", Int(Op::kRange, 0, ~uint64_t{0})))},
      {"valid-shared-pool", Raw(One("pipe_name", Str(Op::kStrEq, "abcdef")),
                                [](RawChannelFile& f) {
                                  f.instances.push_back(f.instances[0]);
                                  f.instances[1].id = 2;
                                  f.instances[1].criteria[0].op = static_cast<uint8_t>(Op::kSuffix);
                                  f.instances[1].criteria[0].arg0 = 3;
                                  f.instances[1].criteria[0].arg1 = 3;
                                })},
      {"valid-unsorted-pool", Raw(Good(),
                                  [](RawChannelFile& f) {
                                    // The same strings, pool reversed: valid but not canonical.
                                    std::string pool;
                                    std::vector<RawCriterion*> strings;
                                    for (auto& in : f.instances)
                                      for (auto& c : in.criteria)
                                        if (IsStringOp(static_cast<Op>(c.op)))
                                          strings.push_back(&c);
                                    for (auto it = strings.rbegin(); it != strings.rend(); ++it) {
                                      std::string text = f.pool.substr((*it)->arg0, (*it)->arg1);
                                      (*it)->arg0 = pool.size();
                                      pool += text;
                                    }
                                    f.pool = pool;
                                  })},
      {"valid-utf8-multibyte",
       Enc(One("pipe_name", Str(Op::kContains, "\xC3\xA9\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF")))},
      {"valid-nocase-regex", Enc(One("pipe_name", Str(Op::kRegex, "(?i)pipe\\\\[a-z]+$", true)))},
      // The validator scans strings of up to 64 bytes as one 64-byte window
      // that may read past the string (never past the pool): a glob whose
      // window holds another string's stars, and strings at its edges.
      {"valid-window-stars-after-glob",
       [] {
         Content content{291, 1, {Blank(1, 1)}};
         Set(content.instances[0], "pipe_name", Str(Op::kGlob, "\\\\.\\pipe\\*x"));
         Set(content.instances[0], "server_image_path", Str(Op::kPrefix, std::string(64, '*')));
         return Enc(content);
       }()},
      {"cg311-nul-last-in-window",
       Enc(One("pipe_name", Str(Op::kPrefix, std::string(63, 'a') + '\0')))},
      {"cg313-long-glob-past-window",
       Enc(One("pipe_name", Str(Op::kGlob, std::string(17, '*') + std::string(63, 'a'))))},
      // CG316 (warning): pool bytes nobody references.
      {"cg316-unreferenced-pool", Raw(small, [](RawChannelFile& f) { f.pool += "zz"; })},
      // CG315 (warning): a glob of stars only.
      {"cg315-glob-all-stars", Enc(One("pipe_name", Str(Op::kGlob, "**")))},
      // CG401 (warning) for 7.11: type 1 with its 21st field left any.
      {"cg401-trailing-any", Enc(Content{291, 1, {Blank(5, 1)}})},

      // Phase 1: envelope.
      {"cg100-short", good.substr(0, 63)},
      {"cg100-tiny", "CHNL"},
      {"cg101-magic", Patch(good, CG_HEADER_MAGIC, 0x4C4E4843 ^ 0x20, 4)},
      {"cg102-version", Patch(good, CG_HEADER_FORMAT_VERSION, 2, 2)},
      {"cg103-header-size", Patch(good, CG_HEADER_HEADER_SIZE, 72, 2)},
      {"cg104-header-crc", Patch(good, CG_HEADER_HEADER_CRC, 0xDEADBEEF, 4, false, false)},
      {"cg105-file-size", Patch(good, CG_HEADER_FILE_SIZE, good.size() + 1, 4)},
      {"cg106-too-large", Enc(Content{
                              291,
                              1,
                              {With(Blank(1, 1), "server_command_line",
                                    Str(Op::kContains, std::string(2000, 'c')))}})},
      {"cg107-flags", Patch(good, CG_HEADER_FLAGS, 1, 4)},
      {"cg107-reserved", Patch(good, CG_HEADER_RESERVED + 7, 0x80, 1)},
      {"cg108-all-zero", std::string(64, '\0')},
      {"cg108-all-zero-short", std::string(3, '\0')},
      // Phase 2: layout.
      {"cg110-instance-table", Patch(small, CG_HEADER_INSTANCE_TABLE_OFFSET, 72, 4)},
      {"cg111-instance-count-huge", Patch(small, CG_HEADER_INSTANCE_COUNT, 0xFFFFFFFF, 4)},
      {"cg111-criterion-count-wraps", Patch(small, CG_HEADER_CRITERION_COUNT, 0x0AAAAAAB, 4)},
      {"cg111-pool-size", Patch(small, CG_HEADER_POOL_SIZE, 0xFFFFFFF0, 4)},
      {"cg112-criterion-table", Patch(small, CG_HEADER_CRITERION_TABLE_OFFSET, 88, 4)},
      {"cg112-pool-offset", Patch(small, CG_HEADER_POOL_OFFSET, 0, 4)},
      {"cg113-trailing", Raw(small, [](RawChannelFile& f) { f.trailing = "x"; })},
      {"cg114-payload-crc", Patch(small, CG_HEADER_PAYLOAD_CRC, 0, 4, false, true)},
      {"cg208-too-many-instances",
       Enc(Content{291, 1, {Blank(1, 2), Blank(2, 2), Blank(3, 2), Blank(4, 2)}})},
      // Phase 3: instances.
      {"cg200-id-zero", Enc(Content{291, 1, {Blank(0, 2)}})},
      {"cg201-id-repeats", Enc(Content{291, 1, {Blank(7, 2), Blank(7, 2)}})},
      {"cg201-id-decreases",
       Raw(Enc(Content{291, 1, {Blank(7, 2), Blank(8, 2)}}),
           [](RawChannelFile& f) { std::swap(f.instances[0].id, f.instances[1].id); })},
      {"cg202-unknown-type",
       Raw(small, [](RawChannelFile& f) { f.instances[0].template_type_id = 99; })},
      {"cg203-twenty-criteria", Raw(Enc(Content{291, 1, {Blank(1, 1)}}),
                                    [](RawChannelFile& f) { f.instances[0].criteria.pop_back(); })},
      {"cg204-first-criterion", Raw(Enc(Content{291, 1, {Blank(1, 2), Blank(2, 2)}}),
                                    [](RawChannelFile& f) {
                                      f.instances[1].keep_declared = true;
                                      f.instances[1].declared_count = 4;
                                      f.instances[1].declared_first = 3;
                                    })},
      {"cg205-criterion-total",
       Raw(small, [](RawChannelFile& f) { f.orphan_criteria.emplace_back(); })},
      {"cg206-channel-id", Raw(small, [](RawChannelFile& f) { f.header.channel_id = 292; })},
      {"cg207-instance-flags", Raw(small, [](RawChannelFile& f) { f.instances[0].flags = 2; })},
      {"cg207-instance-reserved",
       Raw(small, [](RawChannelFile& f) { f.instances[0].reserved = 1; })},
      // Phase 3: criteria.
      {"cg300-unknown-op",
       Raw(small, [](RawChannelFile& f) { f.instances[0].criteria[1].op = 11; })},
      {"cg300-op-255", Raw(small, [](RawChannelFile& f) { f.instances[0].criteria[1].op = 255; })},
      {"cg301-op-for-type", Enc(One("client_pid", Str(Op::kStrEq, "x")))},
      {"cg301-op-not-listed", Enc(One("bytes_written", Int(Op::kEq, 5)))},
      {"cg302-reserved",
       Raw(small, [](RawChannelFile& f) { f.instances[0].criteria[1].reserved[5] = 1; })},
      {"cg302-nocase-eq",
       Raw(small, [](RawChannelFile& f) { f.instances[0].criteria[1].flags = 1; })},
      {"cg302-nocase-any",
       Raw(small, [](RawChannelFile& f) { f.instances[0].criteria[0].flags = 1; })},
      {"cg303-any-arg", Raw(small, [](RawChannelFile& f) { f.instances[0].criteria[0].arg1 = 1; })},
      {"cg303-eq-arg1", Raw(small, [](RawChannelFile& f) { f.instances[0].criteria[1].arg1 = 1; })},
      {"cg304-below-min", Enc(One("client_pid", Int(Op::kEq, 3)))},
      {"cg304-u16-max",
       Enc(Content{291, 1, {With(Blank(1, 1), "max_pipe_instances", Int(Op::kNe, 256))}})},
      {"cg304-wider-than-u32", Enc(One("client_pid", Int(Op::kEq, uint64_t{1} << 32)))},
      {"cg305-range-reversed", Enc(One("bytes_written", Int(Op::kRange, 10, 9)))},
      {"cg306-mask-zero",
       Enc(Content{291, 1, {With(Blank(1, 1), "access_mask", Int(Op::kMask, 0, 0))}})},
      {"cg306-expected-outside",
       Enc(Content{291, 1, {With(Blank(1, 1), "access_mask", Int(Op::kMask, 1, 3))}})},
      {"cg306-mask-wide",
       Enc(Content{
           291, 1, {With(Blank(1, 1), "pipe_mode", Int(Op::kMask, uint64_t{1} << 40, 0))}})},
      {"cg307-bool-2", Enc(One("impersonation", Int(Op::kEq, 2)))},
      {"cg307-enum-7", Enc(Content{291, 1, {With(Blank(1, 1), "transport", Int(Op::kNe, 7))}})},
      {"cg310-offset-past-pool",
       Raw(Enc(One("pipe_name", Str(Op::kStrEq, "abc"))),
           [](RawChannelFile& f) { f.instances[0].criteria[0].arg0 = 4; })},
      {"cg310-length-wraps", Raw(Enc(One("pipe_name", Str(Op::kStrEq, "abc"))),
                                 [](RawChannelFile& f) {
                                   f.instances[0].criteria[0].arg0 = 1;
                                   f.instances[0].criteria[0].arg1 = ~uint64_t{0};
                                 })},
      {"cg311-overlong", Enc(One("pipe_name", Str(Op::kStrEq, "\xC0\xAF")))},
      {"cg311-surrogate", Enc(One("pipe_name", Str(Op::kStrEq, "\xED\xA0\x80")))},
      {"cg311-above-max", Enc(One("pipe_name", Str(Op::kStrEq, "\xF4\x90\x80\x80")))},
      {"cg311-truncated", Enc(One("pipe_name", Str(Op::kPrefix, "ab\xE2\x82")))},
      {"cg311-nul", Enc(One("pipe_name", Str(Op::kStrEq, "a\0b"sv)))},
      {"cg312-empty", Raw(Enc(One("pipe_name", Str(Op::kStrEq, "a"))),
                          [](RawChannelFile& f) { f.instances[0].criteria[0].arg1 = 0; })},
      {"cg312-too-long", Enc(One("pipe_name", Str(Op::kStrEq, std::string(257, 'n'))))},
      {"cg313-nine-stars",
       Enc(Content{
           291,
           1,
           {With(Blank(1, 1), "server_command_line", Str(Op::kGlob, "*a*b*c*d*e*f*g*h*i"))}})},
      {"cg314-syntax", Enc(One("pipe_name", Str(Op::kRegex, "(")))},
      {"cg314-backreference", Enc(One("pipe_name", Str(Op::kRegex, "(a)\\1")))},
      {"cg314-named-group", Enc(One("pipe_name", Str(Op::kRegex, "(?<n>a)")))},
      {"cg314-program-size", Enc(One("pipe_name", Str(Op::kRegex, "[a-z]{1000}\\d{1000}")))},
      {"cg314-huge", Enc(One("pipe_name", Str(Op::kRegex, "((a{100}){100}){100}")))},
      // Phase 3: sensor compatibility.
      {
          "cg400-c291-field-21", Enc(Content{291,
                                             1,
                                             {With(Blank(13, 1), "client_parent_image_path",
                                                   Str(Op::kSuffix, "\\rundll32.exe", true))}})},
      {"cg400-disabled",
       Raw(Enc(Content{
               291, 1, {With(Blank(13, 1), "client_parent_image_path", Str(Op::kStrEq, "x"))}}),
           [](RawChannelFile& f) { f.instances[0].flags = kInstanceDisabled; })},
      {"cg402-no-input-list", Enc(Content{291, 1, {Blank(1, 2)}})},
      {"limits-fuzz-scalars", Enc(Content{291, 1, {[] {
                                            Instance in;
                                            in.id = 1;
                                            in.template_type_id = 3;
                                            in.criteria.resize(6);
                                            in.criteria[0] = Int(Op::kEq, 200);
                                            in.criteria[1] = Str(Op::kRegex, "a+");
                                            in.criteria[2] = Int(Op::kRange, 16, 17);
                                            in.criteria[3] = Int(Op::kEq, 4294967295u);
                                            in.criteria[4] = Int(Op::kEq, 1);
                                            in.criteria[5] = Int(Op::kMask, 0x8001, 0x8000);
                                            return in;
                                          }()}})},
  };
  return seeds;
}

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

bool StructurallyValid(const std::string& bytes) {
  ValidateOptions structural;
  structural.target_sensors = std::vector<uint32_t>{};
  for (const Schema& schema : FuzzSchemas()) {
    if (ValidateChannelFile(AsBytes(bytes), schema, structural).valid()) return true;
  }
  return false;
}

}  // namespace
}  // namespace contentgate::fuzz

int main(int argc, char** argv) {
  using namespace contentgate::fuzz;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_ROOT\n", argv[0]);
    return 2;
  }
  std::string root = argv[1];
  int failures = 0;
  for (const Seed& seed : Seeds()) {
    std::vector<std::string> targets = {"channel_file_fuzzer"};
    if (StructurallyValid(seed.bytes)) {
      targets.push_back("roundtrip_fuzzer");
      targets.push_back("interpreter_fuzzer");
    }
    std::printf("%-32s", seed.name.c_str());
    for (const contentgate::Schema& schema : FuzzSchemas()) {
      contentgate::Report report =
          contentgate::ValidateChannelFile(contentgate::AsBytes(seed.bytes), schema);
      std::printf(" |");
      for (const contentgate::Diagnostic& d : report.diagnostics()) {
        std::string_view code = contentgate::CodeName(d.code());
        std::printf(" %.*s", static_cast<int>(code.size()), code.data());
      }
    }
    std::printf("\n");
    for (const std::string& target : targets) {
      std::string path = root + "/" + target + "/" + seed.name + ".bin";
      if (!WriteFile(path, seed.bytes)) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        ++failures;
      }
    }
  }
  return failures == 0 ? 0 : 1;
}
