#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <refnet/graph/text.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/output.hpp>
#include <refnet/io/suppression.hpp>
#include <sstream>
#include <stdexcept>

#include "temporaries.hpp"

namespace refnet::io {

std::string format_real(double value) {
    if (!std::isfinite(value)) return {};
    std::array<char, 32> buffer{};
    const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    (void)ec;
    return {buffer.data(), ptr};
}

namespace {

// A number already formatted for people ("1,234", "12.9", "45 %", "" or
// "n/a", or a suppressed count "<11"): right-aligned like the numbers it sits
// among.
bool looks_numeric(const std::string& text) {
    if (text.empty() || text == "n/a") return true;
    std::size_t i = text[0] == '-' || text[0] == '<' ? 1 : 0;
    bool digits = false;
    for (; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch >= '0' && ch <= '9') {
            digits = true;
        } else if (ch != ',' && ch != '.') {
            break;
        }
    }
    if (!digits) return false;
    if (i < text.size()) return text.substr(i) == " %";
    // Plain digits of four or more are ids (NPIs), not counts: counts from
    // 1,000 up carry separators.
    return text.find_first_of(",.") != std::string::npos || text.size() <= 3;
}

std::string cell_text(const Cell& cell, bool for_terminal) {
    return std::visit(
        [&](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, double>) {
                if (!for_terminal) return format_real(v);
                if (!std::isfinite(v)) return {};
                std::ostringstream s;
                s << std::setprecision(6) << v;
                return s.str();
            } else if constexpr (std::is_same_v<T, std::uint64_t>) {
                return for_terminal ? graph::thousands(v) : std::to_string(v);
            } else {
                if (!for_terminal) return std::to_string(v);
                const std::string digits = graph::thousands(
                    v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v));
                return v < 0 ? "-" + digits : digits;
            }
        },
        cell);
}

nlohmann::ordered_json cell_json(const Cell& cell) {
    return std::visit(
        [](const auto& v) -> nlohmann::ordered_json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<T, double>) {
                if (!std::isfinite(v)) return nullptr;
                return v;
            } else {
                return v;
            }
        },
        cell);
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, std::size_t most) {
    // A "; "-separated list (destinations, reasons) goes one item a line, and
    // an item longer than `most` breaks at its spaces; a word longer than a
    // line keeps a line of its own rather than being cut.
    std::vector<std::string> lines;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find("; ", begin);
        if (end == std::string_view::npos) end = text.size();
        // The separator's ';' stays with its item, as it read on one line.
        const std::string_view item = text.substr(begin, end - begin + (end < text.size() ? 1 : 0));
        std::string line;
        std::size_t word_begin = 0;
        while (word_begin < item.size()) {
            std::size_t word_end = item.find(' ', word_begin);
            if (word_end == std::string_view::npos) word_end = item.size();
            const std::string_view word = item.substr(word_begin, word_end - word_begin);
            if (!line.empty() && display_width(line) + 1 + display_width(word) > most) {
                lines.push_back(std::move(line));
                line.clear();
            }
            if (!line.empty()) line += ' ';
            line += word;
            word_begin = word_end + 1;
        }
        if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
        if (end == text.size()) break;
        begin = end + 2;
    }
    return lines;
}

