// The CMS fast path against the general reader: whatever the fast path
// accepts, the general reader must accept in strict mode with the same rows
// (ids, pair counts, beneficiary counts in file order). The fast path may
// decline (nullopt) anything; then only the general reader's rules apply.
#include <refnet/io/fast_cms.hpp>
#include <refnet/io/readers.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = refnet::fuzz::text_of(data, size);
    const std::string path = refnet::fuzz::temp_file(text, "cms.csv");
    std::optional<refnet::io::CmsEdges> fast;
    if (!refnet::fuzz::refused_or_read([&] { fast = refnet::io::read_cms_fast(path); })) return 0;
    std::istringstream in{std::string(text)};
    refnet::graph::IdMap ids;
    refnet::Diagnostics strict(false);
    refnet::io::ReferralRows general;
    const bool read = refnet::fuzz::refused_or_read(
        [&] { general = refnet::io::read_cms(in, path, ids, strict); });
    if (!fast) return 0;
    if (!read || general.referrals.size() != fast->from.size()) std::abort();
    for (std::size_t i = 0; i < fast->from.size(); ++i) {
        const auto& r = general.referrals[i];
        if (ids.key(r.from) != fast->ids.key(fast->from[i]) ||
            ids.key(r.to) != fast->ids.key(fast->to[i]) || r.count != fast->count[i] ||
            r.beneficiaries != fast->beneficiaries[i]) {
            std::abort();
        }
    }
    return 0;
}
