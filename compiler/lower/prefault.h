#pragma once
// Memory for the object tree, mapped and faulted in on a helper thread while
// the front end runs. Lowering writes a few hundred bytes of nodes per
// component into memory never touched before, and on the machines measured the
// kernel's zeroing of those pages cost more than building the nodes; done on
// another core, beside parsing and checking, it costs the run nothing.

#include <cstddef>

namespace whisk::k8s {

/// A region from mmap; the receiver unmaps it.
struct Region {
  void* data = nullptr;
  size_t bytes = 0;
};

/// Starts, on a helper thread, touching `heap_bytes` of malloc's heap (then
/// freeing them, for the front end's allocations to reuse; useful only with
/// one malloc arena and trimming off) and mapping and touching `bytes` for
/// the tree. Call at most once, early; without a call, TakePrefaulted gives
/// an empty region.
void PrefaultTreeMemory(size_t bytes, size_t heap_bytes = 0);

/// The prefaulted region, once the helper is done with it (waits for it);
/// empty when none was started or it was taken already.
Region TakePrefaulted();

/// A fresh region of at least `bytes` (rounded up to whole huge pages),
/// marked for transparent huge pages; throws std::bad_alloc on failure.
Region MapRegion(size_t bytes);

}  // namespace whisk::k8s
