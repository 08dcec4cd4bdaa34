// File: cli/release_commands.cc
// `contentgate diff` and `contentgate test`: reading the files, the library
// calls of release.h, and printing through release_report.h.

#include <sys/stat.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "check_run.h"
#include "commands.h"
#include "contentgate/channel_view.h"
#include "contentgate/release.h"
#include "contentgate/release_report.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

constexpr int kPass = 0;
constexpr int kFail = 1;
constexpr int kUsage = 2;
constexpr uint64_t kMaxTestsFileSize = uint64_t{64} << 20;

int Usage(std::string message) {
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "contentgate: %s\n", message.c_str());
  return kUsage;
}

int Usage(const absl::Status& status) { return Usage(std::string(status.message())); }

absl::StatusOr<Schema> LoadSchemaFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("schema: ", text.status().message()));
  }
  SchemaLoadResult loaded = LoadSchema(*text);
  if (loaded.schema.has_value() && loaded.report.valid()) return std::move(*loaded.schema);
  return absl::InvalidArgumentError(
      absl::StrCat("schema ", path, " has errors (run: contentgate ", "check-schema ", path, ")"));
}

// A tests file: at most 64 MiB, else a usage error.
absl::StatusOr<std::string> ReadTestsFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_size) > kMaxTestsFileSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("tests file ", path, " is larger than 64 MiB; refused unread"));
  }
  return ReadWholeFile(path);
}

// One content file (channel or source), validated, with its view when it
// has no error.
struct LoadedContent {
  std::string path;
  FileKind kind = FileKind::kChannel;
  Report report;
  std::vector<uint8_t> buffer;
  InputFile input;
  std::string compiled;
  std::optional<ChannelFileView> view;
  std::optional<SourceLocations> source;
};

absl::Status LoadContent(const std::string& path, const Schema& schema,
                         const ValidateOptions& options, LoadedContent* out) {
  out->path = path;
  absl::StatusOr<InputFile> input = OpenForCheck(path, schema, &out->buffer);
  if (!input.ok()) return input.status();
  out->input = std::move(*input);
  const absl::Span<const uint8_t> bytes = out->input.bytes();
  out->kind = DetectFileKind(bytes);
  const uint64_t limit =
      schema.channel().max_file_size * (out->kind == FileKind::kSource ? kSourceSizeFactor : 1);
  if (bytes.size() > limit) {
    CheckBytes(bytes, schema, options, &out->report);
    return absl::OkStatus();
  }
  absl::Span<const uint8_t> channel = bytes;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (out->kind == FileKind::kSource) {
    CompileResult result = CompileSource(text, schema, options);
    out->report = std::move(result.report);
    if (!result.channel_file.has_value()) return absl::OkStatus();
    out->compiled = std::move(*result.channel_file);
    channel = AsBytes(out->compiled);
  } else {
    ValidateChannelFile(bytes, schema, options, &out->report);
  }
  if (!out->report.valid()) return absl::OkStatus();
  absl::StatusOr<ChannelFileView> view = ChannelFileView::Open(channel, schema, options);
  if (!view.ok()) return view.status();
  out->view = *view;
  if (out->kind == FileKind::kSource) out->source = LocateSource(text, schema, *out->view);
  return absl::OkStatus();
}

ResultKind KindOf(FileKind kind) {
  return kind == FileKind::kSource ? ResultKind::kSource : ResultKind::kChannel;
}

// --ignore: the named warnings are dropped from `report` (neither kept nor
// counted).
void DropIgnored(const std::vector<Code>& ignored, Report* report) {
  if (ignored.empty()) return;
  Report kept(report->max_diagnostics());
  size_t kept_warnings = 0;
  size_t kept_errors = 0;
  for (const Diagnostic& d : report->diagnostics()) {
    (d.severity() == Severity::kError ? kept_errors : kept_warnings) += 1;
    bool drop = false;
    for (Code c : ignored) drop = drop || c == d.code();
    if (drop) continue;
    if (Diagnostic* copy = kept.Add(d.code())) *copy = d;
  }
  for (size_t i = kept_errors; i < report->errors(); ++i) kept.CountOnly(Severity::kError);
  for (size_t i = kept_warnings; i < report->warnings(); ++i) kept.CountOnly(Severity::kWarning);
  *report = std::move(kept);
}

