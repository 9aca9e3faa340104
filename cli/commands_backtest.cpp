// backtest and tune: evidence that the ranking predicts the partnerships that
// form, and ranking models fitted on a practice's own history.
#include <charconv>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/open_input.hpp>
#include <refnet/scoring/backtest.hpp>
#include <refnet/scoring/weights.hpp>

#include "common.hpp"

namespace refnet::cli {

namespace {

// What backtest and tune share: inputs, the split, the lists and the resampling.
struct EvalOptions {
    io::InputSpec inputs;
    OutputOptions output;
    std::string split;
    std::string horizon = "12m";
    std::string top = "10,20,30";
    std::string focals = "all";
    std::size_t negatives = 100;
    std::size_t bootstrap = 1000;
    std::uint64_t seed = 1;
    std::string weights;
    std::string needs_dir;
};

void add_eval_options(CLI::App& app, EvalOptions& opt) {
    add_input_options(app, opt.inputs);
    app.add_option("--split", opt.split,
                   "Train on events before this date (YYYY-MM-DD); truth comes after it")
        ->required();
    app.add_option("--horizon", opt.horizon,
                   "How long after the split a first referral counts (12m, 2y, 90d)")
        ->default_val("12m");
    app.add_option("--top", opt.top, "List lengths k for the @k metrics, comma-separated")
        ->default_val("10,20,30");
    app.add_option("--focals", opt.focals,
                   "all; N (a seeded sample of N focals with a new partner); or a FILE of "
                   "provider ids, one per line")
        ->default_val("all");
    app.add_option("--negatives", opt.negatives, "Non-partners drawn per focal for AUC")
        ->default_val(100)
        ->check(CLI::Range(1, 100000));
    app.add_option("--bootstrap", opt.bootstrap,
                   "Resamples of the focals for 95 % confidence intervals (0: none)")
        ->default_val(1000)
        ->check(CLI::Range(0, 100000));
    app.add_option("--seed", opt.seed, "Seed of every random draw (same seed, same numbers)")
        ->default_val(1)
        ->check(unsigned_whole());
    app.add_option("--weights", opt.weights,
                   "Model weights: a weights JSON file, or name=value,... over "
                   "datasets/weights.json");
    app.add_option("--needs", opt.needs_dir, "Directory with needs.csv and need_profiles.csv");
}

graph::Date parse_split(const std::string& text) { return date_value("--split", text); }

graph::Period parse_horizon(const std::string& text) {
    const auto period = graph::parse_period(text);
    if (!period) {
        throw UsageError("--horizon: expected a positive length such as 12m, 2y or 90d, got \"" +
                         text + "\"");
    }
    return *period;
}

std::vector<std::size_t> parse_ks(const std::string& text) {
    std::vector<std::size_t> ks;
    std::string_view rest = text;
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        std::size_t k = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), k);
        if (item.empty() || ec != std::errc{} || ptr != item.data() + item.size() || k == 0 ||
            k > 10000) {
            throw UsageError(
                "--top: expected list lengths such as 10,20,30 (each 1 to 10000), "
                "got \"" +
                text + "\"");
        }
        ks.push_back(k);
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    return ks;
}

// --focals all | N | FILE into the options' focal list or sample size.
void resolve_focals(const io::Dataset& data, const std::string& spec,
                    scoring::BacktestOptions& options) {
    if (spec == "all") return;
    std::size_t count = 0;
    const auto [ptr, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), count);
    if (!spec.empty() && ec == std::errc{} && ptr == spec.data() + spec.size()) {
        if (count == 0) throw UsageError("--focals: expected all, N >= 1 or a FILE, got 0");
        options.sample = count;
        return;
    }
    std::error_code missing;
    if (!std::filesystem::exists(spec, missing)) {
        throw UsageError("--focals: no such file \"" + spec +
                         "\" (expected all, a number, or a file of provider ids)");
    }
    std::ifstream in = io::open_input(spec);
    std::string line;
    std::uint64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || (number == 1 && (line == "id" || line == "npi"))) continue;
        const auto id = data.ids.find(line);
        if (!id) {
            throw InputError(spec, number, 1,
                             "unknown provider \"" + line +
                                 "\" (expected an id from the providers or referrals)");
        }
        options.focals.push_back(*id);
    }
    if (options.focals.empty())
        throw InputError(spec, 0, 0, "no provider ids (expected one per line)");
}

