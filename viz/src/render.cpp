#include <gvc.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <mutex>
#include <numeric>
#include <refnet/graph/text.hpp>
#include <refnet/viz/escape.hpp>
#include <refnet/viz/render.hpp>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace refnet::viz {

namespace {

constexpr double kPi = 3.14159265358979323846;

// One colour per provider group (ColorBrewer Set3, readable with black text).
constexpr std::array<std::string_view, graph::kGroupCount> kGroupColors{
    "#d9d9d9", "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3",
    "#b3de69", "#fccde5", "#fdb462", "#bc80bd", "#ccebc5", "#ffed6f"};
// Communities cycle through ColorBrewer Paired.
constexpr std::array<std::string_view, 12> kCommunityColors{
    "#a6cee3", "#1f78b4", "#b2df8a", "#33a02c", "#fb9a99", "#e31a1c",
    "#fdbf6f", "#ff7f00", "#cab2d6", "#6a3d9a", "#ffff99", "#b15928"};

std::string quoted(std::string_view text) { return "\"" + dot_escape(text) + "\""; }

using graph::fixed;

using Rgb = std::array<int, 3>;

// `from` moved the share `t` (clamped to [0, 1]) of the way to `to`, as #rrggbb.
std::string mix_color(const Rgb& from, const Rgb& to, double t) {
    t = std::clamp(t, 0.0, 1.0);
    const auto channel = [&](std::size_t c) {
        return static_cast<int>(std::lround(from[c] + (to[c] - from[c]) * t));
    };
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", channel(0), channel(1), channel(2));
    return text;
}

// Red (0) through amber to green (1), for rates where higher is better.
std::string rate_color(double rate) {
    constexpr Rgb kRed{0xd7, 0x30, 0x27};
    constexpr Rgb kAmber{0xfd, 0xae, 0x61};
    constexpr Rgb kGreen{0x1a, 0x98, 0x50};
    rate = std::clamp(rate, 0.0, 1.0);
    return rate < 0.5 ? mix_color(kRed, kAmber, rate * 2)
                      : mix_color(kAmber, kGreen, (rate - 0.5) * 2);
}

double edge_width(std::uint64_t count) {
    return 1.0 + 1.5 * std::log10(static_cast<double>(std::max<std::uint64_t>(count, 1)));
}

std::string display_name(const graph::Provider& p) { return p.name.empty() ? p.id : p.name; }

class DotWriter {
   public:
    DotWriter(const DiagramInput& input, const DiagramParams& params)
        : in_(input), params_(params) {}

    std::string node_color(graph::NodeId u) const {
        if (params_.color_by == ColorBy::community && !in_.community.empty()) {
            return std::string(kCommunityColors[in_.community[u] % kCommunityColors.size()]);
        }
        return std::string(kGroupColors[static_cast<std::size_t>(in_.groups[u])]);
    }

    // What the drawing may show of an edge's count: a hidden one reads as N.
    std::uint64_t shown_count(std::uint64_t count) const {
        return params_.small_counts.hides(static_cast<double>(count)) ? params_.small_counts.below
                                                                      : count;
    }

    std::string edge_color(graph::EdgeId e) const {
        const auto& a = in_.network.attributes();
        const double count = a.count[e];
        if (params_.small_counts.hides(count))
            return params_.view == View::network ? "#00000030" : "#4d4d4d";
        if (params_.color_by == ColorBy::closed_loop && !a.closed_loop.empty()) {
            return rate_color((a.closed_loop[e] + 1.0) / (count + 2.0));
        }
        if (params_.color_by == ColorBy::days_to_appointment && !a.on_time.empty()) {
            return rate_color((a.on_time[e] + 1.0) / (count + 2.0));
        }
        return params_.view == View::network ? "#00000030" : "#4d4d4d";
    }

    std::string edge_tooltip(graph::EdgeId e) const {
        const auto& a = in_.network.attributes();
        const graph::SmallCounts& small = params_.small_counts;
        std::string text = small.words(a.count[e], "referral", "referrals");
        if (small.hides(static_cast<double>(a.count[e]))) return text;
        if (!a.closed_loop.empty() && a.count[e] > 0) {
            text += ", notes back on " +
                    graph::percent(static_cast<double>(a.closed_loop[e]) / a.count[e]);
        }
        if (!a.on_time.empty() && a.count[e] > 0) {
            text += ", seen within 14 days " +
                    graph::percent(static_cast<double>(a.on_time[e]) / a.count[e]);
        }
        return text;
    }

