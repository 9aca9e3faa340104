#include <sys/mman.h>

#include <cstdint>
#include <new>
#include <refnet/graph/huge_pages.hpp>

namespace refnet::graph {

namespace {
std::size_t rounded(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }
}  // namespace

void* allocate_huge(std::size_t bytes) {
    // One huge page more than asked, so an aligned start lies inside; the
    // unaligned head and the tail are given back at once.
    const std::size_t size = rounded(bytes);
    void* raw =
        mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    char* const start = static_cast<char*>(raw);
    const std::size_t head =
        (kHugePage - reinterpret_cast<std::uintptr_t>(raw) % kHugePage) % kHugePage;
    char* const memory = start + head;
    if (head > 0) munmap(start, head);
    munmap(memory + size, kHugePage - head);
    (void)madvise(memory, size, MADV_HUGEPAGE);  // advice only: without it, 4 KiB pages
    return memory;
}

void free_huge(void* p, std::size_t bytes) noexcept { (void)munmap(p, rounded(bytes)); }

}  // namespace refnet::graph