// The file the referral events came from, for messages about them.
std::string events_source(const io::InputSpec& inputs) {
    if (!inputs.network.empty()) return inputs.network;
    if (!inputs.referrals.empty()) return inputs.referrals;
    if (!inputs.cms.empty()) return inputs.cms;
    return (std::filesystem::path(inputs.data_dir) / "referrals.csv").string();
}

// The dataset as the library's history, refusing data that cannot be replayed.
scoring::History history_of(const io::Dataset& data, const io::InputSpec& inputs,
                            const graph::NeedCatalogue& catalogue) {
    const bool dated = std::any_of(data.referrals.begin(), data.referrals.end(),
                                   [](const graph::Referral& r) { return r.date.valid(); });
    if (!dated) {
        throw InputError(events_source(inputs), 0, 0,
                         "no dated referrals to replay (expected referral events with a date "
                         "column; aggregated CMS pairs carry no time)");
    }
    return scoring::History{data.providers, data.groups, data.referrals, data.needs, catalogue};
}

// A metric for people: "-" where it is undefined (no resamples, a 0 baseline).
std::string shown(double value, int decimals) {
    return std::isnan(value) ? "-" : fixed(value, decimals);
}

std::string with_interval(const scoring::Estimate& e, int decimals) {
    if (std::isnan(e.ci_low)) return shown(e.mean, decimals);
    return shown(e.mean, decimals) + " [" + shown(e.ci_low, decimals) + ", " +
           shown(e.ci_high, decimals) + "]";
}

nlohmann::ordered_json real(double value) {
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json estimates_json(const std::vector<std::string>& names,
                                      const scoring::MetricEstimates& values) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (std::size_t q = 0; q < names.size(); ++q) {
        out[names[q]] = {{"mean", real(values[q].mean)},
                         {"ci_low", real(values[q].ci_low)},
                         {"ci_high", real(values[q].ci_high)}};
    }
    return out;
}

// Which split a result is about and how many focals it rests on.
nlohmann::ordered_json split_json(const scoring::BacktestResult& r) {
    nlohmann::ordered_json json;
    json["split"] = graph::format_date(r.split);
    json["horizon"] = graph::format_period(r.horizon);
    json["horizon_end"] = graph::format_date(r.end);
    json["focals_evaluated"] = r.focals_evaluated;
    json["focals_skipped"] = r.focals_skipped;
    json["new_partnerships"] = r.new_partnerships;
    json["new_partners_outside"] = r.new_partners_outside;
    json["new_partners_beyond_radius"] = r.new_partners_beyond_radius;
    return json;
}

nlohmann::ordered_json backtest_json(const scoring::BacktestResult& r,
                                     const scoring::BacktestOptions& options) {
    nlohmann::ordered_json json = split_json(r);
    json["training_referrals"] = r.training_referrals;
    json["undated_referrals_ignored"] = r.undated_referrals;
    json["mean_candidates"] = r.mean_candidates;
    json["bootstrap"] = options.bootstrap;
    json["negatives"] = options.negatives;
    json["seed"] = options.seed;
    nlohmann::ordered_json methods = nlohmann::ordered_json::array();
    for (const auto& m : r.methods) {
        nlohmann::ordered_json method;
        method["name"] = m.name;
        method["metrics"] = estimates_json(r.metric_names, m.metrics);
        if (!m.lift.empty()) {
            nlohmann::ordered_json lift = nlohmann::ordered_json::object();
            for (const auto& [baseline, values] : m.lift)
                lift[baseline] = estimates_json(r.metric_names, values);
            method["lift"] = lift;
        }
        methods.push_back(method);
    }
    json["methods"] = methods;
    if (!r.methods.empty()) json["verdict"] = scoring::verdict(r, r.methods.front().name);
    return json;
}

io::Table backtest_csv(const scoring::BacktestResult& r) {
    io::Table t{{"method", "versus", "metric", "mean", "ci_low", "ci_high"}, {}};
    auto add = [&](const std::string& method, const std::string& versus,
                   const scoring::MetricEstimates& values) {
        for (std::size_t q = 0; q < r.metric_names.size(); ++q) {
            t.rows.push_back({method, versus, r.metric_names[q], values[q].mean, values[q].ci_low,
                              values[q].ci_high});
        }
    };
    for (const auto& m : r.methods) {
        add(m.name, "", m.metrics);
        for (const auto& [baseline, values] : m.lift) add(m.name, baseline, values);
    }
    return t;
}