    void node(std::ostringstream& out, graph::NodeId u, const std::string& extra,
              bool label) const {
        const graph::Provider& p = in_.providers[u];
        double max_rank = 0.0;
        if (!in_.pagerank.empty())
            max_rank = *std::max_element(in_.pagerank.begin(), in_.pagerank.end());
        const double size = max_rank > 0 ? 0.3 + 1.2 * std::sqrt(in_.pagerank[u] / max_rank) : 0.5;
        out << "  n" << u << " [label=" << quoted(label ? display_name(p) : "") << ", tooltip="
            << quoted(display_name(p) + " (" + p.id +
                      (p.specialty.empty() ? "" : ", " + p.specialty) + ")")
            << ", fillcolor=" << quoted(node_color(u)) << ", width=" << fixed(size, 2);
        if (!label) out << ", shape=circle, height=" << fixed(size, 2);
        out << extra << "];\n";
    }

    // Edges between included providers; `keep(u, v)` narrows them further. An
    // edge of at least `label_from` referrals carries its count.
    template <typename Keep>
    void edges_among(std::ostringstream& out, const std::vector<char>& included, std::size_t& drawn,
                     Keep&& keep,
                     std::uint64_t label_from = std::numeric_limits<std::uint64_t>::max()) const {
        const auto& net = in_.network;
        for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            if (!included[u]) continue;
            const auto targets = net.out_neighbors(u);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                const graph::NodeId v = targets[i];
                if (!included[v] || v == u || !keep(u, v)) continue;
                const graph::EdgeId e = net.out_edge_begin(u) + i;
                out << "  n" << u << " -> n" << v
                    << " [penwidth=" << fixed(edge_width(shown_count(net.counts()[e])), 2)
                    << ", color=" << quoted(edge_color(e))
                    << ", tooltip=" << quoted(edge_tooltip(e));
                if (net.counts()[e] >= label_from)
                    out << ", label=" << quoted(params_.small_counts.figure(net.counts()[e]))
                        << ", fontsize=9, fontcolor=\"#444444\"";
                out << "];\n";
                ++drawn;
            }
        }
    }

    // Title and legend as one HTML-like graph label: clusters would be ignored by
    // neato and sfdp, a label is drawn by every layout.
    std::string title_label(const std::string& title, const std::vector<std::string>& notes,
                            const std::vector<char>& included) const {
        std::string html =
            "<<table border=\"0\" cellspacing=\"2\"><tr><td colspan=\"12\"><font "
            "point-size=\"18\">" +
            xml_escape(title) + "</font></td></tr>";
        if (params_.color_by == ColorBy::community) {
            html += "<tr><td colspan=\"12\">node colour: referral community (Louvain)</td></tr>";
        } else if (!included.empty()) {
            std::array<bool, graph::kGroupCount> used{};
            for (graph::NodeId u = 0; u < included.size(); ++u) {
                if (included[u]) used[static_cast<std::size_t>(in_.groups[u])] = true;
            }
            html += "<tr>";
            for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
                if (!used[g]) continue;
                html += "<td bgcolor=\"" + std::string(kGroupColors[g]) + "\">" +
                        xml_escape(graph::group_label(static_cast<graph::Group>(g))) + "</td>";
            }
            html += "</tr>";
        }
        std::vector<std::string> lines = notes;
        if (params_.color_by == ColorBy::closed_loop)
            lines.emplace_back("edge colour: closed-loop rate, red 0 % to green 100 %");
        if (params_.color_by == ColorBy::days_to_appointment) {
            lines.emplace_back("edge colour: share seen within 14 days, red 0 % to green 100 %");
        }
        for (const auto& line : lines)
            html += "<tr><td colspan=\"12\">" + xml_escape(line) + "</td></tr>";
        return html + "</table>>";
    }

    std::string ego() const {
        const auto& net = in_.network;
        const graph::NodeId f = params_.focal;
        if (f == graph::kNoNode)
            throw std::invalid_argument("the ego view needs a focal provider (none given)");
        if (f >= net.num_nodes()) {
            throw std::invalid_argument("the ego view's focal provider " + std::to_string(f) +
                                        " is not in the network of " +
                                        std::to_string(net.num_nodes()) + " providers");
        }
        std::vector<char> included(net.num_nodes(), 0);
        std::vector<char> is_focal(net.num_nodes(), 0);
        is_focal[f] = 1;
        for (const graph::NodeId m : params_.members) {
            if (m >= net.num_nodes()) {
                throw std::invalid_argument("the ego view's member " + std::to_string(m) +
                                            " is not in the network of " +
                                            std::to_string(net.num_nodes()) + " providers");
            }
            is_focal[m] = 1;
        }
        for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            if (is_focal[u] != 0) included[u] = 1;
        }
        auto partners_of = [&](graph::NodeId u) {
            std::vector<std::pair<std::uint64_t, graph::NodeId>> list;
            std::unordered_map<graph::NodeId, std::uint64_t> volume;
            const auto targets = net.out_neighbors(u);
            for (std::size_t i = 0; i < targets.size(); ++i)
                volume[targets[i]] += net.counts()[net.out_edge_begin(u) + i];
            const auto sources = net.in_neighbors(u);
            const auto edges = net.in_edges(u);
            for (std::size_t i = 0; i < sources.size(); ++i)
                volume[sources[i]] += net.counts()[edges[i]];
            list.reserve(volume.size());
            for (const auto& [v, c] : volume) list.emplace_back(c, v);
            std::sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
                return a.first != b.first ? a.first > b.first
                                          : in_.providers[a.second].id < in_.providers[b.second].id;
            });
            return list;
        };
        // The organisation's partners: every member's, by their volume with all members.
        std::vector<std::pair<std::uint64_t, graph::NodeId>> ring;
        {
            std::unordered_map<graph::NodeId, std::uint64_t> volume;
            for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
                if (is_focal[u] == 0) continue;
                for (const auto& [c, v] : partners_of(u)) {
                    if (is_focal[v] == 0) volume[v] += c;
                }
            }
            for (const auto& [v, c] : volume) ring.emplace_back(c, v);
            std::sort(ring.begin(), ring.end(), [&](const auto& a, const auto& b) {
                return a.first != b.first ? a.first > b.first
                                          : in_.providers[a.second].id < in_.providers[b.second].id;
            });
        }
        // Depth 2 draws the strongest partners only: sixty partners with their
        // own ties are a hairball.
        constexpr std::size_t kRingAtDepthTwo = 20;
        const std::size_t partners = ring.size();
        if (params_.depth >= 2 && ring.size() > kRingAtDepthTwo) ring.resize(kRingAtDepthTwo);
        for (const auto& [c, v] : ring) included[v] = 1;
        std::size_t count = 1 + ring.size();
        // The ties that brought each second-ring provider in: the only edges
        // drawn beyond the focal's own.
        std::unordered_map<std::uint64_t, char> chosen;
        const auto pair_key = [](graph::NodeId a, graph::NodeId b) {
            return (std::uint64_t{std::min(a, b)} << 32) | std::max(a, b);
        };
        if (params_.depth >= 2) {
            // Readable, not complete: each partner's two strongest other ties,
            // the strongest partners first, at most 40 (or --top) in all.
            constexpr std::size_t kPerPartner = 2;
            constexpr std::size_t kSecondRingMost = 40;
            const std::size_t most = std::min(params_.top, kSecondRingMost);
            std::size_t second = 0;
            for (const auto& [c, v] : ring) {
                std::size_t added = 0;
                for (const auto& [c2, w] : partners_of(v)) {
                    if (second >= most || added >= kPerPartner) break;
                    if (!included[w]) {
                        included[w] = 2;
                        chosen[pair_key(v, w)] = 1;
                        ++count;
                        ++second;
                        ++added;
                    }
                }
            }
        }
        std::ostringstream body;
        for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            if (!included[u]) continue;
            node(body, u,
                 is_focal[u] != 0 ? ", shape=box, style=\"filled,bold\", penwidth=3, fontsize=14"
                                  : "",
                 true);
        }
        std::size_t drawn = 0;
        // The focal's own referrals, and with depth 2 those between its partners
        // and theirs. Its twelve largest ties carry their counts: more would collide.
        constexpr std::size_t kLabelled = 12;
        std::vector<std::uint64_t> focal_counts;
        for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            if (is_focal[u] == 0) continue;
            for (const graph::EdgeId e : net.in_edges(u)) focal_counts.push_back(net.counts()[e]);
            for (std::size_t i = 0; i < net.out_neighbors(u).size(); ++i)
                focal_counts.push_back(net.counts()[net.out_edge_begin(u) + i]);
        }
        std::sort(focal_counts.begin(), focal_counts.end(), std::greater<>());
        const std::uint64_t label_from =
            focal_counts.empty() ? 1 : focal_counts[std::min(kLabelled, focal_counts.size()) - 1];
        edges_among(
            body, included, drawn,
            [&](graph::NodeId u, graph::NodeId v) {
                return is_focal[u] != 0 || is_focal[v] != 0 || chosen.contains(pair_key(u, v));
            },
            std::max<std::uint64_t>(label_from, 1));
        for (const PartnerMark& m : in_.marks) {
            if (m.id >= net.num_nodes() || included[m.id] != 1 || is_focal[m.id] != 0) continue;
            // A second statement for the node: its attributes override the first's.
            body << "  n" << m.id
                 << " [label=" << quoted(display_name(in_.providers[m.id]) + " (" + m.flag + ")")
                 << ", color=\"#c62828\", penwidth=2.5, peripheries=2];\n";
        }
        body << "  n" << f << " [pos=\"0,0!\"];\n";
        for (const Prospect& p : in_.prospects) {
            if (p.id >= net.num_nodes() || included[p.id]) continue;
            // Pinned near the focal, nearer the better its rank, the best at the
            // top and clockwise: the stress layout would push a node with one
            // tie to the canvas's edge.
            const double angle =
                kPi / 2.0 - 2.0 * kPi * static_cast<double>(p.rank - 1) /
                                static_cast<double>(std::max<std::size_t>(in_.prospects.size(), 1));
            const double radius = 0.9 + 0.3 * static_cast<double>(p.rank);  // inches
            body << "  n" << p.id << " [pos=\"" << fixed(radius * std::cos(angle), 2) << ','
                 << fixed(radius * std::sin(angle), 2) << "!\", label="
                 << quoted("#" + std::to_string(p.rank) + " " + display_name(in_.providers[p.id]))
                 << ", tooltip="
                 << quoted("recommended prospect #" + std::to_string(p.rank) + ": " +
                           in_.providers[p.id].id)
                 << ", style=\"dashed,filled\", fillcolor=" << quoted(node_color(p.id)) << "];\n";
            body << "  n" << f << " -> n" << p.id
                 << " [style=dashed, color=\"#999999\", arrowhead=none, len=2.5];\n";
            included[p.id] = 3;
        }
        const graph::Provider& focal = in_.providers[f];
        const std::string title =
            !params_.title.empty()
                ? params_.title
                : (params_.members.empty()
                       ? "Referral partners of " + display_name(focal)
                       : "Referral partners of " + display_name(focal) + " and " +
                             std::to_string(params_.members.size()) +
                             (params_.members.size() == 1 ? " other member" : " other members"));
        std::vector<std::string> notes{
            (ring.size() < partners ? "the " + std::to_string(ring.size()) + " largest of " +
                                          std::to_string(partners) +
                                          " partners, each with its two strongest other ties"
                                    : std::to_string(partners) + " partners") +
            "; edge width: referrals (log scale); node size: PageRank"};
        if (!in_.prospects.empty()) notes.emplace_back("dashed: recommended prospects, #rank");
        if (!in_.marks.empty())
            notes.emplace_back("red double border: slipping or lapsed partners (refnet health)");
        std::ostringstream out;
        out << "digraph ego {\n  graph [label=" << title_label(title, notes, included)
            << ", labelloc=t, overlap=false, splines=true, outputorder=edgesfirst, inputscale=1, "
               "root=n"
            << f << "];\n"
            << "  node [style=filled, fontname=\"Helvetica\", fontsize=10, shape=ellipse];\n"
            << "  edge [arrowsize=0.6];\n"
            << body.str() << "}\n";
        return out.str();
    }

    std::string flows() const {
        const auto& net = in_.network;
        std::array<std::array<std::uint64_t, graph::kGroupCount>, graph::kGroupCount> flow{};
        for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            const auto targets = net.out_neighbors(u);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                flow[static_cast<std::size_t>(in_.groups[u])]
                    [static_cast<std::size_t>(in_.groups[targets[i]])] +=
                    net.counts()[net.out_edge_begin(u) + i];
            }
        }
        // A heat matrix: rows send, columns receive; each cell its count and its
        // share of the row's referrals, shaded by that share. Every flow is
        // shown and nothing collides, however many groups there are.
        std::vector<std::size_t> used;
        for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
            std::uint64_t total = 0;
            for (std::size_t h = 0; h < graph::kGroupCount; ++h) total += flow[g][h] + flow[h][g];
            if (total > 0) used.push_back(g);
        }
        // White to dark blue by the share of the row (ColorBrewer Blues' ends).
        auto shade = [](double share) {
            return mix_color({0xf7, 0xfb, 0xff}, {0x08, 0x30, 0x6b}, share);
        };
        std::string table =
            "<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"6\">"
            "<tr><td><b>from \\ to</b></td>";
        for (const std::size_t h : used)
            table += "<td bgcolor=\"" + std::string(kGroupColors[h]) + "\"><b>" +
                     xml_escape(graph::group_label(static_cast<graph::Group>(h))) + "</b></td>";
        table += "<td><b>sent</b></td></tr>";
        for (const std::size_t g : used) {
            const std::uint64_t sent =
                std::accumulate(flow[g].begin(), flow[g].end(), std::uint64_t{0});
            table += "<tr><td bgcolor=\"" + std::string(kGroupColors[g]) + "\" align=\"left\"><b>" +
                     xml_escape(graph::group_label(static_cast<graph::Group>(g))) + "</b></td>";
            for (const std::size_t h : used) {
                if (flow[g][h] == 0) {
                    table += "<td><font color=\"#bbbbbb\">–</font></td>";
                    continue;
                }
                const graph::SmallCounts& small = params_.small_counts;
                if (small.hides(static_cast<double>(flow[g][h])) ||
                    small.hides(static_cast<double>(sent))) {
                    table += "<td>" + xml_escape(small.figure(flow[g][h])) + "</td>";
                    continue;
                }
                const double share = static_cast<double>(flow[g][h]) / static_cast<double>(sent);
                table += "<td bgcolor=\"" + shade(share) + "\"><font color=\"" +
                         (share > 0.5 ? "#ffffff" : "#000000") + "\">" +
                         graph::thousands(flow[g][h]) + "<br/>" +
                         (share < 0.01 ? graph::percent(share, 1) : graph::percent(share)) +
                         "</font></td>";
            }
            table += "<td>" + xml_escape(params_.small_counts.figure(sent)) + "</td></tr>";
        }
        table += "</table>>";
        std::ostringstream out;
        const std::string title =
            params_.title.empty() ? "Referral flows between provider groups" : params_.title;
        out << "digraph flows {\n  graph [labelloc=t, fontsize=18, fontname=\"Helvetica\", label="
            << quoted(title +
                      "\nreferrals sent by each row's group to each column's; below "
                      "each count, its share of the row's referrals (shade)")
            << "];\n"
            << "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=12];\n"
            << "  matrix [label=" << table << "];\n"
            << "}\n";
        return out.str();
    }

    std::string network() const {
        const auto& net = in_.network;
        const graph::NodeId n = net.num_nodes();
        std::vector<std::uint64_t> volume(n, 0);
        for (graph::NodeId u = 0; u < n; ++u) {
            const auto targets = net.out_neighbors(u);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                const auto c = net.counts()[net.out_edge_begin(u) + i];
                volume[u] += c;
                volume[targets[i]] += c;
            }
        }
        std::vector<graph::NodeId> order(n);
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
            return volume[a] != volume[b] ? volume[a] > volume[b]
                                          : in_.providers[a].id < in_.providers[b].id;
        });
        const std::size_t shown = std::min<std::size_t>(params_.top, n);
        std::vector<char> included(n, 0);
        for (std::size_t i = 0; i < shown; ++i) included[order[i]] = 1;
        // Names go to the highest PageRank among those shown, in letters that
        // grow with it: the providers the network leans on stand out.
        std::vector<graph::NodeId> by_rank(order.begin(),
                                           order.begin() + static_cast<std::ptrdiff_t>(shown));
        const auto rank_of = [&](graph::NodeId u) {
            return in_.pagerank.empty() ? 0.0 : in_.pagerank[u];  // none given: the busiest
        };
        std::stable_sort(by_rank.begin(), by_rank.end(),
                         [&](graph::NodeId a, graph::NodeId b) { return rank_of(a) > rank_of(b); });
        std::vector<char> labelled(n, 0);
        for (std::size_t i = 0; i < by_rank.size() && i < params_.labels; ++i)
            labelled[by_rank[i]] = 1;
        const double top_rank = by_rank.empty() ? 0.0 : rank_of(by_rank.front());
        std::ostringstream body;
        std::size_t drawn = 0;
        for (std::size_t i = 0; i < shown; ++i) {
            const graph::NodeId u = order[i];
            const double share = top_rank > 0.0 ? rank_of(u) / top_rank : 0.0;
            node(body, u,
                 labelled[u] != 0 ? ", fontsize=" + fixed(9.0 + 9.0 * std::sqrt(share), 1) : "",
                 labelled[u] != 0);
        }
        edges_among(body, included, drawn, [](graph::NodeId, graph::NodeId) { return true; });
        std::ostringstream out;
        const std::string title = params_.title.empty() ? "Referral network" : params_.title;
        const std::vector<std::string> notes{
            "showing the " + std::to_string(shown) + " busiest of " + std::to_string(n) +
                " providers and " + std::to_string(drawn) + " of " +
                std::to_string(net.num_edges()) + " referral edges; names on the " +
                std::to_string(std::min(shown, params_.labels)) +
                " with the highest PageRank, larger for higher",
            "edge width: referrals (log scale); node size: PageRank"};
        out << "digraph network {\n  graph [label=" << title_label(title, notes, included)
            << ", labelloc=t, overlap=prism, splines=false, outputorder=edgesfirst];\n"
            << "  node [style=filled, fontname=\"Helvetica\", fontsize=9];\n"
            << "  edge [arrowsize=0.4, color=\"#00000040\"];\n"
            << body.str() << "}\n";
        return out.str();
    }

   private:
    const DiagramInput& in_;
    const DiagramParams& params_;
};

