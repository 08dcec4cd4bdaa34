// File: cli/sign_commands.cc
// `contentgate keygen`, `sign` and `verify`: key files, the password,
// signature files and the verify report around the library's signing.

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "check_run.h"
#include "command_support.h"
#include "commands.h"
#include "contentgate/channel_file.h"
#include "contentgate/regex_cache.h"
#include "contentgate/report_format.h"
#include "contentgate/schema.h"
#include "contentgate/signing.h"
#include "file_input.h"

namespace contentgate::cli {
namespace {

// Key and signature files are a few hundred bytes; anything past this is
// not one, and is not read.
constexpr uint64_t kKeyFileLimit = 64 * 1024;
// Without --schema, verify reads no channel file larger than this.
constexpr uint64_t kUnschemaedLimit = uint64_t{1} << 30;
constexpr char kPasswordVariable[] = "CONTENTGATE_KEY_PASSWORD";

// A small text file (a key or a signature), refused unread past the limit.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path, std::string_view what) {
  return ReadWholeInput(path, kKeyFileLimit, absl::StrCat(std::string(what), " file"));
}

// Zeroes a string holding a secret before it is released.
void Wipe(std::string* secret) {
  volatile char* p = secret->data();
  for (size_t i = 0; i < secret->size(); ++i) p[i] = 0;
  secret->clear();
}

// Reads one line from standard input (a terminal) without echo.
std::optional<std::string> PromptNoEcho(const char* prompt) {
  // Echo goes off before the prompt shows, without discarding input: a
  // password typed as soon as the prompt appears is neither echoed nor lost.
  termios old_mode;
  if (tcgetattr(STDIN_FILENO, &old_mode) != 0) return std::nullopt;
  termios quiet = old_mode;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::fprintf(stderr, "%s", prompt);
  std::fflush(stderr);
  std::string line;
  char c;
  bool got_newline = false;
  while (read(STDIN_FILENO, &c, 1) == 1) {
    if (c == '\n' || c == '\r') {
      got_newline = true;
      break;
    }
    line.push_back(c);
  }
  tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
  std::fprintf(stderr, "\n");
  if (!got_newline && line.empty()) return std::nullopt;
  return line;
}

// The password: $CONTENTGATE_KEY_PASSWORD when set and not empty, else a
// prompt without echo when standard input is a terminal (twice when
// `confirm`), else a usage error.
absl::StatusOr<std::string> GetPassword(bool confirm) {
  if (const char* env = std::getenv(kPasswordVariable); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  if (!isatty(STDIN_FILENO)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the secret key needs a password: set ", kPasswordVariable,
                     " or run on a terminal (keygen --no-password makes an unencrypted key)"));
  }
  std::optional<std::string> first = PromptNoEcho("Password: ");
  if (!first.has_value() || first->empty()) {
    return absl::InvalidArgumentError("no password given");
  }
  if (confirm) {
    std::optional<std::string> second = PromptNoEcho("Password (again): ");
    const bool same = second.has_value() && *second == *first;
    if (second.has_value()) Wipe(&*second);
    if (!same) {
      Wipe(&*first);
      return absl::InvalidArgumentError("the passwords differ");
    }
  }
  return std::move(*first);
}

// Writes `text` to a new file `path` with `mode`, refusing to replace an
// existing file: a temporary file in the same folder is written, synced and
// linked to `path` (which fails if `path` exists), then removed.
absl::Status WriteNewFile(const std::string& path, const std::string& text, mode_t mode) {
  const std::string temp = absl::StrCat(path, ".tmp-", getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0)
    return absl::UnavailableError(absl::StrCat("cannot create ", temp, ": ", std::strerror(errno)));
  fchmod(fd, mode);  // whatever the umask
  size_t done = 0;
  int err = 0;
  while (done < text.size() && err == 0) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno != EINTR) err = errno;
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (err == 0 && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && link(temp.c_str(), path.c_str()) != 0) err = errno;
  unlink(temp.c_str());
  if (err == EEXIST)
    return absl::AlreadyExistsError(absl::StrCat(path, " already exists: not overwritten"));
  if (err != 0)
    return absl::UnavailableError(absl::StrCat("cannot write ", path, ": ", std::strerror(err)));
  return absl::OkStatus();
}

