// Diagrams: the DOT refnet writes, read back by Graphviz's own parser (cgraph),
// has the expected nodes, edges and attributes; data strings cannot break out
// of their DOT or SVG strings; the report has every section.
#include <cgraph.h>
#include <gtest/gtest.h>

#include <memory>
#include <refnet/graph/network.hpp>
#include <refnet/viz/render.hpp>
#include <refnet/viz/report.hpp>
#include <utility>

#include "expect_throw_message.hpp"

namespace refnet::viz {
namespace {

using graph::Group;
constexpr const char* kHostile = "A&B <script>alert(1)</script> \"Dr. O'Neil\"";

graph::Referral event(graph::NodeId from, graph::NodeId to, std::uint32_t count, bool closed) {
    graph::Referral r;
    r.from = from;
    r.to = to;
    r.count = count;
    r.date = *graph::parse_date("2025-02-10");
    r.status = graph::Status::completed;
    r.feedback_days = closed ? 3 : -1;
    r.days_to_appointment = 7;
    return r;
}

struct Fixture {
    std::vector<graph::Provider> providers;
    std::vector<Group> groups{Group::primary_care, Group::medical_specialist, Group::wellness,
                              Group::behavioral_health};
    std::vector<graph::Referral> referrals;
    graph::Network network;
    std::vector<double> rank{0.4, 0.3, 0.2, 0.1};
    std::vector<std::uint32_t> community{0, 0, 1, 1};
    Fixture() {
        for (const char* id : {"F", "S", "W", "B"}) {
            graph::Provider p;
            p.id = id;
            p.name = std::string("Provider ") + id;
            providers.push_back(p);
        }
        providers[1].name = kHostile;
        // F -> S 10 (all closed), S -> F 2, F -> W 1 (open), B unconnected to F.
        referrals = {event(0, 1, 10, true), event(1, 0, 2, true), event(0, 2, 1, false),
                     event(3, 2, 4, true)};
        network = graph::build_network(4, referrals).network;
    }
    [[nodiscard]] DiagramInput input() const {
        return {network, providers, groups, rank, community, {{3, 1}}, {}};
    }
};

struct GraphCloser {
    void operator()(Agraph_t* g) const { agclose(g); }
};

std::unique_ptr<Agraph_t, GraphCloser> parse(const std::string& dot) {
    return std::unique_ptr<Agraph_t, GraphCloser>(agmemread(dot.c_str()));
}

std::string attr(void* object, const char* name) {
    char* value = agget(object, const_cast<char*>(name));
    return value == nullptr ? "" : value;
}

// A laid-out node's centre in points ("x,y" in its pos attribute).
std::pair<double, double> position(Agnode_t* node) {
    const std::string pos = attr(node, "pos");
    const auto comma = pos.find(',');
    return {std::stod(pos.substr(0, comma)), std::stod(pos.substr(comma + 1))};
}

TEST(Diagram, EgoViewParsesBackWithTheExpectedGraph) {
    const Fixture fx;
    DiagramParams params;
    params.view = View::ego;
    params.focal = 0;
    params.color_by = ColorBy::closed_loop;
    const auto g = parse(diagram_dot(fx.input(), params));
    ASSERT_NE(g, nullptr);
    // F, its partners S and W, and prospect B (dashed, ranked #1).
    EXPECT_EQ(agnnodes(g.get()), 4);
    Agnode_t* f = agnode(g.get(), const_cast<char*>("n0"), 0);
    Agnode_t* s = agnode(g.get(), const_cast<char*>("n1"), 0);
    Agnode_t* w = agnode(g.get(), const_cast<char*>("n2"), 0);
    Agnode_t* b = agnode(g.get(), const_cast<char*>("n3"), 0);
    ASSERT_TRUE(f && s && w && b);
    EXPECT_EQ(attr(s, "label"), kHostile);  // escaped in DOT, literal once parsed
    EXPECT_EQ(attr(b, "label"), "#1 Provider B");
    EXPECT_NE(attr(b, "style").find("dashed"), std::string::npos);
    EXPECT_EQ(attr(f, "fillcolor"), "#8dd3c7");  // primary care
    // Edges: F->S, S->F, F->W and the dashed F->B; B->W is not the focal's.
    EXPECT_EQ(agnedges(g.get()), 4);
    Agedge_t* fs = agedge(g.get(), f, s, nullptr, 0);
    ASSERT_NE(fs, nullptr);
    EXPECT_EQ(attr(fs, "penwidth"), "2.50");  // 1 + 1.5 log10(10)
    // Closed-loop (10+1)/(10+2) = 11/12 sits 5/6 of the way from amber #fdae61 to
    // green #1a9850: channels 253-227*5/6, 174-22*5/6, 97-17*5/6 round to 64, 156, 83.
    EXPECT_EQ(attr(fs, "color"), "#409c53");
    Agedge_t* fw = agedge(g.get(), f, w, nullptr, 0);
    ASSERT_NE(fw, nullptr);
    EXPECT_EQ(attr(fw, "penwidth"), "1.00");
    EXPECT_EQ(agedge(g.get(), b, w, nullptr, 0), nullptr);
    // The focal's ties (up to its twelve largest) carry their counts.
    EXPECT_EQ(attr(fs, "label"), "10");
    EXPECT_EQ(attr(fw, "label"), "1");
}

TEST(Diagram, EgoViewPinsProspectsNearTheFocal) {
    // Laid out by neato and read back: the focal pinned at the origin, prospect
    // #1 (B) pinned 0.9 + 0.3 inches straight above it (overlap removal may
    // stretch the whole picture a little), however the rest falls.
    const Fixture fx;
    DiagramParams params;
    params.view = View::ego;
    params.focal = 0;
    const auto g = parse(render_graphviz(diagram_dot(fx.input(), params), "neato", "dot"));
    ASSERT_NE(g, nullptr);
    const auto [fx0, fy0] = position(agnode(g.get(), const_cast<char*>("n0"), 0));
    const auto [bx, by] = position(agnode(g.get(), const_cast<char*>("n3"), 0));
    EXPECT_NEAR(bx - fx0, 0.0, 1.0);  // points
    EXPECT_GE(by - fy0, 1.2 * 72.0);  // above: Graphviz's y grows upwards
    EXPECT_LE(by - fy0, 2.0 * 72.0);
}

TEST(Diagram, EgoDepthTwoAddsEachPartnersStrongestTiesAndKeepsTheFocalCentral) {
    const Fixture fx;
    DiagramParams params;
    params.view = View::ego;
    params.focal = 0;
    params.depth = 2;
    const std::string dot = diagram_dot(fx.input(), params);
    const auto g = parse(dot);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(agnnodes(g.get()), 4);  // F, its partners S and W, and W's partner B
    Agnode_t* w = agnode(g.get(), const_cast<char*>("n2"), 0);
    Agnode_t* b = agnode(g.get(), const_cast<char*>("n3"), 0);
    ASSERT_TRUE(w && b);
    EXPECT_NE(agedge(g.get(), b, w, nullptr, 0), nullptr);
    EXPECT_EQ(attr(b, "style").find("dashed"), std::string::npos);  // a partner's partner
    EXPECT_NE(dot.find("n0 [pos=\"0,0!\"]"), std::string::npos);    // pinned at the centre
    // --top caps the second ring: with 0 there is none, and B is the prospect again.
    params.top = 0;
    const auto capped = parse(diagram_dot(fx.input(), params));
    ASSERT_NE(capped, nullptr);
    Agnode_t* prospect = agnode(capped.get(), const_cast<char*>("n3"), 0);
    ASSERT_NE(prospect, nullptr);
    EXPECT_NE(attr(prospect, "style").find("dashed"), std::string::npos);
}

TEST(Diagram, EgoLabelsNeverOverlap) {
    // A focal with 30 long-named partners and 3 prospects, laid out by neato
    // and read back: no two node boxes (each holds its label) overlap.
    const graph::NodeId n = 34;
    std::vector<graph::Provider> providers(n);
    std::vector<Group> groups(n, Group::medical_specialist);
    std::vector<graph::Referral> referrals;
    for (graph::NodeId u = 0; u < n; ++u) {
        providers[u].id = std::to_string(1000 + u);
        providers[u].name = "Provider " + std::to_string(u) + " Associates of the Long Name";
        if (u >= 1 && u <= 30) referrals.push_back(event(0, u, u, true));
    }
    referrals.push_back(event(31, 32, 1, true));
    const graph::Network network = graph::build_network(n, referrals).network;
    const std::vector<double> rank(n, 1.0 / n);
    const std::vector<std::uint32_t> community(n, 0);
    const DiagramInput input{
        network, providers, groups, rank, community, {{31, 1}, {32, 2}, {33, 3}}, {}};
    DiagramParams params;
    params.view = View::ego;
    params.focal = 0;
    const auto g = parse(render_graphviz(diagram_dot(input, params), "neato", "dot"));
    ASSERT_NE(g, nullptr);
    struct Box {
        double x0, y0, x1, y1;
    };
    std::vector<Box> boxes;
    for (Agnode_t* v = agfstnode(g.get()); v != nullptr; v = agnxtnode(g.get(), v)) {
        const auto [x, y] = position(v);
        const double w = std::stod(attr(v, "width")) * 72.0 / 2.0;  // inches to points
        const double h = std::stod(attr(v, "height")) * 72.0 / 2.0;
        boxes.push_back({x - w, y - h, x + w, y + h});
    }
    ASSERT_EQ(boxes.size(), 34U);
    std::size_t overlaps = 0;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            const Box& a = boxes[i];
            const Box& b = boxes[j];
            // An ellipse sits inside its box: overlapping boxes by more than a
            // point would mean touching labels.
            if (a.x0 + 1 < b.x1 && b.x0 + 1 < a.x1 && a.y0 + 1 < b.y1 && b.y0 + 1 < a.y1)
                ++overlaps;
        }
    }
    EXPECT_EQ(overlaps, 0U);
}