void write_table(const Table& table, Format format, std::ostream& out) {
    if (format == Format::json) {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const auto& row : table.rows) {
            nlohmann::ordered_json object = nlohmann::ordered_json::object();
            for (std::size_t c = 0; c < table.columns.size(); ++c) {
                object[table.columns[c]] = cell_json(row[c]);
            }
            rows.push_back(std::move(object));
        }
        out << rows.dump(2) << '\n';
        return;
    }
    if (format == Format::csv) {
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            out << (c ? "," : "") << csv_cell(table.columns[c]);
        }
        out << '\n';
        for (const auto& row : table.rows) {
            for (std::size_t c = 0; c < row.size(); ++c) {
                out << (c ? "," : "") << csv_cell(cell_text(row[c], false));
            }
            out << '\n';
        }
        return;
    }
    std::vector<std::vector<std::string>> text;
    std::vector<std::size_t> width(table.columns.size());
    std::vector<bool> numeric(table.columns.size(), true);
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        width[c] = display_width(table.columns[c]);
    for (const auto& row : table.rows) {
        auto& line = text.emplace_back();
        for (std::size_t c = 0; c < row.size(); ++c) {
            line.push_back(terminal_safe(cell_text(row[c], true)));
            width[c] = std::max(width[c], display_width(line.back()));
            if (const auto* str = std::get_if<std::string>(&row[c]); str && !looks_numeric(*str))
                numeric[c] = false;
        }
    }
    // A long text last column (leakage's destinations, say) is wrapped under
    // itself so a row fits a terminal. Where the columns before it leave it
    // less than kLeastWrappedWidth the table is wider than a terminal anyway,
    // and wrapping would only break short texts into ragged pieces.
    const std::size_t last = table.columns.empty() ? 0 : table.columns.size() - 1;
    std::size_t last_start = 0;
    for (std::size_t c = 0; c < last; ++c) last_start += width[c] + 2;
    const std::size_t last_width = kTableWidth - std::min(kTableWidth, last_start);
    const bool wrap = !table.columns.empty() && !numeric[last] &&
                      last_width >= kLeastWrappedWidth && width[last] > last_width;
    auto put = [&](const std::vector<std::string>& cells) {
        std::string line;
        const std::vector<std::string> parts = wrap && !cells.empty()
                                                   ? wrap_text(cells.back(), last_width)
                                                   : std::vector<std::string>{};
        for (std::size_t c = 0; c < cells.size(); ++c) {
            // A wrapped cell's first line is a prefix of it: never wider than its column.
            const std::string& cell = c == last && !parts.empty() ? parts.front() : cells[c];
            const std::size_t pad = width[c] - display_width(cell);
            if (c) line += "  ";
            if (numeric[c]) line.append(pad, ' ');
            line += cell;
            if (!numeric[c] && c + 1 < cells.size()) line.append(pad, ' ');
        }
        for (std::size_t k = 1; k < parts.size(); ++k) {
            line.erase(line.find_last_not_of(' ') + 1);
            line += '\n';
            line.append(last_start, ' ');
            line += parts[k];
        }
        line.erase(line.find_last_not_of(' ') + 1);  // an empty last cell pads nothing
        out << line << '\n';
    };
    put(table.columns);
    for (const auto& line : text) put(line);
}

namespace {

// The temporaries being written now, for the signal handler: fixed buffers,
// because a handler may only call async-signal-safe functions (unlink, raise).
constexpr std::size_t kTempSlots = 4;
constexpr std::size_t kTempPathMax = 4096;
std::array<std::array<char, kTempPathMax>, kTempSlots> temp_paths{};
std::array<volatile std::sig_atomic_t, kTempSlots> temp_in_use{};

extern "C" void remove_temporaries_and_die(int signal) {
    for (std::size_t i = 0; i < kTempSlots; ++i) {
        if (temp_in_use[i] != 0) ::unlink(temp_paths[i].data());
    }
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

void install_signal_cleanup() {
    static const bool installed = [] {
        for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
            // A signal the caller chose to ignore stays ignored.
            struct sigaction current {};
            if (::sigaction(signal, nullptr, &current) == 0 && current.sa_handler == SIG_IGN)
                continue;
            struct sigaction action {};
            action.sa_handler = remove_temporaries_and_die;
            sigemptyset(&action.sa_mask);
            ::sigaction(signal, &action, nullptr);
        }
        return true;
    }();
    (void)installed;
}

class TempSlot {
   public:
    explicit TempSlot(const std::string& path) {
        if (path.size() >= kTempPathMax) return;
        for (std::size_t i = 0; i < kTempSlots; ++i) {
            if (temp_in_use[i] != 0) continue;
            std::memcpy(temp_paths[i].data(), path.c_str(), path.size() + 1);
            temp_in_use[i] = 1;
            slot_ = static_cast<int>(i);
            return;
        }
    }
    ~TempSlot() {
        if (slot_ >= 0) temp_in_use[static_cast<std::size_t>(slot_)] = 0;
    }
    TempSlot(const TempSlot&) = delete;
    TempSlot& operator=(const TempSlot&) = delete;

