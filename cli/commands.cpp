// The command table (ninja's kTools): name, one-line summary, set-up.
#include "common.hpp"

namespace refnet::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table{
        {"validate", "Read every input and list all problems found (exit 1 if any)",
         setup_validate_command},
        {"stats", "Network summary: size, reciprocity, components, communities, group flows",
         setup_stats_command},
        {"metrics", "Per-provider metrics (degree, volume, PageRank, betweenness, ...) or --edges",
         setup_metrics_command},
        {"recommend", "Rank prospective partners for a provider, with reasons",
         setup_recommend_command},
        {"health", "Partner health: who is slipping, lapsed, one-sided or overdue, both directions",
         setup_health_command},
        {"followups", "The check-in work queue from partner health (table, CSV, JSON or iCalendar)",
         setup_followups_command},
        {"leakage",
         "Where an organisation's referrals leave its network, by need and group, and who in it "
         "could have taken them",
         setup_leakage_command},
        {"share",
         "Share of referrals in a service line: loyalists, splitters and opportunities, with the "
         "volume at stake",
         setup_share_command},
        {"backtest", "Replay history: does the ranking predict the partnerships that formed?",
         setup_backtest_command},
        {"tune", "Fit the ranking model on your own history and validate it on a later split",
         setup_tune_command},
        {"render", "Draw an ego, group-flow or network diagram (SVG, PNG, PDF or DOT)",
         setup_render_command},
        {"report", "Write a self-contained HTML report for one provider or an organisation",
         setup_report_command},
        {"import", "Read inputs once into a binary snapshot that --network FILE opens instantly",
         setup_import_command},
        {"generate", "Write a synthetic referral market (or a national CMS-style edge list)",
         setup_generate_command},
        {"export", "Write hash-partitioned vertex and edge files for Spark GraphFrames",
         setup_export_command},
        {"serve",
         "Serve the network to a browser: a web UI and a JSON API with the CLI's answers, kept "
         "warm",
         setup_serve_command},
    };
    return table;
}

}  // namespace refnet::cli