// ---- keygen -----------------------------------------------------------------

struct KeygenFlags {
  bool no_password = false;
  std::string public_key;
  std::string secret_key;
};

int RunKeygen(const KeygenFlags& flags) {
  if (flags.public_key == flags.secret_key) {
    return Usage("-p and -s name the same file");
  }
  for (const std::string* path : {&flags.public_key, &flags.secret_key}) {
    struct stat st;
    if (lstat(path->c_str(), &st) == 0) {
      return Usage(absl::StrCat(*path, " already exists: keygen does not overwrite a key"));
    }
  }
  std::optional<std::string> password;
  if (!flags.no_password) {
    absl::StatusOr<std::string> entered = GetPassword(/*confirm=*/true);
    if (!entered.ok()) return Usage(entered.status());
    password = std::move(*entered);
  }
  absl::StatusOr<KeyPairText> pair = GenerateKeyPair(
      password.has_value() ? std::optional<std::string_view>(*password) : std::nullopt);
  if (password.has_value()) Wipe(&*password);
  if (!pair.ok()) return Usage(pair.status());
  absl::Status written = WriteNewFile(flags.secret_key, pair->secret_key, 0600);
  Wipe(&pair->secret_key);
  if (!written.ok()) return Usage(written);
  if (absl::Status s = WriteNewFile(flags.public_key, pair->public_key, 0644); !s.ok()) {
    unlink(flags.secret_key.c_str());  // no secret key without its public key
    return Usage(s);
  }
  std::fprintf(stderr, "contentgate: wrote the public key %s and the secret key %s%s\n",
               flags.public_key.c_str(), flags.secret_key.c_str(),
               flags.no_password ? " (unencrypted)" : "");
  return kPass;
}

// ---- sign -------------------------------------------------------------------

struct SignFlags {
  TargetFlags target;
  std::string key;
  std::string out;
  std::string file;
};

std::string DiagnosticLines(const std::string& path, const Report& report) {
  std::string out;
  for (const Diagnostic& d : report.diagnostics()) {
    AppendDiagnosticLine(path, d, &out);
    out.push_back('\n');
  }
  return out;
}

int RunSign(const SignFlags& flags) {
  const std::string out = flags.out.empty() ? flags.file + ".minisig" : flags.out;
  // The signature's temporary file is made before any work, and removed on
  // a signal or a failure: nothing is written over an input.
  const std::vector<std::string> inputs = {flags.file, flags.target.schema_path, flags.key};
  if (absl::Status s = RefuseOutputOverInput(out, "-o", inputs); !s.ok()) return Usage(s);
  absl::StatusOr<Schema> schema = LoadUsableSchema(flags.target.schema_path);
  if (!schema.ok()) return Usage(schema.status());
  absl::StatusOr<OutputSink> sink = OutputSink::Open(out, "-o");
  if (!sink.ok()) return Usage(sink.status());
  std::vector<uint8_t> buffer;
  absl::StatusOr<LoadedInput> input = LoadInput(flags.file, *schema, &buffer);
  if (!input.ok()) return Usage(input.status());
  if (input->kind != FileKind::kChannel) {
    return Usage(
        absl::StrCat("sign takes a channel file; ", flags.file, " is a source (JSON) file"));
  }
  // Every sensor of the schema, as the channel's gate: nothing with an error
  // (CG106 for a file over max_file_size, unread) is signed.
  RegexCache regex_cache;
  ValidateOptions options;
  options.regex_cache = &regex_cache;
  Report report;
  CheckLoaded(*input, *schema, options, &report);
  WriteStderr(DiagnosticLines(flags.file, report));
  if (!report.valid()) {
    WriteStderr(absl::StrCat("contentgate: ", flags.file, " has ", report.errors(),
                             " error(s): not signed\n"));
    return kFail;
  }

  absl::StatusOr<std::string> key_text = ReadSmallFile(flags.key, "secret key");
  if (!key_text.ok()) return Usage(key_text.status());
  absl::StatusOr<bool> encrypted = SecretKeyIsEncrypted(*key_text);
  if (!encrypted.ok()) return Usage(absl::StrCat(flags.key, ": ", encrypted.status().message()));
  std::string password;
  if (*encrypted) {
    absl::StatusOr<std::string> entered = GetPassword(/*confirm=*/false);
    if (!entered.ok()) return Usage(entered.status());
    password = std::move(*entered);
  }
  absl::StatusOr<SecretKey> key = LoadSecretKey(*key_text, password);
  Wipe(&password);
  Wipe(&*key_text);
  if (!key.ok()) return Usage(absl::StrCat(flags.key, ": ", key.status().message()));
  absl::StatusOr<std::string> signature = SignChannelFile(input->bytes, *key);
  if (!signature.ok()) return Usage(signature.status());
  if (sink->is_stdout()) return Deliver(&*sink, *signature, kPass);
  if (absl::Status s = sink->Write(*signature); !s.ok()) return Usage(s);
  return kPass;
}