   private:
    int slot_ = -1;
};

// The mode a new output gets: what the file it replaces had, else 0666 less
// the umask (as any program's new file).
// `existing` is the target's stat, when it exists.
mode_t output_mode(const struct stat* existing) {
    if (existing != nullptr && S_ISREG(existing->st_mode)) return existing->st_mode & 07777;
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

}  // namespace

void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    std::filesystem::path target(path);
    struct stat link_info {};
    if (::lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode)) {
        // A symbolic link: its target is replaced and the link kept.
        std::error_code ec;
        target = std::filesystem::weakly_canonical(target, ec);
        if (ec) {
            throw std::runtime_error(path + ": cannot follow the link (" + ec.message() + ")");
        }
    }
    struct stat info {};
    const bool exists = ::stat(target.c_str(), &info) == 0;
    if (exists && !S_ISREG(info.st_mode)) {
        if (S_ISDIR(info.st_mode)) {
            throw std::runtime_error(path + ": is a directory (expected a file to write)");
        }
        // A device or FIFO (/dev/null, a pipe): written in place, as a shell
        // redirection would; renaming a file over it would replace the device.
        std::ofstream out(target, std::ios::binary);
        if (!out) {
            throw std::runtime_error(path + ": cannot open output (" + std::strerror(errno) + ")");
        }
        write(out);
        out.flush();
        if (!out) throw std::runtime_error(path + ": write failed (" + std::strerror(errno) + ")");
        return;
    }
    const std::filesystem::path dir =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    const std::string name = target.filename().string();
    sweep_stale_temporaries(dir, "." + name);
    install_signal_cleanup();
    std::string temp = (dir / temp_template("." + name)).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        throw std::runtime_error(path + ": cannot create output (" + std::strerror(errno) + ")");
    }
    const TempSlot slot(temp);
    const mode_t mode = output_mode(exists ? &info : nullptr);
    const bool mode_set = ::fchmod(fd, mode) == 0;
    ::close(fd);
    try {
        if (!mode_set) {
            throw std::runtime_error(path + ": cannot set the output's mode (" +
                                     std::strerror(errno) + ")");
        }
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            write(out);
            out.flush();
            if (!out)
                throw std::runtime_error(path + ": write failed (" + std::strerror(errno) + ")");
        }
        std::filesystem::rename(temp, target);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
}

