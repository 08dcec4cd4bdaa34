// File: contentgate/status_code.h
// The diagnostic code carried by an absl::Status, so that a program can
// branch on the problem without parsing "CG400:" out of a message (the way
// RE2 exposes error_code()).

#ifndef CONTENTGATE_STATUS_CODE_H_
#define CONTENTGATE_STATUS_CODE_H_

#include <optional>

#include "absl/status/status.h"
#include "contentgate/diagnostic.h"

namespace contentgate {

// The code of the content problem `status` reports, or nullopt for an OK
// status or one that is not about content (I/O, usage). Every Status the
// library returns for a content problem carries one.
std::optional<Code> CodeOf(const absl::Status& status);

// `status` with `code` attached as its payload (what CodeOf reads).
absl::Status WithCode(absl::Status status, Code code);

}  // namespace contentgate

#endif  // CONTENTGATE_STATUS_CODE_H_