// Common flags of the release commands.
struct ReleaseFlags {
  std::string schema_path;
  std::vector<std::string> sensors;
  std::vector<std::string> tests;
  std::string format = "text";
  bool strict = false;
  size_t max_errors = Report::kDefaultMaxDiagnostics;
  std::string report_path;
  std::vector<std::string> ignore;
};

absl::StatusOr<std::vector<Code>> ParseIgnored(const std::vector<std::string>& names) {
  std::vector<Code> codes;
  for (const std::string& name : names) {
    const std::optional<Code> code = ParseCode(name);
    if (!code.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat("--ignore: unknown code '", name, "'"));
    }
    if (SeverityOf(*code) == Severity::kError) {
      return absl::InvalidArgumentError(
          absl::StrCat("--ignore ", name, ": an error can never be ignored"));
    }
    codes.push_back(*code);
  }
  return codes;
}

int Emit(const ReleaseFlags& flags, const std::string& output, int status) {
  if (!flags.report_path.empty()) {
    if (absl::Status s = WriteFileAtomically(flags.report_path, output); !s.ok()) {
      return Usage(absl::StrCat("cannot write ", flags.report_path, ": ", s.message()));
    }
    return status;
  }
  if (std::fwrite(output.data(), 1, output.size(), stdout) != output.size() ||
      std::fflush(stdout) != 0) {
    return Usage("cannot write the report to standard output");
  }
  return status;
}

bool Passes(const std::vector<ReleaseFile>& files, bool strict) {
  for (const ReleaseFile& f : files) {
    if (!f.report->passes(strict)) return false;
  }
  return true;
}

// ---- diff -------------------------------------------------------------------

struct DiffFlags {
  ReleaseFlags common;
  std::string old_schema_path;
  std::string old_path;
  std::string new_path;
};