namespace {

nlohmann::ordered_json real_or_null(double v) {
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json read_stats_json(const ReadStats& stats) {
    return {{"file", stats.source},
            {"rows", stats.rows},
            {"accepted", stats.accepted},
            {"skipped", stats.skipped},
            {"ignored", stats.ignored}};
}

nlohmann::ordered_json group_flows_json(const graph::GroupFlows& group_flows) {
    nlohmann::ordered_json flows = nlohmann::ordered_json::array();
    for (std::size_t a = 0; a < graph::kGroupCount; ++a) {
        for (std::size_t b = 0; b < graph::kGroupCount; ++b) {
            if (group_flows[a][b] == 0) continue;
            flows.push_back({{"from", graph::group_key(static_cast<graph::Group>(a))},
                             {"to", graph::group_key(static_cast<graph::Group>(b))},
                             {"referrals", group_flows[a][b]}});
        }
    }
    return flows;
}

namespace {

nlohmann::ordered_json provider_json(const Dataset& data, graph::NodeId v) {
    const graph::Provider& p = data.providers[v];
    return {{"id", p.id},
            {"name", p.name},
            {"specialty", p.specialty},
            {"group", graph::group_key(data.groups[v])},
            {"city", p.city},
            {"state", p.state}};
}

}  // namespace

nlohmann::ordered_json ego_json(const Dataset& data, graph::NodeId focal) {
    const graph::Network& net = data.network;
    std::vector<graph::NodeId> nodes{focal};
    for (const graph::NodeId v : net.out_neighbors(focal)) nodes.push_back(v);
    for (const graph::EdgeId e : net.in_edges(focal)) nodes.push_back(net.edge_source(e));
    std::sort(nodes.begin() + 1, nodes.end());
    nodes.erase(std::unique(nodes.begin() + 1, nodes.end()), nodes.end());
    nodes.erase(std::remove(nodes.begin() + 1, nodes.end(), focal), nodes.end());
    std::vector<graph::NodeId> sorted(nodes.begin(), nodes.end());
    std::sort(sorted.begin(), sorted.end());
    nlohmann::ordered_json node_list = nlohmann::ordered_json::array();
    for (const graph::NodeId v : nodes) node_list.push_back(provider_json(data, v));
    nlohmann::ordered_json edges = nlohmann::ordered_json::array();
    for (const graph::NodeId u : nodes) {
        const auto targets = net.out_neighbors(u);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (targets[i] == u || !std::binary_search(sorted.begin(), sorted.end(), targets[i]))
                continue;
            edges.push_back({{"from", data.providers[u].id},
                             {"to", data.providers[targets[i]].id},
                             {"referrals", net.counts()[net.out_edge_begin(u) + i]}});
        }
    }
    return {{"focal", data.providers[focal].id}, {"nodes", node_list}, {"edges", edges}};
}

nlohmann::ordered_json search_providers_json(const Dataset& data, std::string_view query,
                                             std::size_t limit) {
    const std::string want = graph::lower_ascii(query);
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (graph::NodeId v = 0; v < data.providers.size() && out.size() < limit; ++v) {
        const graph::Provider& p = data.providers[v];
        for (const std::string* field : {&p.id, &p.name, &p.specialty, &p.city}) {
            // In place: lowering a copy of every field (4 M strings nationally)
            // made a search that finds little 0.9 s.
            if (graph::contains_case_blind(*field, want)) {
                out.push_back(provider_json(data, v));
                break;
            }
        }
    }
    return out;
}

nlohmann::ordered_json stats_json(const graph::NetworkSummary& s) {
    const nlohmann::ordered_json flows = group_flows_json(s.group_flows);
    nlohmann::ordered_json range = nullptr;
    if (s.first_date.valid()) {
        range = {{"first", graph::format_date(s.first_date)},
                 {"last", graph::format_date(s.last_date)}};
    }
    return {{"providers", s.providers},
            {"edges", s.edges},
            {"referrals", s.referrals},
            {"self_loops", s.self_loops},
            {"self_loop_referrals", s.self_loop_referrals},
            {"density", s.density},
            {"reciprocity", real_or_null(s.reciprocity)},
            {"weak_components", s.weak_components},
            {"largest_component", s.largest_component},
            {"communities", s.communities},
            {"modularity", real_or_null(s.modularity)},
            {"date_range", range},
            {"group_flows", flows}};
}

Table stats_table(const graph::NetworkSummary& summary) {
    Table t{{"measure", "value"}, {}};
    const nlohmann::ordered_json json = stats_json(summary);
    for (const auto& [key, value] : json.items()) {
        if (key == "group_flows") {
            for (const auto& f : value) {
                t.rows.push_back({"group_flow:" + f["from"].get<std::string>() + "->" +
                                      f["to"].get<std::string>(),
                                  f["referrals"].get<std::uint64_t>()});
            }
        } else if (key == "date_range") {
            for (const char* end : {"first", "last"}) {
                t.rows.push_back({std::string(end) + "_date",
                                  value.is_null() ? Cell{} : Cell{value[end].get<std::string>()}});
            }
        } else {
            t.rows.push_back({key, value.is_null() ? std::string() : value.dump()});
        }
    }
    return t;
}

void write_stats_text(const graph::NetworkSummary& s, std::ostream& out,
                      const graph::SmallCounts& small) {
    Table facts{{"measure", "value"}, {}};
    auto add = [&](std::string name, Cell value) {
        facts.rows.push_back({std::move(name), std::move(value)});
    };
    add("providers", std::uint64_t{s.providers});
    add("edges", std::uint64_t{s.edges});
    add("referrals", s.referrals);
    add("self_loops", s.self_loops);
    add("density", s.density);
    add("reciprocity", s.reciprocity);
    add("weak_components", std::uint64_t{s.weak_components});
    add("largest_component", std::uint64_t{s.largest_component});
    add("communities", std::uint64_t{s.communities});
    add("modularity", s.modularity);
    add("date_range", s.first_date.valid() ? Cell{graph::format_date(s.first_date) + " .. " +
                                                  graph::format_date(s.last_date)}
                                           : Cell{});
    // Every cell in "value" should right-align as a number except the date range;
    // render it as text tables do and keep the layout simple.
    suppress_small_counts(facts, small);
    write_table(facts, Format::table, out);

    std::vector<std::size_t> used;
    for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
        std::uint64_t total = 0;
        for (std::size_t h = 0; h < graph::kGroupCount; ++h)
            total += s.group_flows[g][h] + s.group_flows[h][g];
        if (total > 0) used.push_back(g);
    }
    if (used.empty()) return;
    Table flows;
    flows.columns.push_back("from \\ to");
    for (std::size_t g : used)
        flows.columns.emplace_back(graph::group_label(static_cast<graph::Group>(g)));
    for (std::size_t g : used) {
        std::vector<Cell> row{graph::group_label(static_cast<graph::Group>(g))};
        for (std::size_t h : used) row.emplace_back(s.group_flows[g][h]);
        flows.rows.push_back(std::move(row));
    }
    out << "\nreferrals between groups (rows send, columns receive)\n";
    suppress_small_counts(flows, small);
    write_table(flows, Format::table, out);
}