// A count's share of a total to one decimal: "0.4 %".
std::string share_text(std::size_t part, std::size_t total) {
    return total > 0 ? graph::percent(static_cast<double>(part) / static_cast<double>(total), 1)
                     : "-";
}

// One table per list length, one for MAP and AUC, and the first model's lifts.
void write_backtest_tables(const scoring::BacktestResult& r, std::ostream& out) {
    out << "backtest split " << graph::format_date(r.split) << ", horizon "
        << graph::format_period(r.horizon) << " (to " << graph::format_date(r.end)
        << "): " << r.focals_evaluated << " focals evaluated"
        << (r.focals_evaluated < r.focals_with_new_partner
                ? " (a seeded sample of the " + std::to_string(r.focals_with_new_partner) +
                      " with a new partner)"
                : std::string())
        << ", " << r.focals_skipped << " skipped (no new partner in the horizon); "
        << r.new_partnerships << " new partnerships; " << fixed(r.mean_candidates, 0)
        << " candidates ranked per focal\n"
        << "new partners the model could not rank: " << r.new_partners_outside << " ("
        << share_text(r.new_partners_outside, r.new_partnerships) << "), of which "
        << r.new_partners_beyond_radius << " ("
        << share_text(r.new_partners_beyond_radius, r.new_partnerships)
        << ") lay beyond the service radius\n";
    if (r.methods.empty()) return;
    const auto& names = r.metric_names;
    const std::size_t lists = (names.size() - 2) / 4;
    auto cell = [](const scoring::Estimate& e) { return with_interval(e, 3); };
    for (std::size_t l = 0; l < lists; ++l) {
        const std::string at = names[4 * l].substr(names[4 * l].find('@'));
        io::Table t{{"top " + at.substr(1), "precision", "recall", "hit rate", "ndcg"}, {}};
        for (const auto& m : r.methods) {
            t.rows.push_back({m.name, cell(m.metrics[4 * l]), cell(m.metrics[4 * l + 1]),
                              cell(m.metrics[4 * l + 2]), cell(m.metrics[4 * l + 3])});
        }
        out << '\n';
        io::write_table(t, io::Format::table, out);
    }
    io::Table whole{{"ranking", names[names.size() - 2], "auc"}, {}};
    for (const auto& m : r.methods)
        whole.rows.push_back({m.name, cell(m.metrics[names.size() - 2]), cell(m.metrics.back())});
    out << '\n';
    io::write_table(whole, io::Format::table, out);
    const auto& first = r.methods.front();
    if (first.lift.empty()) {
        out << '\n' << scoring::verdict(r, first.name) << '\n';
        return;
    }
    std::vector<std::string> columns{first.name + " lift over"};
    std::vector<std::size_t> shown;
    for (std::size_t l = 0; l < lists; ++l) {
        columns.push_back(names[4 * l]);
        shown.push_back(4 * l);
    }
    columns.push_back(names[names.size() - 2]);
    shown.push_back(names.size() - 2);
    io::Table lift{columns, {}};
    for (const auto& [baseline, values] : first.lift) {
        std::vector<io::Cell> row{baseline};
        for (std::size_t q : shown) row.emplace_back(with_interval(values[q], 2));
        lift.rows.push_back(std::move(row));
    }
    out << '\n';
    io::write_table(lift, io::Format::table, out);
    out << '\n' << scoring::verdict(r, first.name) << '\n';
}

struct Prepared {
    io::Dataset data;
    graph::NeedCatalogue catalogue;
    scoring::BacktestOptions options;
    scoring::Weights weights;
};

Prepared prepare(const EvalOptions& opt) {
    require_inputs(opt.inputs);
    Prepared p;
    p.options.split = parse_split(opt.split);
    p.options.horizon = parse_horizon(opt.horizon);
    p.options.ks = parse_ks(opt.top);
    p.options.negatives = opt.negatives;
    p.options.bootstrap = opt.bootstrap;
    p.options.seed = opt.seed;
    try {
        p.weights = load_weights(opt.weights);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--weights: ") + e.what());
    }
    p.options.blends = {{"refnet", p.weights}};
    p.data = load_reporting(opt.inputs);
    p.catalogue =
        opt.needs_dir.empty() ? io::builtin_needs() : io::load_need_catalogue(opt.needs_dir);
    resolve_focals(p.data, opt.focals, p.options);
    return p;
}

