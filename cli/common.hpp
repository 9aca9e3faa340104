// What every command shares: the command table, input/output options, error
// reporting and exit codes. The CLI parses, calls the library and prints; it
// never computes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/small_counts.hpp>
#include <refnet/graph/text.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/io/output.hpp>
#include <refnet/scoring/recommend.hpp>
#include <refnet/scoring/weights.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace refnet::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitDataError = 1;
inline constexpr int kExitUsage = 2;

/// A usage mistake found after parsing (e.g. no input named): exit 2.
class UsageError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

/// Something the user named is not in the data (an unknown focal provider,
/// with the closest ids): exit 1, printed as "refnet: MESSAGE"; the server
/// answers it with 404.
class NotInData : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

/// ninja-style tool table: each command configures its own options on `app`
/// and returns the function that runs once parsing succeeded.
struct Command {
    std::string_view name;
    std::string_view summary;
    std::function<std::function<int()>(CLI::App& app)> setup;
};

[[nodiscard]] const std::vector<Command>& commands();

// Command set-ups, one per command, defined next to their kin.
std::function<int()> setup_validate_command(CLI::App& app);
std::function<int()> setup_stats_command(CLI::App& app);
std::function<int()> setup_metrics_command(CLI::App& app);
std::function<int()> setup_generate_command(CLI::App& app);
std::function<int()> setup_import_command(CLI::App& app);
std::function<int()> setup_recommend_command(CLI::App& app);
std::function<int()> setup_render_command(CLI::App& app);
std::function<int()> setup_report_command(CLI::App& app);
std::function<int()> setup_export_command(CLI::App& app);
std::function<int()> setup_backtest_command(CLI::App& app);
std::function<int()> setup_tune_command(CLI::App& app);
std::function<int()> setup_health_command(CLI::App& app);
std::function<int()> setup_followups_command(CLI::App& app);
std::function<int()> setup_leakage_command(CLI::App& app);
std::function<int()> setup_share_command(CLI::App& app);
std::function<int()> setup_serve_command(CLI::App& app);

/// True when standard error is a terminal: progress is shown only there.
[[nodiscard]] bool stderr_is_terminal();
/// Progress for long reads on stderr when it is a terminal; nullptr otherwise.
[[nodiscard]] std::function<void(double)> read_progress();
/// "refnet: WHAT DONE of TOTAL UNITS (P %), S s left" on stderr when it is a
/// terminal, for progress(done, total) callbacks; nullptr otherwise. `what`
/// and `units` must outlive the callback (string literals).
[[nodiscard]] std::function<void(std::size_t, std::size_t)> progress_of(std::string_view what,
                                                                        std::string_view units);
using graph::fixed;
/// Says on stderr, when it is a terminal, that a step of unknown length has
/// started (building a national scoring context, writing a snapshot).
void announce(std::string_view step);

/// The model's parameters for `data` with every default: what `refnet import`
/// stores a scoring context for.
[[nodiscard]] scoring::ScoringParams scoring_params(const io::Dataset& data,
                                                    const graph::SmallCounts& small = {});
/// The scoring context of `data`: the one its snapshot stores when that was
/// built with these settings (read in place, no build), else built now.
[[nodiscard]] scoring::Context scoring_context(const io::Dataset& data,
                                               const graph::NeedCatalogue& catalogue,
                                               graph::Date as_of,
                                               const scoring::ScoringParams& params);

/// The inputs shared by every analysis command.
void add_input_options(CLI::App& app, io::InputSpec& spec);
/// Throws UsageError when no input was named.
void require_inputs(const io::InputSpec& spec);

struct OutputOptions {
    std::string format = "table";
    std::string path;  ///< empty: standard output
    [[nodiscard]] io::Format parsed_format() const;
};
void add_output_options(CLI::App& app, OutputOptions& output);
/// --suppress-below N (docs/privacy.md): counts of referrals, patients and
/// contacts from 1 to N - 1 are shown as "<N" or "fewer than N".
void add_suppression_option(CLI::App& app, graph::SmallCounts& small);
/// write_table after io::suppress_small_counts.
void write_counts_table(io::Table table, io::Format format, const graph::SmallCounts& small,
                        std::ostream& out);
/// A JSON document, indented, after io::suppress_small_counts.
void write_counts_json(nlohmann::ordered_json doc, const graph::SmallCounts& small,
                       std::ostream& out);
/// Writes to -o FILE atomically, or to standard output (no -o, or -o -).
void emit(const OutputOptions& output, const std::function<void(std::ostream&)>& write);
/// Writes FILE atomically ("-": standard output). Throws UsageError when FILE
/// is one of the command's inputs (note_input), which it would overwrite.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);
/// Records a file the command reads, so that no output may replace it.
void note_input(const std::string& path);