TEST(Diagram, EgoViewMarksSlippingAndLapsedPartners) {
    const Fixture fx;
    DiagramInput in = fx.input();
    in.marks = {{2, "lapsed"}, {3, "slipping"}};  // B is a prospect, not a partner: unmarked
    DiagramParams params;
    params.view = View::ego;
    params.focal = 0;
    const auto g = parse(diagram_dot(in, params));
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(agnnodes(g.get()), 4);  // the second statement adds no node
    Agnode_t* w = agnode(g.get(), const_cast<char*>("n2"), 0);
    Agnode_t* b = agnode(g.get(), const_cast<char*>("n3"), 0);
    ASSERT_TRUE(w && b);
    EXPECT_EQ(attr(w, "label"), "Provider W (lapsed)");
    EXPECT_EQ(attr(w, "peripheries"), "2");
    EXPECT_EQ(attr(w, "color"), "#c62828");
    EXPECT_EQ(attr(b, "label"), "#1 Provider B");
    EXPECT_NE(attr(g.get(), "label").find("red double border: slipping or lapsed partners"),
              std::string::npos);
}

TEST(Diagram, HealthMarksNameLapsedBeforeSlipping) {
    scoring::HealthReport health;
    const auto flagged = [](graph::NodeId partner, std::initializer_list<scoring::HealthFlag> fs) {
        scoring::PartnerHealth h;
        h.partner = partner;
        for (const scoring::HealthFlag f : fs)
            h.flags |= std::uint8_t(1U << static_cast<unsigned>(f));
        return h;
    };
    health.partners = {flagged(5, {scoring::HealthFlag::slipping, scoring::HealthFlag::lapsed}),
                       flagged(2, {scoring::HealthFlag::slipping}), flagged(7, {})};
    const std::vector<PartnerMark> marks = health_marks(health);
    ASSERT_EQ(marks.size(), 2U);  // an unflagged partner is not marked
    EXPECT_EQ(marks[0].id, 5U);
    EXPECT_EQ(marks[0].flag, "lapsed");
    EXPECT_EQ(marks[1].id, 2U);
    EXPECT_EQ(marks[1].flag, "slipping");
}

