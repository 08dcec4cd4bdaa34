// Benchmarks of signed content on the sensor's path: verify-then-validate
// of the reference file against validation alone and BLAKE2b-512 of the
// same bytes. BM_SigningRatios interleaves the three in one loop, so its
// ratios come from the same run and the same machine load.

#include <benchmark/benchmark.h>
#include <sodium.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "bench_util.h"
#include "contentgate/channel_file.h"
#include "contentgate/signing.h"
#include "fixtures.h"

namespace contentgate::bench {
namespace {

// The reference file of state.range(0) instances (mixed), signed once with
// a fresh key.
struct SignedFixture {
  const ReferenceFixture* file = nullptr;
  std::string signature;
  std::string public_key;
};

bool MakeSigned(benchmark::State& state, SignedFixture* out) {
  out->file = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (out->file == nullptr) return false;
  absl::StatusOr<KeyPairText> pair = GenerateKeyPair(std::nullopt);
  absl::StatusOr<SecretKey> key =
      pair.ok() ? LoadSecretKey(pair->secret_key, "") : absl::StatusOr<SecretKey>(pair.status());
  absl::StatusOr<std::string> sig =
      key.ok() ? SignChannelFile(AsBytes(out->file->bytes), *key) : key.status();
  if (!sig.ok()) {
    state.SkipWithError("cannot sign the reference file");
    return false;
  }
  out->signature = std::move(*sig);
  out->public_key = pair->public_key;
  if (!VerifySignedContent(AsBytes(out->file->bytes), out->signature, out->public_key).ok()) {
    state.SkipWithError("the reference file's signature does not verify");
    return false;
  }
  return true;
}

void Blake2b(absl::Span<const uint8_t> bytes, uint8_t out[64]) {
  crypto_generichash(out, 64, bytes.data(), bytes.size(), nullptr, 0);
}

// Verify (CG850-CG855), then validate for every sensor, as a sensor loads.
bool VerifyThenValidate(const SignedFixture& f, Report* report) {
  const absl::Span<const uint8_t> bytes = AsBytes(f.file->bytes);
  if (!VerifySignedContent(bytes, f.signature, f.public_key).ok()) return false;
  ValidateChannelFile(bytes, *ReferenceSchema().schema, ValidateOptions{}, report);
  return report->valid();
}

void BM_VerifyThenValidate(benchmark::State& state) {
  SignedFixture f;
  if (!MakeSigned(state, &f)) return;
  Report report;
  VerifyThenValidate(f, &report);
  const Measurement measurement;
  for (auto _ : state) benchmark::DoNotOptimize(VerifyThenValidate(f, &report));
  measurement.Finish(state, f.file->bytes.size(), f.file->criteria);
}
BENCHMARK(BM_VerifyThenValidate)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

void BM_VerifyAlone(benchmark::State& state) {
  SignedFixture f;
  if (!MakeSigned(state, &f)) return;
  const absl::Span<const uint8_t> bytes = AsBytes(f.file->bytes);
  const Measurement measurement;
  for (auto _ : state) {
    benchmark::DoNotOptimize(VerifySignedContent(bytes, f.signature, f.public_key).ok());
  }
  measurement.Finish(state, bytes.size(), f.file->criteria);
}
BENCHMARK(BM_VerifyAlone)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

void BM_BaselineBlake2b(benchmark::State& state) {
  const ReferenceFixture* file = ReferenceOrSkip(state, ReferenceMix::kMixed);
  if (file == nullptr) return;
  const absl::Span<const uint8_t> bytes = AsBytes(file->bytes);
  uint8_t digest[64];
  const Measurement measurement;
  for (auto _ : state) {
    Blake2b(bytes, digest);
    benchmark::DoNotOptimize(digest[0]);
  }
  measurement.Finish(state, bytes.size(), file->criteria);
}
BENCHMARK(BM_BaselineBlake2b)->Arg(kReferenceN)->Unit(benchmark::kMicrosecond);

// The three interleaved in every iteration; counters: verify-then-validate
// over validation alone and over BLAKE2b-512 alone, and verification alone
// over BLAKE2b-512 (how much of verification is the digest).
void BM_SigningRatios(benchmark::State& state) {
  SignedFixture f;
  if (!MakeSigned(state, &f)) return;
  const absl::Span<const uint8_t> bytes = AsBytes(f.file->bytes);
  const Schema& schema = *ReferenceSchema().schema;
  Report report;
  uint8_t digest[64];
  using Clock = std::chrono::steady_clock;
  Clock::duration blake{}, validate{}, verify{}, both{};
  for (auto _ : state) {
    Clock::time_point t0 = Clock::now();
    Blake2b(bytes, digest);
    benchmark::DoNotOptimize(digest[0]);
    Clock::time_point t1 = Clock::now();
    ValidateChannelFile(bytes, schema, ValidateOptions{}, &report);
    benchmark::DoNotOptimize(report.errors());
    Clock::time_point t2 = Clock::now();
    benchmark::DoNotOptimize(VerifySignedContent(bytes, f.signature, f.public_key).ok());
    Clock::time_point t3 = Clock::now();
    benchmark::DoNotOptimize(VerifyThenValidate(f, &report));
    Clock::time_point t4 = Clock::now();
    blake += t1 - t0;
    validate += t2 - t1;
    verify += t3 - t2;
    both += t4 - t3;
  }
  const auto ratio = [](Clock::duration a, Clock::duration b) {
    return b.count() == 0 ? 0.0 : static_cast<double>(a.count()) / static_cast<double>(b.count());
  };
  state.counters["vv_over_validate"] = ratio(both, validate);
  state.counters["vv_over_blake2b"] = ratio(both, blake);
  state.counters["verify_over_blake2b"] = ratio(verify, blake);
  state.counters["validate_over_blake2b"] = ratio(validate, blake);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes.size()));
}
BENCHMARK(BM_SigningRatios)->Arg(kReferenceN)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace contentgate::bench
