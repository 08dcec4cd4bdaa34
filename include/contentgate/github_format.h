// File: contentgate/github_format.h
// GitHub Actions workflow commands (`::error file=…,line=…::message`) for
// the diagnostics of a checked file: the `--format github` of the reporting
// commands, which GitHub shows inline on a pull request.

#ifndef CONTENTGATE_GITHUB_FORMAT_H_
#define CONTENTGATE_GITHUB_FORMAT_H_

#include <string>
#include <string_view>

#include "contentgate/diagnostic.h"

namespace contentgate {

// Appends `text` as the data of a workflow command: `%`, CR and LF become
// %25, %0D and %0A (GitHub's escaping); other control characters become
// `\xNN`, as in text output, so a command stays on one line.
void AppendGithubData(std::string_view text, std::string* out);

// Appends `text` as a property value of a workflow command: as
// AppendGithubData, and `:` and `,` become %3A and %2C.
void AppendGithubProperty(std::string_view text, std::string* out);

// Appends one workflow command per kept diagnostic of `report`, each ending
// in a newline: `::error file=PATH,line=L,col=C,title=CODE::MESSAGE`
// (`::warning` for a warning). A channel file's diagnostics (`channel_file`)
// use line 1 and no column and put the byte offset in the message; a source,
// schema or tests file's give the line and column where known (none of
// them otherwise: GitHub then annotates the file). The message adds the
// other locations that apply (offset, instance, id, criterion, field,
// sensor, pointer). When the cap dropped diagnostics, a `::notice` says how
// many. Thread-safe for distinct `out`.
void AppendGithubFile(std::string_view path, bool channel_file, const Report& report,
                      std::string* out);

}  // namespace contentgate

#endif  // CONTENTGATE_GITHUB_FORMAT_H_
