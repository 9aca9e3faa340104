#include "signals/need_fit.hpp"

#include <cstring>
#include <functional>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace refnet::scoring {

void build_need_model(Context::Data& d, const graph::IdMap& referral_needs,
                      const graph::NeedCatalogue& catalogue) {
    const graph::NodeId n = d.network.num_nodes();
    // Need index: the catalogue's tags first (so profile ids carry over), then
    // any tag the data uses that the catalogue lacks.
    for (graph::NeedId k = 0; k < catalogue.size(); ++k) {
        d.needs.insert(catalogue.tags.key(k));
        d.need_labels.push_back(catalogue.labels[k].empty() ? catalogue.tags.key(k)
                                                            : catalogue.labels[k]);
    }
    auto need_id = [&](std::string_view tag) {
        const graph::NeedId before = d.needs.size();
        const graph::NeedId id = d.needs.insert(tag);
        if (id == before) d.need_labels.emplace_back(tag);
        return id;
    };
    for (const auto& p : d.providers) {
        for (const auto& w : p.needs_seen) need_id(w.need);
        for (const auto& w : p.needs_served) need_id(w.need);
    }
    d.referral_need_map.resize(referral_needs.size());
    for (graph::NeedId k = 0; k < referral_needs.size(); ++k)
        d.referral_need_map[k] = need_id(referral_needs.key(k));

    const auto needs = static_cast<Eigen::Index>(d.needs.size());
    NeedMatrix seen = NeedMatrix::Zero(n, needs);
    NeedMatrix served = NeedMatrix::Zero(n, needs);
    for (graph::NodeId u = 0; u < n; ++u) {
        const auto& p = d.providers[u];
        const graph::NeedProfile* profile = catalogue.profile(p.taxonomy);
        if (!p.needs_seen.empty()) {
            for (const auto& w : p.needs_seen)
                seen(u, *d.needs.find(w.need)) = static_cast<float>(w.weight);
        } else if (profile != nullptr) {
            for (const auto& [k, w] : profile->seen) seen(u, k) = static_cast<float>(w);
        }
        if (!p.needs_served.empty()) {
            for (const auto& w : p.needs_served)
                served(u, *d.needs.find(w.need)) = static_cast<float>(w.weight);
        } else if (profile != nullptr) {
            for (const auto& [k, w] : profile->served) served(u, k) = static_cast<float>(w);
        }
        const float total = seen.row(u).sum();
        if (total > 0.0F) seen.row(u) /= total;
    }
    NeedMatrix unmet = seen.array() * (1.0F - served.array());
    const Eigen::VectorXf unmet_total = unmet.rowwise().sum();
    d.unmet_total.assign(unmet_total.data(), unmet_total.data() + unmet_total.size());
    d.seen.adopt(std::move(seen));
    d.served.adopt(std::move(served));
    d.unmet.adopt(std::move(unmet));

    const auto row_bytes = static_cast<std::size_t>(needs) * sizeof(float);
    const auto row_hash = [&](graph::NodeId u) {
        const std::hash<std::string_view> hash;
        const auto* served_row = reinterpret_cast<const char*>(d.served.row(u).data());
        const auto* unmet_row = reinterpret_cast<const char*>(d.unmet.row(u).data());
        return hash(std::string_view(served_row, row_bytes)) * 31 +
               hash(std::string_view(unmet_row, row_bytes));
    };
    const auto same_rows = [&](graph::NodeId a, graph::NodeId b) {
        return std::memcmp(d.served.row(a).data(), d.served.row(b).data(), row_bytes) == 0 &&
               std::memcmp(d.unmet.row(a).data(), d.unmet.row(b).data(), row_bytes) == 0;
    };
    std::unordered_map<std::size_t, std::vector<graph::NodeId>> first_of;  // hash -> providers
    d.profile.resize(n);
    for (graph::NodeId u = 0; u < n; ++u) {
        auto& bucket = first_of[row_hash(u)];
        const auto it = std::find_if(bucket.begin(), bucket.end(),
                                     [&](graph::NodeId rep) { return same_rows(rep, u); });
        if (it != bucket.end()) {
            d.profile[u] = d.profile[*it];
        } else {
            d.profile[u] = d.profile_count++;
            d.profile_representative.push_back(u);
            bucket.push_back(u);
        }
    }

    // Referrals by sender, for the focal's own history.
    d.sender_offsets.assign(std::size_t{n} + 1, 0);
    for (const auto& r : d.referrals) ++d.sender_offsets[r.from + 1];
    std::partial_sum(d.sender_offsets.begin(), d.sender_offsets.end(), d.sender_offsets.begin());
    d.sender_referrals.resize(d.referrals.size());
    std::vector<std::uint64_t> cursor(d.sender_offsets.begin(), d.sender_offsets.end() - 1);
    for (std::size_t i = 0; i < d.referrals.size(); ++i)
        d.sender_referrals[cursor[d.referrals[i].from]++] = static_cast<std::uint32_t>(i);
    // ... and by receiver: strengthen's partner health reads both directions.
    d.receiver_offsets.assign(std::size_t{n} + 1, 0);
    for (const auto& r : d.referrals) ++d.receiver_offsets[r.to + 1];
    std::partial_sum(d.receiver_offsets.begin(), d.receiver_offsets.end(),
                     d.receiver_offsets.begin());
    d.receiver_referrals.resize(d.referrals.size());
    cursor.assign(d.receiver_offsets.begin(), d.receiver_offsets.end() - 1);
    for (std::size_t i = 0; i < d.referrals.size(); ++i) {
        d.receiver_referrals[cursor[d.referrals[i].to]++] = static_cast<std::uint32_t>(i);
        const graph::Date day = d.referrals[i].date;
        if (day.valid() && (!d.first_referral.valid() || day < d.first_referral))
            d.first_referral = day;
    }
}

