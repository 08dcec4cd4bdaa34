// File: lib/explain.cc
// The long form of every catalog entry, for `contentgate explain` and the
// SARIF rules. The table lists every code of diagnostic_codes.inc in the
// same order; static_asserts below refuse to compile when a code is added,
// removed or reordered without its explanation.

#include <algorithm>
#include <iterator>

#include "contentgate/diagnostic.h"

namespace contentgate {
namespace {

struct Row {
  Code code;
  Explanation explanation;
};

constexpr Row kRows[] = {
    // Envelope and layout.
    {Code::kFileTooShort,
     {"The file cannot hold the 64-byte header, so nothing in it can be trusted. An empty file "
      "is the usual case: a write that never happened or was truncated.",
      "An empty file, or the first 40 bytes of a channel file.",
      "Regenerate the file with `contentgate compile` and publish only complete files."}},
    {Code::kBadMagic,
     {"The first four bytes are not \"CHNL\": the file is not a channel file at all, or its "
      "start was overwritten.",
      "A file starting with bytes 7F 45 4C 46 (an ELF binary) or 50 4B 03 04 (a zip).",
      "Check that the right file was picked up by the pipeline; recompile it from source."}},
    {Code::kUnsupportedVersion,
     {"format_version names a layout this validator does not know, so no field after it can "
      "be read safely.",
      "A header with format_version 2 at offset 4.",
      "Produce the file with a compiler that writes format version 1, or upgrade the "
      "validator and sensors together."}},
    {Code::kBadHeaderSize,
     {"header_size must be 64; another value means the header layout is not the one this "
      "validator reads.",
      "A header with header_size 128 at offset 6.",
      "Recompile the file; version 1 headers are always 64 bytes."}},
    {Code::kHeaderCrcMismatch,
     {"The header checksum (CRC-32C of bytes 0..59) does not match: the header was corrupted "
      "or edited without updating the checksum.",
      "A file whose instance_count was patched by hand.",
      "Never patch channel files; recompile from source so every checksum is recomputed."}},
    {Code::kFileSizeMismatch,
     {"The header's file_size differs from the file's real length: the file was truncated or "
      "something was appended in transit.",
      "A 4096-byte file whose header says file_size 4000.",
      "Publish the file exactly as the compiler wrote it; check the transfer for truncation."}},
    {Code::kFileTooLarge,
     {"The file (or the channel file a source compiles to) is larger than the channel's "
      "max_file_size, the most a sensor is prepared to load.",
      "A 3 KB file for a channel whose schema sets max_file_size 2048.",
      "Split the content or remove instances; raise max_file_size in the schema only if "
      "every sensor can load the larger file."}},
    {Code::kNonzeroHeaderReserved,
     {"The header's flags or reserved bytes are not zero. Version 1 defines no flags; a "
      "nonzero value means a newer or corrupted writer.",
      "A header with flags 1 at offset 20.",
      "Recompile with a version 1 compiler, which writes zeros there."}},
    {Code::kAllZero,
     {"Every byte of the file is zero: a blanked, preallocated or never-written file that "
      "must not reach a sensor.",
      "A 41,000-byte file of zero bytes.",
      "Find the step that wrote nothing and republish the compiled file."}},
    {Code::kInstanceTableOffset,
     {"The instance table must start right after the header, at offset 64.",
      "A header with instance_table_offset 128.", "Recompile; the canonical layout has no gaps."}},
    {Code::kRegionPastEnd,
     {"The instance table, criterion table or string pool, as the header sizes them, runs past "
      "the end of the file: reading it would read out of bounds.",
      "A 200-byte file whose header claims instance_count 100 (1,600 bytes of table).",
      "Recompile; never edit counts by hand."}},
    {Code::kNonCanonicalOffset,
     {"The criterion table or the pool does not start where the layout puts it (right after "
      "the previous region): overlapping or gapped regions hide bytes from the checks.",
      "criterion_table_offset 96 with 4 instances (it must be 64 + 16 x 4 = 128).",
      "Recompile; the compiler writes the canonical layout."}},
    {Code::kTrailingBytes,
     {"The pool ends before the end of the file: there are bytes no region accounts for.",
      "A valid file with 16 extra bytes appended (file_size patched to match).",
      "Publish the compiler's output unchanged."}},
    {Code::kPayloadCrcMismatch,
     {"The payload checksum (CRC-32C of every byte after the header) does not match: the "
      "tables or the pool were corrupted or edited.",
      "A file with one byte of a string operand flipped in transit.",
      "Recompile from source and republish; investigate the storage or transfer."}},
    // Instances.
    {Code::kInstanceIdZero,
     {"Instance id 0 is reserved; every instance needs an id of 1 or more.",
      "{\"id\": 0, \"type\": \"ipc_named_pipe\", \"criteria\": {}}",
      "Give the instance a unique id of at least 1."}},
    {Code::kInstanceIdOrder,
     {"Instance ids identify instances across updates, so each must be unique. In a channel "
      "file they must also be strictly increasing.",
      "Two instances with \"id\": 10 in one source file.",
      "Give every instance its own id; the compiler sorts them."}},
    {Code::kUnknownTemplateType,
     {"The instance names a template type the schema does not define, so no sensor knows how "
      "to interpret it.",
      "{\"id\": 5, \"type\": \"ipc_named_pip\", ...} (a misspelt type name), or type id 9 in a "
      "binary file.",
      "Use a template type the schema defines, or add the type to the schema first."}},
    {Code::kCriterionCountMismatch,
     {"An instance must have exactly one criterion per field of its template type: fewer or "
      "more shift every later criterion onto the wrong field.",
      "An instance of a 21-field type with 20 criteria.",
      "Recompile from source; the compiler writes one criterion per field, `any` for omitted "
      "ones."}},
    {Code::kCriteriaNotContiguous,
     {"Each instance's criteria must be the next run of the criterion table; an instance "
      "pointing elsewhere could share or skip criteria.",
      "Two instances whose first_criterion are both 0.", "Recompile from source."}},
    {Code::kCriterionTotalMismatch,
     {"The header's criterion_count differs from the sum of the instances' counts.",
      "A header with criterion_count 40 over two instances of 21 criteria.",
      "Recompile from source."}},
    {Code::kChannelIdMismatch,
     {"The file is for another channel than the schema describes: it would be interpreted with "
      "the wrong template types.",
      "\"channel\": 290 checked against the channel 291 schema.",
      "Check against the right schema, or fix the channel id in the source."}},
    {Code::kNonzeroInstanceReserved,
     {"An instance entry has flag bits other than DISABLED, or nonzero reserved bytes.",
      "An instance entry with flags 0x0002.", "Recompile from source."}},
    {Code::kTooManyInstances,
     {"The file has more instances than the channel's max_instances, the most a sensor "
      "allocates for.",
      "4 instances for a channel with max_instances 3.",
      "Remove or merge instances, or raise max_instances in the schema once sensors allow it."}},
    // Criteria.
    {Code::kUnknownOperator,
     {"The criterion's operator code is not one of the 11 defined operators.",
      "A criterion whose op byte is 42.", "Recompile from source."}},
    {Code::kOperatorNotAllowed,
     {"The operator is not valid for the field's type, or the schema's `ops` list for the "
      "field does not allow it.",
      "\"pipe_name\": {\"range\": [1, 2]} on a string field, or {\"regex\": \"x\"} on a field "
      "whose ops are [\"any\", \"prefix\"].",
      "Use one of the operators the schema lists for the field."}},
    {Code::kNonzeroCriterionReserved,
     {"A criterion has flag bits other than NOCASE, nonzero reserved bytes, or NOCASE on an "
      "operator that is not a string operator.",
      "\"client_pid\": {\"eq\": 4, \"nocase\": true}",
      "Use nocase only with str_eq, prefix, suffix, contains, glob and regex."}},
    {Code::kUnusedArgumentNonzero,
     {"An argument the operator does not use is not zero (both for `any`, arg1 for eq and "
      "ne): hidden data a different interpreter might read.",
      "A binary `any` criterion with arg0 7.", "Recompile from source."}},
    {Code::kIntegerOutOfBounds,
     {"An integer operand does not fit the field's type width or lies outside the field's "
      "[min, max].",
      "\"client_pid\": {\"eq\": 2} on a field with \"min\": 4, or {\"eq\": 300} on a u8 field.",
      "Use a value within the bounds the schema gives for the field."}},
    {Code::kRangeReversed,
     {"A range's low bound is greater than its high bound, so it can never match.",
      "\"client_pid\": {\"range\": [500, 100]}", "Swap the bounds: {\"range\": [100, 500]}."}},
    {Code::kBadMask,
     {"A mask operand is zero, wider than the field, or the expected value has bits outside "
      "the mask, so the test is vacuous or can never match.",
      "\"access_mask\": {\"mask\": [1, 3]} (expected 3 has bit 1 outside mask 1).",
      "Use a nonzero mask within the field's width and an expected value within the mask."}},
    {Code::kValueNotAllowed,
     {"A bool operand other than 0 or 1, or an enum value the field does not declare.",
      "\"transport\": {\"eq\": \"ftp\"} when the enum declares local, smb and rpc.",
      "Use one of the field's declared values."}},
    {Code::kStringOutsidePool,
     {"A string operand's offset and length point outside the string pool: reading it would "
      "read out of bounds.",
      "A str_eq criterion with arg0 = pool_size and arg1 = 8.", "Recompile from source."}},
    {Code::kBadUtf8,
     {"A string operand is not well-formed UTF-8 (overlong forms, surrogates, bytes past "
      "U+10FFFF) or contains a NUL byte, which C string handling would cut short.",
      "A prefix operand holding the bytes 61 00 62 (\"a\", NUL, \"b\").",
      "Write the operand as valid UTF-8 text without NUL."}},
    {Code::kStringLength,
     {"A string operand is shorter than the field's min_length or longer than its max_length "
      "(an empty string is below the default min_length of 1).",
      "\"pipe_name\": {\"prefix\": \"\"}",
      "Use a string within the field's length bounds, or `any` to match everything."}},
    {Code::kTooManyWildcards,
     {"A glob has more `*` than the field's max_wildcards; each `*` adds matching cost on the "
      "sensor.",
      "\"pipe_name\": {\"glob\": \"*a*b*c*d*...\"} with 20 stars on a field allowing 16.",
      "Simplify the pattern, or use a regex within max_regex_program."}},
    {Code::kBadRegex,
     {"A regex does not compile with RE2 (backreferences, look-around, bad syntax), or its "
      "compiled program is larger than the field's max_regex_program.",
      "\"pipe_name\": {\"regex\": \"(a)\\\\1\"} (a backreference).",
      "Rewrite the pattern in RE2 syntax and keep it small; `contentgate validate` prints "
      "RE2's error."}},
    {Code::kGlobMatchesAll,
     {"A glob made only of `*` matches every value: it is an expensive way to say `any`.",
      "\"pipe_name\": {\"glob\": \"**\"}",
      "Write \"any\" (or leave the field out of the source)."}},
    {Code::kUnreferencedPoolBytes,
     {"Some bytes of the string pool are used by no criterion: dead data that a canonical "
      "compile never writes.",
      "A pool holding a string left over after its criterion was edited by hand.",
      "Recompile from source; the compiler writes only referenced strings."}},
    // Sensor compatibility.
    {Code::kInputNotSupplied,
     {"A criterion that is not `any` sits on a field the target sensor does not supply: the "
      "sensor's interpreter would read past its input array. This is the Channel File 291 "
      "defect (21 fields, 20 inputs, a non-wildcard 21st criterion).",
      "A criterion on client_parent_image_path (field 20) checked for sensor 7.11, which "
      "supplies 20 inputs.",
      "Leave the field `any` for content that must run on that sensor, or ship the content "
      "only to sensors that supply the field (--sensor)."}},
    {Code::kTrailingFieldsAny,
     {"The template type has more fields than the target sensor supplies; this instance is "
      "safe because it leaves all of them `any`, but one edit would make it CG400.",
      "An ipc_named_pipe instance without a criterion on field 20, checked for sensor 7.11.",
      "Nothing, if intended; consider upgrading the sensor so it supplies every field."}},
    {Code::kNoInputList,
     {"The target sensor has no interpreter input list for the instance's template type: it "
      "cannot interpret the instance at all.",
      "An instance of ipc_pipe_connect checked for a sensor whose inputs omit that type.",
      "Do not target that sensor with this template type, or add its input list to the "
      "schema."}},
    {Code::kUnknownTargetSensor,
     {"A --sensor version given on the command line is not a sensor of the schema.",
      "contentgate validate --schema channel-291.schema.json --sensor 7.99 file.bin",
      "Name a version the schema's sensors list, or add the sensor to the schema."}},
    {Code::kUnsafeForOtherSensors,
     {"The file was compiled for some of the schema's sensors (--sensor), and it would be "
      "unsafe on another sensor the schema lists: there it would have CG400 or CG402. The "
      "warning names those sensors, so a file built for new sensors is not shipped to old "
      "ones by mistake.",
      "contentgate compile --sensor 7.16 of the Channel-291 reproduction, whose schema also "
      "lists 7.11: the 21st criterion is unsafe on 7.11.",
      "Ship the file only to the sensors it was compiled for, or compile for every sensor "
      "the channel reaches and fix what CG400/CG402 report."}},
    // Schema files.
    {Code::kSchemaNotJson,
     {"The schema is not valid JSON (or not UTF-8), or an object has a duplicate key, which "
      "JSON parsers resolve differently.",
      "{\"schema_version\": 1, \"schema_version\": 1, ...}",
      "Fix the JSON at the line and column given; remove the duplicate key."}},
    {Code::kSchemaBadKey,
     {"A schema key is missing, unknown, of the wrong JSON type, or an integer outside its "
      "range.",
      "\"channel\": {\"id\": 0, \"name\": \"named_pipe_execution\"} (id must be at least 1).",
      "Follow the schema reference for the key at the JSON Pointer given."}},
    {Code::kSchemaDuplicateType,
     {"Two template types share an id or a name, so instances could not tell them apart.",
      "Two template types with \"id\": 1.", "Give each template type a unique id and name."}},
    {Code::kSchemaBadName,
     {"A template type or field name is not a name ([a-z][a-z0-9_]{0,63}), or a field name "
      "repeats within a type.",
      "{\"name\": \"Pipe-Name\", \"type\": \"string\"}",
      "Use lower-case names of letters, digits and underscores, unique per type."}},
    {Code::kSchemaUnknownFieldType,
     {"A field's type is not one of bool, u8, u16, u32, u64, enum, string.",
      "{\"name\": \"pid\", \"type\": \"int\"}", "Use one of the defined field types."}},
    {Code::kSchemaBadBounds,
     {"A field's bounds are inconsistent: min > max, beyond the type's width, bad string "
      "lengths, or bad enum values or names.",
      "{\"name\": \"port\", \"type\": \"u16\", \"min\": 10, \"max\": 70000}",
      "Keep bounds within the type and ordered; remember defaults apply before the check."}},
    {Code::kSchemaBadOperator,
     {"A field's ops list names an unknown operator or one not valid for the field's type.",
      "{\"name\": \"is_remote\", \"type\": \"bool\", \"ops\": [\"range\"]}",
      "List only operators valid for the type."}},
    {Code::kSchemaBadSensor,
     {"A sensor entry is wrong: a duplicate or malformed version string, or an input list "
      "naming a template type the schema does not define.",
      "{\"version\": \"7.011\", \"inputs\": {\"ipc_named_pipe\": 20}}",
      "Use dot-separated decimal versions without leading zeros, each once."}},
    {Code::kSchemaFieldCount,
     {"A template type has no fields, or more than 1024.",
      "{\"id\": 2, \"name\": \"empty\", \"fields\": []}",
      "Give every template type between 1 and 1024 fields."}},
    {Code::kSchemaSensorShort,
     {"A sensor supplies fewer inputs to a template type than it declares fields: every "
      "instance must leave the missing fields `any` to be safe on that sensor.",
      "\"inputs\": {\"ipc_named_pipe\": 20} for a 21-field type.",
      "Intended during a rollout; make sure content for that sensor is validated with it as "
      "a target."}},
    {Code::kSchemaUnsuppliedFieldNoAny,
     {"A field beyond what a sensor supplies does not allow `any`, so no instance of the type "
      "can ever be valid on that sensor.",
      "Field 20 with \"ops\": [\"str_eq\"] and a sensor supplying 20 inputs.",
      "Allow `any` on that field, or upgrade the sensor's input list."}},
    // Source files.
    {Code::kSourceNotJson,
     {"The source file is not valid JSON or not valid UTF-8 (a lone surrogate escape "
      "included).",
      "{\"channel\": 291, \"content_version\": 1, \"instances\": [}",
      "Fix the JSON at the line and column given."}},
    {Code::kSourceDuplicateKey,
     {"An object has the same key twice; JSON parsers disagree on which copy wins, so the "
      "gate refuses to guess.",
      "\"criteria\": {\"client_pid\": \"any\", \"client_pid\": {\"eq\": 4}}",
      "Keep one copy of the key."}},
    {Code::kSourceBadKey,
     {"A required key is missing, a key is unknown, or a key's value has the wrong JSON type "
      "(a `nocase` that is not a boolean too).",
      "An instance without \"type\", or \"disabled\": \"yes\".",
      "Follow the source reference for the key at the JSON Pointer given."}},
    {Code::kSourceUnknownField,
     {"A criteria key is not a field of the instance's template type.",
      "\"criteria\": {\"pipe_nam\": \"any\"}",
      "Use the field names the schema declares for the type."}},
    {Code::kSourceBadCriterion,
     {"A criterion must be the string \"any\" or an object with exactly one known operator key "
      "(plus nocase for string operators).",
      "\"pipe_name\": {\"prefix\": \"a\", \"suffix\": \"b\"}, or \"pipe_name\": \"*\".",
      "Write one operator per criterion, or \"any\"."}},
    {Code::kSourceBadOperand,
     {"An operand has the wrong JSON type or shape, or an integer is negative, has a fraction "
      "or exponent, or is outside its key's range.",
      "\"client_pid\": {\"range\": [8]}, or \"content_version\": 1.5.",
      "Write integers as plain non-negative JSON integers and operands in the documented "
      "shape."}},
    // Releases.
    {Code::kDiffChannelChanged,
     {"The new release is for another channel than the release it replaces: the two files "
      "were mixed up, and a sensor would load the new one as the wrong channel's content.",
      "OLD has channel 291, NEW channel 292.",
      "Diff the candidate against the last release of the same channel."}},
    {Code::kDiffVersionNotNewer,
     {"Sensors load the content with the highest content_version; a repeat or a lower version "
      "would be ignored or would roll back the content already in the field.",
      "OLD has content_version 32 and NEW content_version 32 (or 31).",
      "Give the candidate a content_version greater than the last release's."}},
    {Code::kDiffTypeChanged,
     {"An instance id is a stable name for one detection; giving it another template type "
      "makes every report, exclusion and metric keyed on the id mean something else.",
      "Instance 12 is an ipc_pipe_connect in OLD and an ipc_named_pipe in NEW.",
      "Keep the id for the old detection and give the new one a new id."}},
    {Code::kDiffFirstFieldUse,
     {"The release is the first to put a non-wildcard criterion on this field: every sensor "
      "will read that input for the first time in the field, the change behind the July 2024 "
      "outage.",
      "NEW adds instance 13 with a str_eq on client_parent_image_path, a field no enabled "
      "instance of OLD constrained.",
      "Write a passing match test for the field on every target sensor (`contentgate test`) "
      "and pass it with --tests, or ship the change in stages."}},
    {Code::kDiffFirstTypeUse,
     {"The release is the first to use this template type: sensors will evaluate content of "
      "this type for the first time.",
      "NEW adds the channel's first enabled ipc_pipe_connect instance.",
      "Write passing match tests for the type on every target sensor and pass them with "
      "--tests, or ship the change in stages."}},
    // Signatures.
    {Code::kSignatureFormat,
     {"The signature file or the public key file is not in minisign's format, so nothing in it "
      "can be checked: a missing comment line, a line that is not canonical padded base64, a "
      "wrong length or an unknown algorithm. The message names which file and why.",
      "A signature whose base64 line lost a character in transit, or a public key file that "
      "holds a secret key.",
      "Use the .minisig that `contentgate sign` (or `minisign -S`) wrote, unmodified, and the "
      "publisher's .pub file."}},
    {Code::kSignatureKeyId,
     {"The signature was made with another key than the public key given: the key ids differ.",
      "Content signed with a test key, verified against the production public key.",
      "Sign with the key whose public half the sensors trust, or verify with the matching "
      "public key."}},
    {Code::kFileSignature,
     {"The Ed25519 signature of the file (of its BLAKE2b-512 digest, or of the file itself in "
      "minisign's legacy form) does not verify: the file changed after it was signed, or "
      "another key with the same id signed it.",
      "A channel file with one byte changed after `contentgate sign`.",
      "Never edit signed content; rebuild it, validate and sign it again."}},
    {Code::kTrustedCommentSignature,
     {"The signature over the file's signature and the trusted comment does not verify: the "
      "trusted comment was edited, for example to name another content_version.",
      "A .minisig whose line 'trusted comment: contentgate channel=291 content_version=31' "
      "was changed to content_version=32.",
      "Sign the file again; the trusted comment cannot be edited by hand."}},
    {Code::kTrustedCommentBinding,
     {"The trusted comment must be exactly 'contentgate channel=N content_version=M' with the "
      "file header's channel id and content_version, so a valid signature cannot be moved onto "
      "another file or release. A file too short to have a header fails here too.",
      "A signature made by minisign with its default trusted comment, or the signature of "
      "release 30 placed beside release 31.",
      "Sign with `contentgate sign`, or with `minisign -S -t \"contentgate channel=N "
      "content_version=M\"` naming the file's own header values."}},
    {Code::kRollback,
     {"The signed content is older than the minimum version the caller accepts: installing it "
      "would roll the sensor back to content whose bugs were fixed since.",
      "content_version 30 verified with --min-version 31.",
      "Publish content with a content_version at least the sensors' minimum; never re-serve "
      "an old release."}},
    // Content tests.
    {Code::kTestFailed,
     {"A test written next to the content expects a match (or no match) and the reference "
      "interpreter, with the sensor's inputs, decided otherwise.",
      "A test expecting a match whose event has pipe_name \"\\\\.\\pipe\\other\" "
      "against a glob on msagent_*.",
      "Fix the content or the test; the message names what each criterion saw."}},
    {Code::kTestOutOfBounds,
     {"Evaluating the instance on this sensor would read an input the sensor does not supply: "
      "the out-of-bounds read behind the July 2024 outage.",
      "Instance 13 constrains field 20 and sensor 7.11 supplies 20 inputs.",
      "Leave the field `any` for that sensor's content, or stop targeting the sensor."}},
    {Code::kFieldNotCovered,
     {"A field that content constrains has no passing match test on some target sensor that "
      "supplies it, so nothing shows the sensor reads it as the content expects.",
      "client_parent_image_path is constrained by instance 13 and no match test of an "
      "instance constraining it passes on 7.16.",
      "Add a test with expect \"match\" for an instance that constrains the field."}},
    {Code::kInstanceNotCovered,
     {"An instance has no passing match test on some target sensor, so nothing shows it can "
      "match there.",
      "Instance 12 has tests only with expect \"no-match\".",
      "Add a test with expect \"match\" for the instance."}},
    {Code::kTestsBadFile,
     {"A tests file has an unknown key, a wrong type, an out-of-range value, a duplicate test "
      "name or key, a $type that differs, or a field the template type does not have.",
      "{\"channel\": 291, \"tests\": [{\"name\": \"a\", \"instance\": 10, "
      "\"expect\": \"maybe\", \"event\": {}}]}",
      "Fix the key the pointer names; release.md lists the format."}},
    {Code::kTestsUnknownName,
     {"A test names an instance the content does not have, a sensor the schema does not "
      "list, or a channel other than the schema's: it could never run.",
      "A test for instance 99 when the content has instances 10 to 13.",
      "Name an existing instance and a sensor of the schema."}},
};

// The codes in the order diagnostic_codes.inc lists them.
constexpr Code kCodes[] = {
#define CG_CODE(name, number, severity, title) Code::name,
#include "contentgate/diagnostic_codes.inc"
#undef CG_CODE
};

constexpr bool RowsFollowCodes() {
  for (size_t i = 0; i < std::size(kCodes); ++i) {
    if (kRows[i].code != kCodes[i]) return false;
  }
  return true;
}

static_assert(std::size(kRows) == std::size(kCodes),
              "every diagnostic code needs exactly one explanation");
static_assert(RowsFollowCodes(),
              "explanations must follow diagnostic_codes.inc, one per code, in its order");

}  // namespace

const Explanation& ExplanationFor(Code code) {
  const Row* row = std::lower_bound(std::begin(kRows), std::end(kRows), code,
                                    [](const Row& r, Code c) { return r.code < c; });
  return row->explanation;
}

}  // namespace contentgate