int RunDiff(const DiffFlags& flags) {
  const ReleaseFlags& c = flags.common;
  ReleaseFormat format;
  ParseReleaseFormat(c.format, &format);
  absl::StatusOr<std::vector<Code>> ignored = ParseIgnored(c.ignore);
  if (!ignored.ok()) return Usage(ignored.status());
  absl::StatusOr<Schema> schema = LoadSchemaFile(c.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  std::optional<Schema> old_schema_storage;
  if (!flags.old_schema_path.empty()) {
    absl::StatusOr<Schema> loaded = LoadSchemaFile(flags.old_schema_path);
    if (!loaded.ok()) return Usage(loaded.status());
    old_schema_storage = std::move(*loaded);
  }
  const Schema& old_schema = old_schema_storage.has_value() ? *old_schema_storage : *schema;
  std::optional<std::vector<uint32_t>> targets;
  if (!c.sensors.empty()) {
    absl::StatusOr<std::vector<uint32_t>> resolved = schema->ResolveTargetSensors(c.sensors);
    if (!resolved.ok()) return Usage(resolved.status());
    targets = std::move(*resolved);
  }
  std::vector<std::string> tests_texts;
  for (const std::string& path : c.tests) {
    absl::StatusOr<std::string> text = ReadTestsFile(path);
    if (!text.ok()) return Usage(text.status());
    tests_texts.push_back(std::move(*text));
  }
  ValidateOptions new_options;
  new_options.target_sensors = targets;
  new_options.max_diagnostics = c.max_errors;
  ValidateOptions old_options;
  old_options.target_sensors = std::vector<uint32_t>{};
  old_options.max_diagnostics = c.max_errors;
  LoadedContent old_file;
  LoadedContent new_file;
  if (absl::Status s = LoadContent(flags.old_path, old_schema, old_options, &old_file); !s.ok()) {
    return Usage(s);
  }
  if (absl::Status s = LoadContent(flags.new_path, *schema, new_options, &new_file); !s.ok()) {
    return Usage(s);
  }
  std::vector<ContentTests> tests;
  std::optional<ContentTestSummary> coverage;
  DiffSummary summary;
  const bool compare = old_file.view.has_value() && new_file.view.has_value();
  if (compare) {
    std::vector<ContentTest> all;
    for (const std::string& text : tests_texts) {
      tests.push_back(LoadContentTests(text, *schema, *new_file.view, c.max_errors));
      for (const ContentTest& t : tests.back().tests) all.push_back(t);
    }
    if (!c.tests.empty()) {
      Report scratch;
      ContentTestOptions test_options{&*schema, targets, nullptr};
      coverage = RunContentTests(*new_file.view, all, test_options, &scratch);
    }
    DiffOptions options;
    options.old_schema = &old_schema;
    options.new_schema = &*schema;
    options.target_sensors = targets;
    options.new_source = new_file.source.has_value() ? &*new_file.source : nullptr;
    options.coverage = coverage.has_value() ? &*coverage : nullptr;
    summary = DiffChannelFiles(*old_file.view, *new_file.view, options, &new_file.report);
  }
  DropIgnored(*ignored, &old_file.report);
  DropIgnored(*ignored, &new_file.report);
  std::vector<ReleaseFile> files = {{old_file.path, KindOf(old_file.kind), &old_file.report},
                                    {new_file.path, KindOf(new_file.kind), &new_file.report}};
  for (size_t i = 0; i < tests.size(); ++i) {
    files.push_back({c.tests[i], ResultKind::kTests, &tests[i].report});
  }
  size_t reported = 0;
  for (const Diagnostic& d : new_file.report.diagnostics()) {
    reported += d.code() == Code::kDiffFirstFieldUse || d.code() == Code::kDiffFirstTypeUse;
  }
  DiffReport report{"" CONTENTGATE_VERSION, old_file.path, new_file.path,
                    compare ? &summary : nullptr, reported};
  const std::string output = RenderDiff(format, c.strict, files, report);
  return Emit(c, output, Passes(files, c.strict) ? kPass : kFail);
}

// ---- test -------------------------------------------------------------------

struct TestFlags {
  ReleaseFlags common;
  bool coverage = false;
  std::string content_path;
};

int RunTest(const TestFlags& flags) {
  const ReleaseFlags& c = flags.common;
  ReleaseFormat format;
  ParseReleaseFormat(c.format, &format);
  absl::StatusOr<std::vector<Code>> ignored = ParseIgnored(c.ignore);
  if (!ignored.ok()) return Usage(ignored.status());
  if (flags.coverage) {
    for (Code code : *ignored) {
      if (code == Code::kFieldNotCovered || code == Code::kInstanceNotCovered) {
        return Usage(absl::StrCat("--ignore ", std::string(CodeName(code)),
                                  " cannot be combined with --coverage"));
      }
    }
  }
  absl::StatusOr<Schema> schema = LoadSchemaFile(c.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  std::optional<std::vector<uint32_t>> targets;
  if (!c.sensors.empty()) {
    absl::StatusOr<std::vector<uint32_t>> resolved = schema->ResolveTargetSensors(c.sensors);
    if (!resolved.ok()) return Usage(resolved.status());
    targets = std::move(*resolved);
  }
  std::vector<std::string> tests_texts;
  for (const std::string& path : c.tests) {
    absl::StatusOr<std::string> text = ReadTestsFile(path);
    if (!text.ok()) return Usage(text.status());
    tests_texts.push_back(std::move(*text));
  }
  ValidateOptions options;
  options.target_sensors = std::vector<uint32_t>{};
  options.max_diagnostics = c.max_errors;
  LoadedContent content;
  if (absl::Status s = LoadContent(flags.content_path, *schema, options, &content); !s.ok()) {
    return Usage(s);
  }
  std::vector<ContentTests> tests;
  std::optional<ContentTestSummary> summary;
  size_t test_count = 0;
  if (content.view.has_value()) {
    std::vector<ContentTest> all;
    for (const std::string& text : tests_texts) {
      tests.push_back(LoadContentTests(text, *schema, *content.view, c.max_errors));
      for (const ContentTest& t : tests.back().tests) all.push_back(t);
    }
    test_count = all.size();
    ContentTestOptions test_options{&*schema, targets,
                                    content.source.has_value() ? &*content.source : nullptr};
    summary = RunContentTests(*content.view, all, test_options, &content.report);
  }
  bool uncovered = false;
  for (const Diagnostic& d : content.report.diagnostics()) {
    uncovered =
        uncovered || d.code() == Code::kFieldNotCovered || d.code() == Code::kInstanceNotCovered;
  }
  DropIgnored(*ignored, &content.report);
  std::vector<ReleaseFile> files = {{content.path, KindOf(content.kind), &content.report}};
  for (size_t i = 0; i < tests.size(); ++i) {
    files.push_back({c.tests[i], ResultKind::kTests, &tests[i].report});
  }
  TestReport report{"" CONTENTGATE_VERSION, summary.has_value() ? &*summary : nullptr, test_count};
  const std::string output = RenderTest(format, c.strict, files, report);
  const bool pass = Passes(files, c.strict) && !(flags.coverage && uncovered);
  return Emit(c, output, pass ? kPass : kFail);
}

void AddCommon(CLI::App* app, ReleaseFlags* flags, bool tests_required) {
  app->add_option("--schema", flags->schema_path, "schema file")->required()->type_name("FILE");
  app->add_option("--sensor", flags->sensors, "target sensor version (repeatable)")
      ->type_name("VERSION")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  CLI::Option* tests = app->add_option("--tests", flags->tests, "tests file (repeatable)")
                           ->type_name("FILE")
                           ->allow_extra_args(false)
                           ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  if (tests_required) tests->required();
  app->add_option("--format", flags->format, "output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}))
      ->capture_default_str();
  app->add_flag("--strict", flags->strict, "fail on warnings too");
  app->add_option("--max-errors", flags->max_errors, "diagnostics printed per file")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--report", flags->report_path, "write the report to FILE (atomically)")
      ->type_name("FILE");
  app->add_option("--ignore", flags->ignore, "warning code to drop (repeatable)")
      ->type_name("CODE")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace

void RegisterDiffCommand(CLI::App* app, int* status) {
  static DiffFlags diff;
  CLI::App* d = app->add_subcommand("diff",
                                    "compare a candidate release NEW with the last "
                                    "shipped release OLD");
  AddCommon(d, &diff.common, false);
  d->add_option("--old-schema", diff.old_schema_path, "schema OLD is checked against")
      ->type_name("FILE");
  d->add_option("old", diff.old_path, "the last shipped release")->required()->type_name("OLD");
  d->add_option("new", diff.new_path, "the candidate release")->required()->type_name("NEW");
  d->callback([status] { *status = RunDiff(diff); });
}

void RegisterTestCommand(CLI::App* app, int* status) {
  static TestFlags test;
  CLI::App* t = app->add_subcommand("test", "run content tests and check their coverage");
  AddCommon(t, &test.common, true);
  t->add_flag("--coverage", test.coverage, "fail when a field or instance is not covered");
  t->add_option("content", test.content_path, "channel or source file")
      ->required()
      ->type_name("CONTENT");
  t->callback([status] { *status = RunTest(test); });
}

}  // namespace contentgate::cli
