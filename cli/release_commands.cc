// File: cli/release_commands.cc
// `contentgate diff` and `contentgate test`: reading the files, the library
// calls of release.h, and printing through release_report.h.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "check_run.h"
#include "command_support.h"
#include "commands.h"
#include "contentgate/channel_view.h"
#include "contentgate/release.h"
#include "contentgate/release_report.h"
#include "contentgate/schema.h"
#include "contentgate/source.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

// A tests file, refused unread past kTextInputLimit.
absl::StatusOr<std::string> ReadTestsFile(const std::string& path) {
  return ReadWholeInput(path, kTextInputLimit, "tests file");
}

// One content file (channel or source), validated, with its view when it
// has no error.
struct LoadedContent {
  std::string path;
  FileKind kind = FileKind::kChannel;
  Report report;
  std::vector<uint8_t> buffer;
  std::string compiled;
  std::optional<ChannelFileView> view;
  std::optional<SourceLocations> source;
};

// Reads `path` ("-": standard input) as validate does: a file over its
// kind's limit gets CG106 alone, unread.
absl::Status LoadContent(const std::string& path, const Schema& schema,
                         const ValidateOptions& options, LoadedContent* out) {
  out->path = path;
  absl::StatusOr<LoadedInput> input = LoadInput(path, schema, &out->buffer);
  if (!input.ok()) return input.status();
  out->kind = input->kind;
  if (input->oversized) {
    CheckLoaded(*input, schema, options, &out->report);
    return absl::OkStatus();
  }
  const absl::Span<const uint8_t> bytes = input->bytes;
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

// Common flags of the release commands.
struct ReleaseFlags {
  TargetFlags target;
  ReportFlags report;
  std::vector<std::string> tests;
};

// The report options and the tests files, read; the report's destination
// opened (refused over any of `inputs`) before any content is read.
struct ReleaseRun {
  ReportSettings settings;
  ReleaseFormat format = ReleaseFormat::kText;
  std::vector<std::string> tests_texts;
  std::optional<OutputSink> sink;
};

absl::StatusOr<ReleaseRun> StartRelease(const ReleaseFlags& flags, std::string_view command,
                                        const std::vector<std::string>& inputs) {
  ReleaseRun run;
  absl::StatusOr<ReportSettings> settings = ResolveReportFlags(flags.report, command);
  if (!settings.ok()) return settings.status();
  run.settings = std::move(*settings);
  ParseReleaseFormat(flags.report.format, &run.format);
  absl::StatusOr<OutputSink> sink = OpenReportSink(run.settings, inputs);
  if (!sink.ok()) return sink.status();
  run.sink.emplace(std::move(*sink));
  for (const std::string& path : flags.tests) {
    absl::StatusOr<std::string> text = ReadTestsFile(path);
    if (!text.ok()) return text.status();
    run.tests_texts.push_back(std::move(*text));
  }
  return run;
}

// The document as delivered: JSON and SARIF in the shared layout.
std::string Layout(const ReleaseRun& run, std::string output) {
  if (run.format != ReleaseFormat::kJson && run.format != ReleaseFormat::kSarif) return output;
  return LayoutJsonReport(output, run.settings.render.pretty);
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
  std::vector<std::string> inputs = {flags.old_path, flags.new_path, c.target.schema_path};
  if (!flags.old_schema_path.empty()) inputs.push_back(flags.old_schema_path);
  inputs.insert(inputs.end(), c.tests.begin(), c.tests.end());
  absl::StatusOr<Schema> schema = LoadUsableSchema(c.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  std::optional<Schema> old_schema_storage;
  if (!flags.old_schema_path.empty()) {
    absl::StatusOr<Schema> loaded = LoadUsableSchema(flags.old_schema_path);
    if (!loaded.ok()) return Usage(loaded.status());
    old_schema_storage = std::move(*loaded);
  }
  const Schema& old_schema = old_schema_storage.has_value() ? *old_schema_storage : *schema;
  auto targets = ResolveTargets(*schema, c.target.sensors);
  if (!targets.ok()) return Usage(targets.status());
  absl::StatusOr<ReleaseRun> run = StartRelease(c, "diff", inputs);
  if (!run.ok()) return Usage(run.status());
  const ReportSettings& settings = run->settings;
  const bool strict = settings.render.strict;
  ValidateOptions new_options;
  new_options.target_sensors = *targets;
  new_options.max_diagnostics = settings.collect_cap();
  ValidateOptions old_options;
  old_options.target_sensors = std::vector<uint32_t>{};
  old_options.max_diagnostics = settings.collect_cap();
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
    for (const std::string& text : run->tests_texts) {
      tests.push_back(LoadContentTests(text, *schema, *new_file.view, settings.max_errors));
      for (const ContentTest& t : tests.back().tests) all.push_back(t);
    }
    if (!c.tests.empty()) {
      Report scratch;
      ContentTestOptions test_options{&*schema, *targets, nullptr};
      coverage = RunContentTests(*new_file.view, all, test_options, &scratch);
    }
    DiffOptions options;
    options.old_schema = &old_schema;
    options.new_schema = &*schema;
    options.target_sensors = *targets;
    options.new_source = new_file.source.has_value() ? &*new_file.source : nullptr;
    options.coverage = coverage.has_value() ? &*coverage : nullptr;
    summary = DiffChannelFiles(*old_file.view, *new_file.view, options, &new_file.report);
  }
  FilterIgnored(settings, &old_file.report);
  FilterIgnored(settings, &new_file.report);
  const std::string_view old_name = settings.NameOf(old_file.path);
  const std::string_view new_name = settings.NameOf(new_file.path);
  std::vector<ReleaseFile> files = {{old_name, KindOf(old_file.kind), &old_file.report},
                                    {new_name, KindOf(new_file.kind), &new_file.report}};
  for (size_t i = 0; i < tests.size(); ++i) {
    files.push_back({c.tests[i], ResultKind::kTests, &tests[i].report});
  }
  size_t reported = 0;
  for (const Diagnostic& d : new_file.report.diagnostics()) {
    reported += d.code() == Code::kDiffFirstFieldUse || d.code() == Code::kDiffFirstTypeUse;
  }
  DiffReport report{kVersion, old_name, new_name, compare ? &summary : nullptr, reported};
  const std::string output = Layout(*run, RenderDiff(run->format, strict, files, report));
  return Deliver(&*run->sink, output, Passes(files, strict) ? kPass : kFail);
}

// ---- test -------------------------------------------------------------------

struct TestFlags {
  ReleaseFlags common;
  bool coverage = false;
  std::string content_path;
};

int RunTest(const TestFlags& flags) {
  const ReleaseFlags& c = flags.common;
  if (flags.coverage) {
    absl::StatusOr<ReportSettings> settings = ResolveReportFlags(c.report, "test");
    if (!settings.ok()) return Usage(settings.status());
    for (Code code : settings->ignored) {
      if (code == Code::kFieldNotCovered || code == Code::kInstanceNotCovered) {
        return Usage(absl::StrCat("--ignore ", std::string(CodeName(code)),
                                  " cannot be combined with --coverage"));
      }
    }
  }
  std::vector<std::string> inputs = {flags.content_path, c.target.schema_path};
  inputs.insert(inputs.end(), c.tests.begin(), c.tests.end());
  absl::StatusOr<Schema> schema = LoadUsableSchema(c.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  auto targets = ResolveTargets(*schema, c.target.sensors);
  if (!targets.ok()) return Usage(targets.status());
  absl::StatusOr<ReleaseRun> run = StartRelease(c, "test", inputs);
  if (!run.ok()) return Usage(run.status());
  const ReportSettings& settings = run->settings;
  const bool strict = settings.render.strict;
  ValidateOptions options;
  options.target_sensors = std::vector<uint32_t>{};
  options.max_diagnostics = settings.collect_cap();
  LoadedContent content;
  if (absl::Status s = LoadContent(flags.content_path, *schema, options, &content); !s.ok()) {
    return Usage(s);
  }
  std::vector<ContentTests> tests;
  std::optional<ContentTestSummary> summary;
  size_t test_count = 0;
  if (content.view.has_value()) {
    std::vector<ContentTest> all;
    for (const std::string& text : run->tests_texts) {
      tests.push_back(LoadContentTests(text, *schema, *content.view, settings.max_errors));
      for (const ContentTest& t : tests.back().tests) all.push_back(t);
    }
    test_count = all.size();
    ContentTestOptions test_options{&*schema, *targets,
                                    content.source.has_value() ? &*content.source : nullptr};
    summary = RunContentTests(*content.view, all, test_options, &content.report);
  }
  bool uncovered = false;
  for (const Diagnostic& d : content.report.diagnostics()) {
    uncovered =
        uncovered || d.code() == Code::kFieldNotCovered || d.code() == Code::kInstanceNotCovered;
  }
  FilterIgnored(settings, &content.report);
  std::vector<ReleaseFile> files = {
      {settings.NameOf(content.path), KindOf(content.kind), &content.report}};
  for (size_t i = 0; i < tests.size(); ++i) {
    files.push_back({settings.NameOf(c.tests[i]), ResultKind::kTests, &tests[i].report});
  }
  TestReport report{kVersion, summary.has_value() ? &*summary : nullptr, test_count};
  const std::string output = Layout(*run, RenderTest(run->format, strict, files, report));
  const bool pass = Passes(files, strict) && !(flags.coverage && uncovered);
  return Deliver(&*run->sink, output, pass ? kPass : kFail);
}

void AddCommon(CLI::App* app, ReleaseFlags* flags, bool tests_required, unsigned report_options) {
  flags->target.AddTo(app, true);
  CLI::Option* tests = app->add_option("--tests", flags->tests, "tests file (repeatable)")
                           ->type_name("FILE")
                           ->allow_extra_args(false)
                           ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  if (tests_required) tests->required();
  flags->report.AddTo(app, report_options, AllFormats());
}

}  // namespace

void RegisterDiffCommand(CLI::App* app, int* status) {
  static DiffFlags* const diff = new DiffFlags;  // registered once, kept to the end
  CLI::App* d = app->add_subcommand("diff",
                                    "compare a candidate release NEW with the last "
                                    "shipped release OLD");
  AddCommon(d, &diff->common, false, kAllReportOptions & ~kStdinNameOption);
  d->add_option("--old-schema", diff->old_schema_path, "schema OLD is checked against")
      ->type_name("FILE");
  d->add_option("old", diff->old_path, "the last shipped release")->required()->type_name("OLD");
  d->add_option("new", diff->new_path, "the candidate release")->required()->type_name("NEW");
  d->callback([status] { *status = RunDiff(*diff); });
}

void RegisterTestCommand(CLI::App* app, int* status) {
  static TestFlags* const test = new TestFlags;  // registered once, kept to the end
  CLI::App* t = app->add_subcommand("test", "run content tests and check their coverage");
  AddCommon(t, &test->common, true, kAllReportOptions);
  t->add_flag("--coverage", test->coverage, "fail when a field or instance is not covered");
  t->add_option("content", test->content_path, "channel or source file (- for standard input)")
      ->required()
      ->type_name("CONTENT");
  t->callback([status] { *status = RunTest(*test); });
}

}  // namespace contentgate::cli
