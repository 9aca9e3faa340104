#include "organisation.hpp"

#include <stdexcept>
#include <string>

namespace refnet::scoring {

Organisation organisation(std::span<const graph::NodeId> members, std::size_t providers,
                          std::string_view analysis) {
    if (members.empty())
        throw std::invalid_argument(std::string(analysis) + " needs at least one member");
    Organisation org;
    org.is_member.assign(providers, 0);
    for (const graph::NodeId m : members) {
        if (m >= providers) {
            throw std::invalid_argument("member " + std::to_string(m) + " is not one of the " +
                                        std::to_string(providers) + " providers");
        }
        if (org.is_member[m] == 0) org.members.push_back(m);
        org.is_member[m] = 1;
    }
    return org;
}

graph::Date as_of_or_last(graph::Date as_of, std::span<const graph::Referral> referrals) {
    if (as_of.valid()) return as_of;
    graph::Date out = graph::kNoDate;
    for (const auto& r : referrals) {
        if (r.date.valid() && (!out.valid() || r.date.days >= out.days))
            out = graph::Date{r.date.days + 1};
    }
    return out;
}

}  // namespace refnet::scoring