// ---- verify -----------------------------------------------------------------

struct VerifyFlags {
  std::string public_key;
  std::string signature;
  uint32_t min_version = 0;
  std::string schema;
  std::vector<std::string> sensors;
  ReportFlags report;
  std::string file;
};

int RunVerify(const VerifyFlags& flags) {
  const bool from_stdin = flags.file == kStdio;
  if (from_stdin && flags.signature.empty()) {
    return Usage("verify - (standard input) needs --signature");
  }
  if (!flags.sensors.empty() && flags.schema.empty()) return Usage("--sensor needs --schema");
  absl::StatusOr<ReportSettings> settings = ResolveReportFlags(flags.report, "verify");
  if (!settings.ok()) return Usage(settings.status());
  const std::string signature_path =
      flags.signature.empty() ? flags.file + ".minisig" : flags.signature;
  const std::string_view shown = settings->NameOf(flags.file);

  std::optional<Schema> schema;
  ValidateOptions options;
  RegexCache regex_cache;
  options.regex_cache = &regex_cache;
  options.max_diagnostics = settings->collect_cap();
  if (!flags.schema.empty()) {
    absl::StatusOr<Schema> loaded = LoadUsableSchema(flags.schema);
    if (!loaded.ok()) return Usage(loaded.status());
    schema = std::move(*loaded);
    auto targets = ResolveTargets(*schema, flags.sensors);
    if (!targets.ok()) return Usage(targets.status());
    options.target_sensors = std::move(*targets);
  }
  std::vector<std::string> inputs = {flags.file, flags.public_key, signature_path};
  if (!flags.schema.empty()) inputs.push_back(flags.schema);
  absl::StatusOr<OutputSink> sink = OpenReportSink(*settings, inputs);
  if (!sink.ok()) return Usage(sink.status());
  absl::StatusOr<std::string> public_key = ReadSmallFile(flags.public_key, "public key");
  if (!public_key.ok()) return Usage(public_key.status());
  absl::StatusOr<std::string> signature = ReadSmallFile(signature_path, "signature");
  if (!signature.ok()) return Usage(signature.status());

  // The content goes into private memory (read, never mapped) when it is
  // within the limit; a larger file is only measured.
  const uint64_t limit = schema.has_value() ? schema->channel().max_file_size : kUnschemaedLimit;
  std::vector<uint8_t> buffer;
  absl::StatusOr<LoadedInput> input = LoadChannelInput(flags.file, limit, &buffer);
  if (!input.ok()) return Usage(input.status());
  Report report(options.max_diagnostics);
  if (input->oversized) {
    if (!schema.has_value()) {
      return Usage(absl::StrCat(
          std::string(shown), " is ", input->size_is_lower_bound ? "more than " : "", input->size,
          " bytes, more than verify reads without --schema (", limit, "): refused unread"));
    }
    CheckLoaded(*input, *schema, options, &report);  // CG106, unread
  } else {
    VerifyOptions verify_options;
    verify_options.min_content_version = flags.min_version;
    cg_diag diag;
    if (!VerifySignedContent(input->bytes, *signature, *public_key, verify_options, &diag).ok()) {
      AddSignatureDiagnostic(diag, &report);
    } else if (schema.has_value()) {
      ValidateChannelFile(input->bytes, *schema, options, &report);
    }
  }
  FilterIgnored(*settings, &report);
  ReportAssembler assembler(settings->render);
  assembler.AddFile({shown, ResultKind::kChannel, &report});
  RunTotals totals;
  totals.Add(report, /*strict=*/false);
  return Deliver(&*sink, std::move(assembler).Finish(totals), report.valid() ? kPass : kFail);
}

}  // namespace

