// Per-provider scratch kept between requests (a walk's records, Adamic–Adar
// sums, peer counts: 4 to 16 MB each nationally) is read at scattered places,
// and on 4 KiB pages nearly every such read also misses the TLB: at the
// busiest loops the wait for a prefetch's page walk was the single largest
// stall. `HugePageVector` backs arrays of 2 MiB and more with memory the
// kernel is asked to serve in 2 MiB pages (transparent huge pages in
// `madvise` or `always` mode, Debian's default; elsewhere the advice is
// ignored and the array is an ordinary one).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace refnet::graph {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

/// An anonymous mapping of `bytes` rounded up to 2 MiB, 2 MiB-aligned, advised
/// MADV_HUGEPAGE before any page is touched. Throws std::bad_alloc.
void* allocate_huge(std::size_t bytes);
void free_huge(void* p, std::size_t bytes) noexcept;

/// 2 MiB-aligned, huge-page-advised storage from `n * sizeof(T)` >= 2 MiB;
/// std::allocator below that.
template <typename T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <typename U>
    explicit HugePageAllocator(const HugePageAllocator<U>& /*other*/) {}

    [[nodiscard]] T* allocate(std::size_t n) {
        if (n * sizeof(T) < kHugePage) return std::allocator<T>{}.allocate(n);
        return static_cast<T*>(allocate_huge(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < kHugePage) {
            std::allocator<T>{}.deallocate(p, n);
        } else {
            free_huge(p, n * sizeof(T));
        }
    }
    friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }
};

template <typename T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace refnet::graph
