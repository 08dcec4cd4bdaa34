// File: fuzz/channel_mutator.h
// The structure-aware mutator of the channel-file fuzz targets. It decodes
// the input leniently (raw_channel.h), mutates header fields, instances,
// criteria and pool strings with values chosen from the schema (template
// ids, field counts off by one, arguments at and beside the bounds, strings
// with bad UTF-8, globs with many stars, regexes small and huge), and
// re-encodes with valid offsets and CRCs, except that about one output in
// sixteen keeps a broken CRC or offset on purpose.

#ifndef CONTENTGATE_FUZZ_CHANNEL_MUTATOR_H_
#define CONTENTGATE_FUZZ_CHANNEL_MUTATOR_H_

#include <cstddef>
#include <cstdint>

#include "contentgate/schema.h"

namespace contentgate::fuzz {

// A byte-level mutator with libFuzzer's LLVMFuzzerMutate contract: mutates
// data[0, size) in place, returns the new size (at most max_size).
using ByteMutator = size_t (*)(uint8_t* data, size_t size, size_t max_size);

// Mutates the channel file in data[0, size) (capacity max_size) and returns
// its new size, deterministically for a given `seed`. Uses `schema` for
// template types and field bounds, and `fallback` for byte-level mutations
// (some of them followed by CRC repair).
size_t MutateChannelFile(uint8_t* data, size_t size, size_t max_size, unsigned seed,
                         const Schema& schema, ByteMutator fallback);

// Writes into out[0, max_out) a file made of pieces of two: the header of
// one, instances of both (string operands relocated into the joined pool),
// and returns its size (0 if it does not fit).
size_t CrossOverChannelFiles(const uint8_t* a, size_t a_size, const uint8_t* b, size_t b_size,
                             uint8_t* out, size_t max_out, unsigned seed);

}  // namespace contentgate::fuzz

#endif  // CONTENTGATE_FUZZ_CHANNEL_MUTATOR_H_