TEST(Diagram, EgoViewOfAnOrganisationDrawsEveryMemberAsAFocal) {
    // F and B as one organisation: both boxes, and B -> W, B's referral to a
    // partner, is drawn too.
    const Fixture fx;
    DiagramInput in = fx.input();
    in.prospects.clear();
    DiagramParams params;
    params.view = View::ego;
    params.focal = 0;
    params.members = {3};
    const auto g = parse(diagram_dot(in, params));
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(agnnodes(g.get()), 4);
    Agnode_t* b = agnode(g.get(), const_cast<char*>("n3"), 0);
    Agnode_t* w = agnode(g.get(), const_cast<char*>("n2"), 0);
    ASSERT_TRUE(b && w);
    EXPECT_EQ(attr(b, "shape"), "box");
    EXPECT_NE(agedge(g.get(), b, w, nullptr, 0), nullptr);
    EXPECT_NE(attr(g.get(), "label").find("and 1 other member"), std::string::npos);
}

TEST(Diagram, FlowsAreAHeatMatrixOfGroups) {
    const Fixture fx;
    DiagramParams params;
    params.view = View::flows;
    const std::string dot = diagram_dot(fx.input(), params);
    const auto g = parse(dot);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(agnnodes(g.get()), 1);  // one table
    // Primary care sends 11: 10 (91 %, dark: white text) to medical
    // specialists, 1 (9 %) to wellness; nothing to itself.
    EXPECT_NE(dot.find("<font color=\"#ffffff\">10<br/>91 %</font>"), std::string::npos);
    EXPECT_NE(dot.find("<font color=\"#000000\">1<br/>9 %</font>"), std::string::npos);
    EXPECT_NE(dot.find("<b>primary care</b>"), std::string::npos);
    EXPECT_NE(dot.find("<td>11</td></tr>"), std::string::npos);  // sent
    // 10/11 of the way from #f7fbff to #08306b: 247 - 239 * 10/11 = 29.7, and so on.
    EXPECT_NE(dot.find("bgcolor=\"#1e4278\""), std::string::npos);
    const std::string svg = render_graphviz(dot, "dot", "svg");
    EXPECT_NE(svg.find("91 %"), std::string::npos);
}