nlohmann::ordered_json calibration_json(const scoring::Calibration& c) {
    nlohmann::ordered_json bins = nlohmann::ordered_json::array();
    for (const auto& b : c.bins) {
        bins.push_back({{"low", b.low},
                        {"high", b.high},
                        {"candidates", b.candidates},
                        {"mean_predicted", b.mean_predicted},
                        {"observed", b.observed}});
    }
    return {{"candidates", c.candidates},
            {"positives", c.positives},
            {"mean_predicted", c.mean_predicted},
            {"observed_rate", c.observed_rate},
            {"brier", c.brier},
            {"base_rate_brier", c.base_rate_brier},
            {"reliability", bins}};
}

// The calibration lines and reliability table tune prints.
void write_calibration(const scoring::TuneResult& result, std::ostream& out) {
    const scoring::Calibration& d = result.calibration_default;
    const scoring::Calibration& t = result.calibration_tuned;
    if (t.candidates == 0) return;
    out << "calibration on the validation split: " << t.candidates << " candidates, " << t.positives
        << " became partners (" << graph::percent(t.observed_rate, 2)
        << "; the tuned model predicted " << graph::percent(t.mean_predicted, 2)
        << " on average)\nBrier score: default " << fixed(d.brier, 5) << ", tuned "
        << fixed(t.brier, 5) << "; the observed rate for everyone " << fixed(t.base_rate_brier, 5)
        << "\n\n";
    io::Table table{{"tuned model predicted", "candidates", "mean predicted", "observed"}, {}};
    for (const auto& b : t.bins) {
        table.rows.push_back({graph::percent(b.low, 2) + " to " + graph::percent(b.high, 2),
                              static_cast<std::uint64_t>(b.candidates),
                              graph::percent(b.mean_predicted, 2), graph::percent(b.observed, 2)});
    }
    io::write_table(table, io::Format::table, out);
    out << '\n';
}

nlohmann::ordered_json comparison_json(const scoring::BacktestResult& r) {
    nlohmann::ordered_json json = split_json(r);
    nlohmann::ordered_json metrics;
    for (const auto& m : r.methods) metrics[m.name] = estimates_json(r.metric_names, m.metrics);
    json["metrics"] = metrics;
    return json;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

}  // namespace

std::function<int()> setup_backtest_command(CLI::App& app) {
    auto opt = std::make_shared<EvalOptions>();
    auto mode = std::make_shared<std::string>("prospects");
    auto baselines = std::make_shared<std::vector<std::string>>(scoring::baseline_names());
    add_eval_options(app, *opt);
    add_output_options(app, opt->output);
    app.add_option("--mode", *mode,
                   "What is replayed: prospects (the truth is new partners, no tie before the "
                   "split)")
        ->default_val("prospects")
        ->check(CLI::IsMember({"prospects"}));
    app.add_option("--baselines", *baselines,
                   "Methods the model is compared with, comma-separated (default: all)")
        ->delimiter(',')
        ->check(CLI::IsMember(scoring::baseline_names()));
    return [opt, baselines]() {
        Prepared p = prepare(*opt);
        p.options.baselines = *baselines;
        const scoring::History history = history_of(p.data, opt->inputs, p.catalogue);
        announce("replaying history");
        const scoring::BacktestResult result =
            scoring::backtest(history, p.options, progress_of("backtest", "focals"));
        emit(opt->output, [&](std::ostream& out) {
            switch (opt->output.parsed_format()) {
                case io::Format::json:
                    out << backtest_json(result, p.options).dump(2) << '\n';
                    break;
                case io::Format::csv:
                    io::write_table(backtest_csv(result), io::Format::csv, out);
                    break;
                case io::Format::table:
                    write_backtest_tables(result, out);
                    break;
            }
        });
        return kExitOk;
    };
}