void RegisterKeygenCommand(CLI::App* app, int* status) {
  auto keygen = std::make_shared<KeygenFlags>();
  CLI::App* k = app->add_subcommand(
      "keygen", "make a key pair in minisign's format (the secret key encrypted with a password)");
  k->add_flag("--no-password", keygen->no_password, "store the secret key unencrypted");
  k->add_option("-p,--pubkey", keygen->public_key, "public key file to create")
      ->required()
      ->type_name("KEY.pub");
  k->add_option("-s,--seckey", keygen->secret_key, "secret key file to create (mode 0600)")
      ->required()
      ->type_name("SECRET.key");
  k->callback([keygen, status] { *status = RunKeygen(*keygen); });
}

void RegisterSignCommand(CLI::App* app, int* status) {
  auto sign = std::make_shared<SignFlags>();
  CLI::App* s = app->add_subcommand(
      "sign", "validate a channel file against every sensor of the schema, then sign it");
  sign->target.AddTo(s, false);
  s->add_option("--key", sign->key, "minisign secret key (password: $CONTENTGATE_KEY_PASSWORD)")
      ->required()
      ->type_name("SECRET.key");
  s->add_option("-o,--output", sign->out, "signature file (default: CHANNEL_FILE.minisig)")
      ->type_name("SIG");
  s->add_option("file", sign->file, "channel file")->required()->type_name("CHANNEL_FILE");
  s->callback([sign, status] { *status = RunSign(*sign); });
}

void RegisterVerifyCommand(CLI::App* app, int* status) {
  auto verify = std::make_shared<VerifyFlags>();
  CLI::App* v = app->add_subcommand(
      "verify",
      "check a channel file's minisign signature (CG850-CG855), then optionally validate it");
  v->add_option("--pubkey", verify->public_key, "the publisher's public key")
      ->required()
      ->type_name("KEY.pub");
  v->add_option("--signature", verify->signature, "signature file (default: CHANNEL_FILE.minisig)")
      ->type_name("SIG");
  v->add_option("--min-version", verify->min_version,
                "lowest content_version accepted (CG855 below: a rollback)")
      ->type_name("N");
  v->add_option("--schema", verify->schema, "validate against this schema after verifying")
      ->type_name("FILE");
  v->add_option("--sensor", verify->sensors, "target sensor version (repeatable; needs --schema)")
      ->type_name("VERSION")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  verify->report.AddTo(
      v, kFormatOption | kIgnoreOption | kReportOption | kPrettyOption | kStdinNameOption,
      {"text", "json", "sarif"});
  v->add_option("file", verify->file, "channel file, or - for standard input")
      ->required()
      ->type_name("CHANNEL_FILE");
  v->callback([verify, status] { *status = RunVerify(*verify); });
}

}  // namespace contentgate::cli