Eigen::VectorXf demand_of(const Context::Data& d, graph::NodeId u) {
    const auto needs = static_cast<Eigen::Index>(d.needs.size());
    Eigen::VectorXf unmet =
        (d.seen.row(u).array() * (1.0F - d.served.row(u).array())).matrix().transpose();
    const float unmet_total = unmet.sum();
    if (unmet_total > 0.0F) unmet /= unmet_total;
    Eigen::VectorXf observed = Eigen::VectorXf::Zero(needs);
    for (auto i = d.sender_offsets[u]; i < d.sender_offsets[u + 1]; ++i) {
        const graph::Referral& r = d.referrals[d.sender_referrals[i]];
        if (r.need != graph::kNoNeed && r.to != u)
            observed(d.referral_need_map[r.need]) += static_cast<float>(r.count);
    }
    const float observed_total = observed.sum();
    if (observed_total <= 0.0F) return unmet;
    observed /= observed_total;
    if (unmet_total <= 0.0F) return observed;
    const auto share = static_cast<float>(d.params.observed_share);
    return (1.0F - share) * unmet + share * observed;
}

NeedFit::NeedFit(const Focal& focal)
    : ctx_(focal.ctx),
      inbound_share_(focal.params.inbound_share),
      propensity_share_(focal.params.propensity_share),
      propensity_(focal),
      demand_(demand_of(focal.ctx, focal.id)),
      served_(focal.ctx.served.row(focal.id)),
      demand_row_(demand_.transpose()),
      fits_(focal.ctx.profile_count),
      gain_(served_.size()),
      give_(served_.size()),
      need_last_year_(static_cast<std::size_t>(focal.ctx.needs.size()), 0) {
    if (propensity_share_ > 0.0 && propensity_.known()) best_propensity_ = propensity_.largest();
    if (!ctx_.as_of.valid()) return;
    const std::int32_t now = ctx_.as_of.days;
    for (auto i = ctx_.sender_offsets[focal.id]; i < ctx_.sender_offsets[focal.id + 1]; ++i) {
        const graph::Referral& r = ctx_.referrals[ctx_.sender_referrals[i]];
        if (!r.date.valid() || r.need == graph::kNoNeed) continue;
        const std::int32_t age = now - r.date.days;
        if (age >= 0 && age < focal.params.recent_days)
            need_last_year_[ctx_.referral_need_map[r.need]] += r.count;
    }
}

void NeedFit::compute(Fit& fit, graph::NodeId c) {
    fit.known = true;
    // outbound = max(0, served_c - served_f) . demand_f; inbound = the share of
    // c's unmet needs that the focal serves better.
    gain_.noalias() = (ctx_.served.row(c) - served_).cwiseMax(0.0F);
    give_.noalias() = (served_ - ctx_.served.row(c)).cwiseMax(0.0F).cwiseProduct(ctx_.unmet.row(c));
    fit.outbound = gain_.dot(demand_row_);
    fit.inbound = ctx_.unmet_total[c] > 0.0F ? give_.sum() / ctx_.unmet_total[c] : 0.0;
    Eigen::Index best = 0;
    if (gain_.cwiseProduct(demand_row_).maxCoeff(&best) > 0.0F)
        fit.top_need = static_cast<graph::NeedId>(best);
    Eigen::Index back = 0;
    if (give_.maxCoeff(&back) > 0.0F) fit.top_inbound_need = static_cast<graph::NeedId>(back);
}

void NeedFit::add_evidence(graph::NodeId c, bool full, Evidence& ev) {
    const Fit& f = fit(c);
    if (full && f.top_need != graph::kNoNeed) {
        ev.top_need = f.top_need;
        ev.top_need_referred = need_last_year_[f.top_need];
    }
    ev.top_inbound_need = f.top_inbound_need;
    if (full && best_propensity_ > 0.0) {  // the signal uses the propensity
        const std::uint32_t t = ctx_.taxonomy_id[c];
        ev.peers_share = propensity_.taxonomy_rate(t);
        if (propensity_.has_history()) ev.own_share = propensity_.own_share(t);
    }
}

}  // namespace refnet::scoring