/// Loads the dataset and reports its warnings and (lenient) skipped rows on stderr.
[[nodiscard]] io::Dataset load_reporting(const io::InputSpec& spec);

/// The NodeId of `id`; NotInData "unknown focal provider" with the closest
/// ids and names when there is none.
[[nodiscard]] graph::NodeId resolve_focal(const io::Dataset& data, const std::string& id);

/// `text` as a date, or UsageError "NAME: expected a date YYYY-MM-DD, got "TEXT"".
[[nodiscard]] graph::Date date_value(std::string_view name, const std::string& text);
/// An optional date option (--as-of): kNoDate when not given, else date_value.
[[nodiscard]] graph::Date optional_date(std::string_view name, const std::string& text);
/// `text` as a period, or UsageError "NAME: expected a period such as
/// EXAMPLES, got "TEXT"".
[[nodiscard]] graph::Period period_value(std::string_view name, const std::string& text,
                                         std::string_view examples);
/// A provider's name for a person, or its id when it has none (not escaped).
[[nodiscard]] std::string name_or_id(const graph::Provider& p);
/// The ids of `nodes` as a JSON array (an organisation's members).
[[nodiscard]] nlohmann::ordered_json provider_ids_json(const io::Dataset& data,
                                                       std::span<const graph::NodeId> nodes);
/// UsageError unless exactly one of --focal and --org named the members.
void require_members(const std::vector<std::string>& focals, const std::string& org);

/// Provider ids from FILE: one per line (blank lines and # comments skipped),
/// or a CSV whose header has id and org columns, of which organisation
/// `org_name`'s rows are taken. Unknown ids are data errors at file:line:1;
/// a CSV of organisations without a matching `org_name` is a usage error.
[[nodiscard]] std::vector<graph::NodeId> read_provider_ids(const io::Dataset& data,
                                                           const std::string& path,
                                                           const std::string& org_name);
/// Validators for what CLI11's own let through: PositiveNumber and
/// NonNegativeNumber accept "nan" and "inf", and an unsigned option reads "-1"
/// as 2^64 - 1.
[[nodiscard]] CLI::Validator finite_positive();
[[nodiscard]] CLI::Validator finite_non_negative();
[[nodiscard]] CLI::Validator unsigned_whole();

/// --focal ID[,ID...] and --org FILE [--org-name NAME] (mutually exclusive):
/// who "you" are, one provider or an organisation. Returns the --focal option.
CLI::Option* add_member_options(CLI::App& app, std::vector<std::string>& focals, std::string& org,
                                std::string& org_name, const std::string& what);
/// An organisation's members: --org FILE (with --org-name) or the --focal
/// ids (resolve_focal's NotInData for an unknown one).
[[nodiscard]] std::vector<graph::NodeId> resolve_members(const io::Dataset& data,
                                                         const std::vector<std::string>& focals,
                                                         const std::string& org,
                                                         const std::string& org_name);

/// On CMS shared-patient data, the line that says what "referrals" count
/// there ("" otherwise): text outputs print it under their summary.
[[nodiscard]] std::string shared_patients_note(const io::Dataset& data);

/// The referral events that health, leakage and share read about `providers`
/// (a practice's members, or share's service line): the data's own, or, for
/// data read without events (a CMS file on the compact path, or its
/// snapshot), the edges into and out of `providers` as undated events, kept
/// in `storage`.
[[nodiscard]] std::span<const graph::Referral> events_touching(
    const io::Dataset& data, std::span<const graph::NodeId> providers,
    std::vector<graph::Referral>& storage);

/// Model weights: datasets/weights.json, overridden by a weights file or by
/// "name=value,..." in `spec` (empty: the defaults). Throws UsageError for a
/// spec that is neither, std::invalid_argument for bad weights.
[[nodiscard]] scoring::Weights load_weights(const std::string& spec);
/// The origin `refnet tune` recorded in the weights file `spec`, if it is one.
[[nodiscard]] std::optional<scoring::WeightsOrigin> weights_origin(const std::string& spec);

/// " (did you mean X or Y?)" for the closest of `candidates`, or "".
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       const std::vector<std::string>& candidates);
/// "unknown option --NAME (did you mean --NAME?)" for the first of args that
/// is none of app's options, or "" (CLI11 names extras but suggests nothing).
[[nodiscard]] std::string unknown_option_hint(const CLI::App& app, int argc,
                                              const char* const* argv);
/// Closest candidates by edit distance, for "did you mean".
[[nodiscard]] std::vector<std::string> suggestions(std::string_view word,
                                                   const std::vector<std::string>& candidates);

}  // namespace refnet::cli
