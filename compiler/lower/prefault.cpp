#include "compiler/lower/prefault.h"

#include <sys/mman.h>

#include <cstdlib>
#include <future>
#include <new>
#include <optional>
#include <thread>

namespace whisk::k8s {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kPage = 4096;

std::optional<std::future<Region>>& Pending() {
  static std::optional<std::future<Region>> pending;
  return pending;
}

}  // namespace

Region MapRegion(size_t bytes) {
  size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* data = ::mmap(nullptr, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED) throw std::bad_alloc();
  ::madvise(data, rounded, MADV_HUGEPAGE);  // advice only: failure is harmless
  return {data, rounded};
}

void PrefaultTreeMemory(size_t bytes, size_t heap_bytes) {
  if (Pending() || bytes == 0) return;
  std::promise<Region> promise;
  Pending() = promise.get_future();
  // Detached: a run that stops before lowering must not wait for it.
  std::thread([bytes, heap_bytes, promise = std::move(promise)]() mutable {
    // Heap pages touched here and freed stay with the process (the caller
    // keeps one malloc arena and no trimming), ready for the front end.
    if (void* heap = heap_bytes > 0 ? std::malloc(heap_bytes) : nullptr) {
      auto* bytes_of = static_cast<volatile char*>(heap);
      for (size_t at = 0; at < heap_bytes; at += kPage) bytes_of[at] = 0;
      std::free(heap);
    }
    Region region;
    try {
      region = MapRegion(bytes);
      auto* bytes_of = static_cast<volatile char*>(region.data);
      for (size_t at = 0; at < region.bytes; at += kPage) bytes_of[at] = 0;
    } catch (const std::bad_alloc&) {
      region = {};
    }
    promise.set_value(region);
  }).detach();
}

Region TakePrefaulted() {
  if (!Pending()) return {};
  Region region = Pending()->get();
  Pending().reset();
  return region;
}

}  // namespace whisk::k8s