TEST(Diagram, NetworkViewKeepsTheBusiestAndSaysSo) {
    const Fixture fx;
    DiagramParams params;
    params.view = View::network;
    params.top = 2;
    const std::string dot = diagram_dot(fx.input(), params);
    const auto g = parse(dot);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(agnnodes(g.get()), 2);  // F (volume 13) and S (12)
    EXPECT_NE(dot.find("showing the 2 busiest of 4 providers and 2 of 4 referral edges"),
              std::string::npos);
    // Names on the highest PageRank shown, letters growing with it: F (0.4)
    // at 9 + 9 = 18 pt, S (0.3) at 9 + 9 sqrt(0.75).
    params.labels = 1;
    const auto one = parse(diagram_dot(fx.input(), params));
    ASSERT_NE(one, nullptr);
    Agnode_t* f = agnode(one.get(), const_cast<char*>("n0"), 0);
    Agnode_t* s = agnode(one.get(), const_cast<char*>("n1"), 0);
    ASSERT_TRUE(f && s);
    EXPECT_EQ(attr(f, "label"), "Provider F");
    EXPECT_EQ(attr(f, "fontsize"), "18.0");
    EXPECT_EQ(attr(s, "label"), "");
}

TEST(Diagram, SvgShowsDataStringsAsText) {
    const Fixture fx;
    DiagramParams params;
    params.view = View::ego;
    params.focal = 0;
    const std::string svg = render_graphviz(diagram_dot(fx.input(), params), "neato", "svg");
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("A&amp;B &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
}

TEST(Diagram, EgoNeedsAFocal) {
    const Fixture fx;
    DiagramParams params;
    params.view = View::ego;
    EXPECT_THROW_MSG((void)diagram_dot(fx.input(), params), std::invalid_argument,
                     "the ego view needs a focal provider (none given)");
    params.focal = 999;
    EXPECT_THROW_MSG((void)diagram_dot(fx.input(), params), std::invalid_argument,
                     "the ego view's focal provider 999 is not in the network of 4 providers");
    // Graphviz's own text follows, with its trailing newline; its line number
    // counts on across earlier parses in the process (1 alone, 2 after the
    // other tests), so only the text before it is pinned.
    EXPECT_THROW_MSG_HAS((void)render_graphviz("digraph { a -> }", "dot", "svg"),
                         std::runtime_error,
                         "Graphviz could not read the diagram: Error: syntax error in line ");
}

TEST(Report, HeadlineFiguresByHand) {
    const Fixture fx;
    const scoring::RecommendResult none;
    const ReportInput in{fx.network,     fx.providers, fx.groups, fx.referrals, fx.community, 0,
                         graph::kNoDate, none,         none,      "",           nullptr,      {},
                         nullptr,        nullptr,      {},        {},           {},           {},
                         nullptr};
    const Headline h = headline(in);
    EXPECT_EQ(h.referrals_out, 11U);
    EXPECT_EQ(h.referrals_in, 2U);
    EXPECT_EQ(h.partners, 2U);
    EXPECT_DOUBLE_EQ(h.reciprocity, 2.0 / 3.0);         // S both ways; out {S, W}, in {S}
    EXPECT_DOUBLE_EQ(h.closed_loop_rate, 10.0 / 11.0);  // notes back on F->S only
    EXPECT_DOUBLE_EQ(h.median_days_to_appointment, 7.0);
    EXPECT_DOUBLE_EQ(h.leakage, 1.0 / 11.0);  // W is in the other community
    const MonthlyTrend trend = monthly_trend(in);
    EXPECT_EQ(trend.first_month, 2025 * 12 + 1);
    EXPECT_EQ(trend.out, (std::vector<std::uint64_t>{11}));
    EXPECT_EQ(trend.in, (std::vector<std::uint64_t>{2}));
    const std::string html = html_report(in);
    for (const char* id :
         {"headline", "trend", "ego", "top-out", "top-in", "upkeep", "recommendations"}) {
        EXPECT_NE(html.find(std::string("<section id=\"") + id + "\""), std::string::npos) << id;
    }
    EXPECT_NE(html.find("A&amp;B &lt;script&gt;alert(1)&lt;/script&gt; &quot;Dr. O&#39;Neil&quot;"),
              std::string::npos);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_EQ(html.find("http://"),
              html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
    EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST(Report, OrganisationIsOneFocalByHand) {
    // F and W as one organisation: F -> W (1) is internal; F -> S 10 goes out;
    // S -> F 2 and B -> W 4 come in. Senders {S, B}, receivers {S}: S both ways.
    const Fixture fx;
    const scoring::RecommendResult none;
    const std::vector<graph::NodeId> members{0, 2};
    const ReportInput in{fx.network,
                         fx.providers,
                         fx.groups,
                         fx.referrals,
                         fx.community,
                         0,
                         graph::kNoDate,
                         none,
                         none,
                         "",
                         nullptr,
                         {},
                         nullptr,
                         nullptr,
                         {},
                         members,
                         "F & W <Clinic>",
                         {"xxh3-64:0123456789abcdef", "9.9"},
                         nullptr};
    const Headline h = headline(in);
    EXPECT_EQ(h.referrals_out, 10U);
    EXPECT_EQ(h.referrals_in, 6U);
    EXPECT_EQ(h.internal, 1U);
    EXPECT_EQ(h.partners, 2U);
    EXPECT_DOUBLE_EQ(h.reciprocity, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(h.closed_loop_rate, 1.0);
    EXPECT_DOUBLE_EQ(h.leakage, 0.0);  // S shares F's community
    EXPECT_DOUBLE_EQ(h.median_days_to_appointment, 7.0);
    const MonthlyTrend trend = monthly_trend(in);
    EXPECT_EQ(trend.out, (std::vector<std::uint64_t>{10}));
    EXPECT_EQ(trend.in, (std::vector<std::uint64_t>{6}));
    const std::string html = html_report(in);
    EXPECT_NE(html.find("<h1 id=\"title\">F &amp; W &lt;Clinic&gt;</h1>"), std::string::npos);
    EXPECT_NE(html.find("Members: Provider F (F); Provider W (W). Referrals between members (1)"),
              std::string::npos);
    // Who sends you patients: B (4) above S (2); W is a member, not a partner.
    const auto in_table = html.find("<section id=\"top-in\"");
    ASSERT_NE(in_table, std::string::npos);
    const auto b_row = html.find("Provider B", in_table);
    const auto s_row = html.find("A&amp;B", in_table);
    EXPECT_LT(b_row, s_row);
    EXPECT_NE(html.find("refnet health --org"), std::string::npos);
    // The header says which data and which build: 2025-02-10 is every event's date.
    EXPECT_NE(html.find("Referrals from 2025-02-10 to 2025-02-10 · data xxh3-64:0123456789abcdef "
                        "· RefNet 9.9"),
              std::string::npos);
    EXPECT_NE(html.find("<th>You closed the loop</th>"), std::string::npos);
    EXPECT_EQ(html.find("id=\"scorecard\""), std::string::npos);  // no backtest given
}

// The fixture's report with `scorecard` and nothing else optional.
std::string report_with_scorecard(const scoring::BacktestResult& scorecard) {
    const Fixture fx;
    const scoring::RecommendResult none;
    const ReportInput in{fx.network,     fx.providers, fx.groups, fx.referrals, fx.community, 0,
                         graph::kNoDate, none,         none,      "",           nullptr,      {},
                         nullptr,        nullptr,      {},        {},           {},           {},
                         &scorecard};
    return html_report(in);
}

TEST(Report, ScorecardShowsTheModelAndTheStrongestBaselines) {
    scoring::BacktestResult result;
    result.split = *graph::parse_date("2025-01-01");
    result.focals_evaluated = 150;
    result.metric_names = {"precision@20"};
    for (const auto& [name, mean] :
         std::vector<std::pair<std::string, double>>{{"refnet", 0.048},
                                                     {"random", 0.006},
                                                     {"gravity", 0.043},
                                                     {"l3", 0.02},
                                                     {"popularity", 0.032}}) {
        result.methods.push_back({name, {{mean, mean - 0.004, mean + 0.004}}, {}});
    }
    const std::string html = report_with_scorecard(result);
    const auto at = html.find("<section id=\"scorecard\"");
    ASSERT_NE(at, std::string::npos);
    const auto row = [&](const std::string& text) { return html.find(text, at); };
    // RefNet first, then the three strongest baselines by mean; random is left out.
    EXPECT_LT(row("RefNet, the ranking below"), row(">gravity<"));
    EXPECT_LT(row(">gravity<"), row(">popularity<"));
    EXPECT_LT(row(">popularity<"), row(">l3<"));
    EXPECT_EQ(row(">random<"), std::string::npos);
    EXPECT_NE(row("0.048</td><td class=\"num\">0.044 – 0.052"), std::string::npos);
    EXPECT_NE(row("as of 2025-01-01"), std::string::npos);
    EXPECT_NE(row("(150 providers with a new partner)"), std::string::npos);
}

TEST(Report, ASampledScorecardSaysHowManyOfHowMany) {
    scoring::BacktestResult result;
    result.split = *graph::parse_date("2025-01-01");
    result.focals_evaluated = 2000;
    result.focals_with_new_partner = 17677;
    result.metric_names = {"precision@20"};
    result.methods.push_back({"refnet", {{0.05, 0.04, 0.06}}, {}});
    const std::string html = report_with_scorecard(result);
    EXPECT_NE(html.find("The lists of a random 2,000 of the 17,677 providers with a new partner "
                        "were made again as of 2025-01-01"),
              std::string::npos);
    EXPECT_EQ(html.find("Every provider&#39;s list"), std::string::npos);
    EXPECT_EQ(html.find("Every provider's list"), std::string::npos);
}

}  // namespace
}  // namespace refnet::viz