nlohmann::ordered_json member_summary_json(const Dataset& data,
                                           std::span<const graph::NodeId> members,
                                           const graph::MemberSummary& s) {
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    for (const graph::NodeId m : members) ids.push_back(data.providers[m].id);
    auto by_group = [](const std::array<std::uint64_t, graph::kGroupCount>& counts) {
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
            if (counts[g] > 0)
                out[std::string(graph::group_key(static_cast<graph::Group>(g)))] = counts[g];
        }
        return out;
    };
    return {{"members", ids},
            {"referrals_out", s.referrals_out},
            {"referrals_in", s.referrals_in},
            {"internal", s.internal},
            {"receivers", s.receivers},
            {"senders", s.senders},
            {"partners", s.partners},
            {"both_ways", s.both_ways},
            {"reciprocity", real_or_null(s.reciprocity)},
            {"closed_loop_rate", real_or_null(s.closed_loop_rate)},
            {"out_by_group", by_group(s.out_by_group)},
            {"in_by_group", by_group(s.in_by_group)}};
}

Table member_summary_table(const Dataset& data, std::span<const graph::NodeId> members,
                           const graph::MemberSummary& summary) {
    Table t{{"measure", "value"}, {}};
    const nlohmann::ordered_json json = member_summary_json(data, members, summary);
    for (const auto& [key, value] : json.items()) {
        if (key == "members") {
            std::string ids;
            for (const auto& id : value) ids += (ids.empty() ? "" : " ") + id.get<std::string>();
            t.rows.push_back({"focal:members", ids});
        } else if (key == "out_by_group" || key == "in_by_group") {
            const std::string side = key == "out_by_group" ? "sent_to:" : "received_from:";
            for (const auto& [group, count] : value.items())
                t.rows.push_back({"focal:" + side + group, count.get<std::uint64_t>()});
        } else {
            t.rows.push_back({"focal:" + key, value.is_null() ? std::string() : value.dump()});
        }
    }
    return t;
}

void write_member_summary_text(const Dataset& data, std::span<const graph::NodeId> members,
                               const graph::MemberSummary& s, std::ostream& out,
                               const graph::SmallCounts& small) {
    const graph::Provider& first = data.providers[members.front()];
    out << "\nas one focal: "
        << terminal_safe(first.name.empty() ? first.id : first.name + " (" + first.id + ")");
    if (members.size() > 1) {
        out << " and " << members.size() - 1 << " other member" << (members.size() == 2 ? "" : "s");
    }
    out << '\n';
    Table facts{{"measure", "value"}, {}};
    auto add = [&](std::string name, std::string value) {
        facts.rows.push_back({std::move(name), std::move(value)});
    };
    add("referrals sent", small.figure(s.referrals_out));
    add("referrals received", small.figure(s.referrals_in));
    if (members.size() > 1) add("referrals between members", small.figure(s.internal));
    add("providers referred to", graph::thousands(s.receivers));
    add("providers referring in", graph::thousands(s.senders));
    add("partners either way", graph::thousands(s.partners));
    add("partners both ways", graph::thousands(s.both_ways));
    add("reciprocity", graph::percent(s.reciprocity));
    add("closed loop on referrals sent", small.hides(static_cast<double>(s.referrals_out))
                                             ? small.hidden_share()
                                             : graph::percent(s.closed_loop_rate));
    write_table(facts, Format::table, out);
    Table groups{{"group", "referrals sent", "referrals received"}, {}};
    for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
        if (s.out_by_group[g] == 0 && s.in_by_group[g] == 0) continue;
        groups.rows.push_back({graph::group_label(static_cast<graph::Group>(g)),
                               small.figure(s.out_by_group[g]), small.figure(s.in_by_group[g])});
    }
    if (groups.rows.empty()) return;
    out << "\nits referrals by the other side's group\n";
    write_table(groups, Format::table, out);
}

