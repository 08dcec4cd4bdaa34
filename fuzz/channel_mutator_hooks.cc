// libFuzzer's custom mutator hooks for the channel-file targets. Building
// with CG_FUZZ_NO_CUSTOM_MUTATOR leaves them out, so libFuzzer falls back to
// its byte-level mutations: that variant measures what the mutator buys.

#ifndef CG_FUZZ_NO_CUSTOM_MUTATOR

#include <cstddef>
#include <cstdint>

#include "channel_mutator.h"
#include "fuzz_schemas.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  auto schemas = contentgate::fuzz::FuzzSchemas();
  return contentgate::fuzz::MutateChannelFile(data, size, max_size, seed,
                                              schemas[seed % schemas.size()], LLVMFuzzerMutate);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1,
                                            const uint8_t* data2, size_t size2, uint8_t* out,
                                            size_t max_out_size, unsigned int seed) {
  return contentgate::fuzz::CrossOverChannelFiles(data1, size1, data2, size2, out, max_out_size,
                                                  seed);
}

#endif  // CG_FUZZ_NO_CUSTOM_MUTATOR
