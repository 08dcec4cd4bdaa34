// File: lib/bytes.h
// The library's short names for the little-endian loads and stores of
// contentgate/little_endian.h.

#ifndef CONTENTGATE_LIB_BYTES_H_
#define CONTENTGATE_LIB_BYTES_H_

#include <cstddef>
#include <cstdint>

#include "contentgate/little_endian.h"

namespace contentgate::internal {

using little_endian::Load16;
using little_endian::Load32;
using little_endian::Load64;
using little_endian::Store16;
using little_endian::Store32;
using little_endian::Store64;

}  // namespace contentgate::internal

#endif  // CONTENTGATE_LIB_BYTES_H_