Table metrics_table(const Dataset& data, const graph::ProviderMetrics& m) {
    Table t{{"id", "name", "group", "in_degree", "out_degree", "in_volume", "out_volume",
             "pagerank", "betweenness", "reciprocity", "community"},
            {}};
    const graph::NodeId n = data.network.num_nodes();
    t.rows.reserve(n);
    // Measures left out (--skip) stay empty cells, so the columns never move.
    const bool with_betweenness = !m.betweenness.centrality.empty() || n == 0;
    const bool with_communities = !m.communities.community.empty() || n == 0;
    for (graph::NodeId u = 0; u < n; ++u) {
        const auto& p = data.providers[u];
        t.rows.push_back(
            {p.id, p.name, std::string(graph::group_key(p.group)),
             std::uint64_t{m.degrees.in_degree[u]}, std::uint64_t{m.degrees.out_degree[u]},
             m.degrees.in_volume[u], m.degrees.out_volume[u], m.pagerank.rank[u],
             with_betweenness ? Cell{m.betweenness.centrality[u]} : Cell{}, m.reciprocity[u],
             with_communities ? Cell{std::uint64_t{m.communities.community[u]}} : Cell{}});
    }
    return t;
}

Table edges_table(const Dataset& data) {
    Table t{{"from", "to", "count", "completed", "closed_loop", "on_time", "mean_satisfaction",
             "first_date", "last_date", "reciprocal_count"},
            {}};
    const auto& net = data.network;
    const auto& a = net.attributes();
    auto column = [](std::span<const std::uint32_t> v, graph::EdgeId e) -> Cell {
        if (v.empty()) return {};
        return std::uint64_t{v[e]};
    };
    t.rows.reserve(net.num_edges());
    for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
        const auto targets = net.out_neighbors(u);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const graph::EdgeId e = net.out_edge_begin(u) + i;
            const graph::NodeId v = targets[i];
            Cell satisfaction;
            if (!a.satisfaction_count.empty() && a.satisfaction_count[e] > 0) {
                satisfaction = a.satisfaction_sum[e] / a.satisfaction_count[e];
            }
            Cell first;
            Cell last;
            if (!a.first_date.empty() && a.first_date[e].valid()) {
                first = graph::format_date(a.first_date[e]);
                last = graph::format_date(a.last_date[e]);
            }
            std::uint64_t reciprocal = 0;
            if (u != v) {
                if (auto back = net.find_edge(v, u)) reciprocal = a.count[*back];
            }
            t.rows.push_back({data.ids.key(u), data.ids.key(v), std::uint64_t{a.count[e]},
                              column(a.completed, e), column(a.closed_loop, e),
                              column(a.on_time, e), satisfaction, first, last, reciprocal});
        }
    }
    return t;
}

Table problems_table(const Diagnostics& diagnostics) {
    Table t{{"severity", "file", "line", "column", "message"}, {}};
    for (const auto& d : diagnostics.items()) {
        t.rows.push_back(
            {std::string(d.severity == Diagnostic::Severity::error ? "error" : "warning"), d.file,
             d.line, d.column, d.message});
    }
    return t;
}

Table read_summary_table(const Dataset& data) {
    Table t{{"file", "rows", "accepted", "skipped", "ignored"}, {}};
    for (const auto& f : data.files) {
        t.rows.push_back({f.source, f.rows, f.accepted, f.skipped, f.ignored});
    }
    return t;
}

}  // namespace refnet::io