std::mutex graphviz_mutex;  // Graphviz keeps global state
std::string graphviz_errors;

int collect_error(char* message) {
    graphviz_errors += message;
    return 0;
}

}  // namespace

std::string default_layout(View view) {
    switch (view) {
        case View::ego:
            return "neato";
        case View::flows:
            return "dot";
        case View::network:
            return "sfdp";
    }
    return "dot";
}

std::vector<PartnerMark> health_marks(const scoring::HealthReport& health) {
    std::vector<PartnerMark> marks;
    for (const auto& h : health.partners) {
        if (h.has(scoring::HealthFlag::lapsed)) {
            marks.push_back({h.partner, "lapsed"});
        } else if (h.has(scoring::HealthFlag::slipping)) {
            marks.push_back({h.partner, "slipping"});
        }
    }
    return marks;
}

std::string diagram_dot(const DiagramInput& input, const DiagramParams& params) {
    const DotWriter writer(input, params);
    switch (params.view) {
        case View::ego:
            return writer.ego();
        case View::flows:
            return writer.flows();
        case View::network:
            return writer.network();
    }
    return {};
}

std::string render_graphviz(const std::string& dot, const std::string& layout,
                            const std::string& format) {
    const std::lock_guard lock(graphviz_mutex);
    graphviz_errors.clear();
    agseterrf(collect_error);  // Graphviz must not print: collect its messages
    agseterr(AGERR);
    GVC_t* gvc = gvContext();
    Agraph_t* g = agmemread(dot.c_str());
    if (g == nullptr) {
        gvFreeContext(gvc);
        throw std::runtime_error("Graphviz could not read the diagram: " + graphviz_errors);
    }
    if (gvLayout(gvc, g, layout.c_str()) != 0) {
        agclose(g);
        gvFreeContext(gvc);
        throw std::runtime_error("Graphviz layout " + layout + " failed: " + graphviz_errors);
    }
    char* data = nullptr;
    unsigned int length = 0;
    const int rc = gvRenderData(gvc, g, format.c_str(), &data, &length);
    std::string out;
    if (rc == 0 && data != nullptr) out.assign(data, length);
    if (data != nullptr) gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
    agclose(g);
    gvFreeContext(gvc);
    if (rc != 0)
        throw std::runtime_error("Graphviz could not render " + format + ": " + graphviz_errors);
    return out;
}

}  // namespace refnet::viz
