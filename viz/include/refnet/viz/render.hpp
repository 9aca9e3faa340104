// Referral diagrams: DOT built from the network, laid out and rendered by
// Graphviz in-process (cgraph reads the DOT, gvc lays it out and renders), so
// the DOT a user saves is exactly what was drawn.
#pragma once

#include <cstdint>
#include <refnet/graph/network.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/graph/small_counts.hpp>
#include <refnet/scoring/health.hpp>
#include <span>
#include <string>
#include <vector>

namespace refnet::viz {

enum class View { ego, flows, network };
enum class ColorBy { group, community, closed_loop, days_to_appointment };

struct Prospect {
    graph::NodeId id = graph::kNoNode;
    std::size_t rank = 0;
};

/// A partner the ego view marks: partner health found it slipping or lapsed.
struct PartnerMark {
    graph::NodeId id = graph::kNoNode;
    std::string flag;  ///< "slipping" or "lapsed": shown after the name
};

/// The partners partner health found lapsed or else slipping, in its order:
/// what the ego view marks (`refnet render` and `serve`'s /api/ego.svg alike).
[[nodiscard]] std::vector<PartnerMark> health_marks(const scoring::HealthReport& health);

/// What a diagram draws from; every span is indexed by NodeId.
struct DiagramInput {
    const graph::Network& network;
    std::span<const graph::Provider> providers;
    std::span<const graph::Group> groups;
    std::span<const double> pagerank;
    std::span<const std::uint32_t> community;
    std::vector<Prospect> prospects;  ///< drawn dashed around the focal in the ego view
    std::vector<PartnerMark> marks;   ///< drawn with a red double border in the ego view
};

struct DiagramParams {
    View view = View::ego;
    graph::NodeId focal = graph::kNoNode;
    /// Ego view: more members of the focal's organisation, drawn as focals
    /// too, with the partners of all of them (referrals among them drawn).
    std::vector<graph::NodeId> members;
    int depth = 1;  ///< ego: 1 = partners, 2 = partners' partners too
    std::size_t top =
        200;  ///< network: providers by volume; ego depth 2: cap of second ring (at most 40)
    std::size_t labels = 30;  ///< network: name only this many, the highest PageRank shown
    ColorBy color_by = ColorBy::group;
    std::string title;  ///< plain text; escaped here
    /// --suppress-below: a hidden count is labelled "<N", drawn as wide as N
    /// and coloured without its rates, so no edge gives a small count away.
    graph::SmallCounts small_counts;
};

/// The diagram as DOT. Every string from data is escaped for a DOT string.
/// Throws std::invalid_argument for an ego view without a valid focal.
[[nodiscard]] std::string diagram_dot(const DiagramInput& input, const DiagramParams& params);

/// Lays out `dot` with `layout` (dot, neato, sfdp, circo, fdp) and renders it as
/// `format` (svg, png, pdf) in memory. Throws std::runtime_error with Graphviz's
/// own message when the DOT does not parse or a plugin is missing.
[[nodiscard]] std::string render_graphviz(const std::string& dot, const std::string& layout,
                                          const std::string& format);

/// The layout that suits a view: dot for flows, neato for ego, sfdp for network.
[[nodiscard]] std::string default_layout(View view);

}  // namespace refnet::viz