std::function<int()> setup_tune_command(CLI::App& app) {
    auto opt = std::make_shared<EvalOptions>();
    auto l2 = std::make_shared<double>(1e-5);
    auto examples = std::make_shared<std::size_t>(50);
    add_eval_options(app, *opt);
    app.add_option("-o,--output", opt->output.path, "Weights JSON to write (atomically)")
        ->required();
    app.add_option("--l2", *l2, "L2 penalty of the logistic regression")
        ->default_val(1e-5)
        ->check(finite_non_negative());
    app.add_option("--examples", *examples,
                   "Candidates that did not become partners, drawn per focal as negative "
                   "examples")
        ->default_val(50)
        ->check(CLI::Range(1, 100000));
    return [opt, l2, examples]() {
        Prepared p = prepare(*opt);
        const scoring::History history = history_of(p.data, opt->inputs, p.catalogue);
        const io::DataHash hash = io::content_hash(p.data);
        scoring::TuneOptions tune;
        tune.split = p.options.split;
        tune.horizon = p.options.horizon;
        tune.l2 = *l2;
        tune.negatives = *examples;
        tune.start = p.weights;
        tune.validation = p.options;
        announce("learning weights");
        scoring::TuneResult result;
        try {
            result = scoring::tune(history, tune, progress_of("tune", "steps"));
        } catch (const std::invalid_argument& e) {
            throw InputError(events_source(opt->inputs), 0, 0, e.what());
        }
        nlohmann::ordered_json json;
        json["about"] =
            "Ranking model learned by refnet tune: L2-regularised logistic regression on the "
            "signals of the candidates as of the fit split, labelled by whether the focal "
            "referred to them within the horizon; the intercept is corrected for the sample of "
            "non-partners, so a score estimates the probability over all candidates. Use with "
            "refnet recommend --weights FILE.";
        json["intercept"] = result.weights.intercept;
        json["weights"] = scoring::weights_json(result.weights);
        json["created"] = utc_now();
        json["data"] = {{"hash", hash.hash},
                        {"files", hash.files},
                        {"bytes", hash.bytes},
                        {"providers", p.data.providers.size()},
                        {"referrals", p.data.referrals.size()}};
        nlohmann::ordered_json coefficients;
        for (std::size_t s = 0; s < scoring::kSignalCount; ++s) {
            coefficients[std::string(scoring::signal_key(static_cast<scoring::Signal>(s)))] =
                result.fit.coefficients(static_cast<Eigen::Index>(s));
        }
        json["fit"] = {{"split", graph::format_date(tune.split)},
                       {"horizon", graph::format_period(tune.horizon)},
                       {"focals", result.focals},
                       {"examples", result.examples},
                       {"positives", result.positives},
                       {"l2", tune.l2},
                       {"coefficients", coefficients},
                       {"intercept", result.fit.intercept},
                       {"iterations", result.fit.iterations},
                       {"converged", result.fit.converged}};
        json["compared_with"] = scoring::weights_json(tune.start);
        json["before_after_fit_split"] = comparison_json(result.fitted);
        json["before_after_validation_split"] = comparison_json(result.validated);
        json["calibration_validation_split"] = {
            {"default", calibration_json(result.calibration_default)},
            {"tuned", calibration_json(result.calibration_tuned)}};
        const std::string said = scoring::verdict(result.validated, "tuned");
        json["verdict"] = said;
        emit(opt->output, [&](std::ostream& out) { out << json.dump(2) << '\n'; });

        const auto& names = result.validated.metric_names;
        io::Table t{{"metric", "default, fit split", "tuned, fit split", "default, validation",
                     "tuned, validation"},
                    {}};
        for (std::size_t q = 0; q < names.size(); ++q) {
            t.rows.push_back({names[q], with_interval(result.fitted.methods[0].metrics[q], 3),
                              with_interval(result.fitted.methods[1].metrics[q], 3),
                              with_interval(result.validated.methods[0].metrics[q], 3),
                              with_interval(result.validated.methods[1].metrics[q], 3)});
        }
        std::cout << "tuned on split " << graph::format_date(tune.split) << " (" << result.focals
                  << " focals, " << result.examples << " examples, " << result.positives
                  << " new partners); validated on split "
                  << graph::format_date(result.validated.split) << " ("
                  << result.validated.focals_evaluated << " focals)\nweights:";
        for (std::size_t s = 0; s < scoring::kSignalCount; ++s) {
            std::cout << ' ' << scoring::signal_key(static_cast<scoring::Signal>(s)) << '='
                      << fixed(result.weights.value[s], 3);
        }
        std::cout << " intercept=" << fixed(result.weights.intercept, 3) << "\n\n";
        io::write_table(t, io::Format::table, std::cout);
        std::cout << '\n';
        write_calibration(result, std::cout);
        std::cout << said << "\nwrote " << opt->output.path << '\n';
        return kExitOk;
    };
}

}  // namespace refnet::cli
