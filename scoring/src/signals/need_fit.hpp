// Need fit: how well a candidate's services cover the needs the focal's patients
// have and the focal does not treat (outbound), and how well the focal covers
// the candidate's unmet needs (inbound), blended with the learned referral
// propensity; the signal is that value on a log scale (log_scale.hpp).
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <limits>
#include <refnet/graph/needs.hpp>
#include <vector>

#include "focal.hpp"
#include "log_scale.hpp"
#include "signals/propensity.hpp"

namespace refnet::scoring {

/// Need matrices, profiles and each sender's referral list, built into the Context.
void build_need_model(Context::Data& data, const graph::IdMap& referral_needs,
                      const graph::NeedCatalogue& catalogue);

/// The focal's demand: needs its patients present that it does not serve,
/// mixed with the needs it actually referred out; sums to 1 (or is all zero).
[[nodiscard]] Eigen::VectorXf demand_of(const Context::Data& d, graph::NodeId u);

class NeedFit {
   public:
    /// A candidate profile's fit with the focal.
    struct Fit {
        bool known = false;
        double outbound = 0.0;
        double inbound = 0.0;
        graph::NeedId top_need = graph::kNoNeed;
        graph::NeedId top_inbound_need = graph::kNoNeed;
        // The last taxonomy's value and signal (`scored`).
        std::uint32_t memo_taxonomy = std::numeric_limits<std::uint32_t>::max();
        double memo_value = 0.0;
        double memo_signal = 0.0;
    };

    explicit NeedFit(const Focal& focal);

    /// Need fit depends on a candidate only through its served and unmet rows,
    /// which providers of one taxonomy share: it is computed once per distinct
    /// profile (a few hundred nationally) instead of once per candidate.
    Fit& fit(graph::NodeId member) {
        Fit& fit = fits_[ctx_.profile[member]];
        if (!fit.known) compute(fit, ctx_.profile_representative[ctx_.profile[member]]);
        return fit;
    }
    /// The absolute value in [0, 1] for a candidate of `taxonomy`: the catalogue's
    /// (1 - inbound_share) outbound + inbound_share inbound, blended with the
    /// learned propensity relative to the focal's top taxonomy.
    [[nodiscard]] double value(const Fit& fit, std::uint32_t taxonomy) const {
        const double catalogue = std::clamp(
            (1.0 - inbound_share_) * fit.outbound + inbound_share_ * fit.inbound, 0.0, 1.0);
        if (best_propensity_ <= 0.0) return catalogue;
        return (1.0 - propensity_share_) * catalogue +
               propensity_share_ * propensity_.of_taxonomy(taxonomy) / best_propensity_;
    }
    /// The signal of a value: a share's log above 1 %, linear below.
    [[nodiscard]] static double signal(double value) { return log_scaled(value, 0.01); }
    /// value() and its signal for a candidate of `taxonomy`, kept in `fit` for
    /// the last taxonomy asked: a request scores the providers of one
    /// profile, mostly of one taxonomy, a thousand times.
    struct Scored {
        double value;
        double signal;
    };
    [[nodiscard]] Scored scored(Fit& fit, std::uint32_t taxonomy) const {
        if (fit.memo_taxonomy != taxonomy) {
            fit.memo_taxonomy = taxonomy;
            fit.memo_value = value(fit, taxonomy);
            fit.memo_signal = signal(fit.memo_value);
        }
        return {fit.memo_value, fit.memo_signal};
    }
    [[nodiscard]] const Propensity& propensity() const { return propensity_; }
    /// The best need c treats for the focal, with how many of the focal's
    /// referrals needed it in the last year (`full`), and c's need the focal treats.
    void add_evidence(graph::NodeId c, bool full, Evidence& ev);

    [[nodiscard]] const Eigen::VectorXf& demand() const { return demand_; }
    [[nodiscard]] const Eigen::RowVectorXf& served() const { return served_; }

   private:
    void compute(Fit& fit, graph::NodeId c);
    const Context::Data& ctx_;
    double inbound_share_;
    double propensity_share_;
    Propensity propensity_;
    double best_propensity_ = 0.0;  // the focal's largest propensity over taxonomies
    Eigen::VectorXf demand_;
    Eigen::RowVectorXf served_;
    Eigen::RowVectorXf demand_row_;
    std::vector<Fit> fits_;
    Eigen::RowVectorXf gain_;  // scratch rows, allocated once
    Eigen::RowVectorXf give_;
    std::vector<std::uint64_t> need_last_year_;  // the focal's referrals by need
};

}  // namespace refnet::scoring
