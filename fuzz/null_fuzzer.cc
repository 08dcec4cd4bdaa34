// A fuzz target that does nothing: run with a channel-file target's corpus
// and options (fuzz/speed.sh), it measures the ceiling that libFuzzer, the
// sanitizers and (in null_fuzzer, not null_fuzzer_nomut) the structure-aware
// mutator leave for the targets' own checks. Not run in CI.

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static_cast<void>(data);
  static_cast<void>(size);
  return 0;
}
