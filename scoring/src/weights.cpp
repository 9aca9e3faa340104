#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <refnet/graph/text.hpp>
#include <refnet/scoring/weights.hpp>
#include <sstream>
#include <stdexcept>

namespace refnet::scoring {

namespace detail {
extern const char* const kDefaultWeightsJson;
}  // namespace detail

namespace {

constexpr std::array<std::string_view, kSignalCount> kSignalKeys{
    "need_fit",  "reciprocity", "trust",    "proximity",
    "structure", "influence",   "capacity", "peer_referrals"};
constexpr std::array<std::string_view, 3> kModeKeys{"prospects", "strengthen", "expand"};

std::string known_signals() {
    std::string list;
    for (std::size_t i = 0; i < kSignalCount; ++i) {
        list += (i ? ", " : "") + std::string(signal_key(static_cast<Signal>(i)));
    }
    return list;
}

}  // namespace

std::string_view signal_key(Signal signal) {
    return kSignalKeys.at(static_cast<std::size_t>(signal));
}

std::optional<Signal> parse_signal(std::string_view text) {
    for (std::size_t i = 0; i < kSignalKeys.size(); ++i) {
        if (kSignalKeys[i] == text) return static_cast<Signal>(i);
    }
    return std::nullopt;
}

std::string_view mode_key(Mode mode) { return kModeKeys.at(static_cast<std::size_t>(mode)); }

std::optional<Mode> parse_mode(std::string_view text) {
    for (std::size_t i = 0; i < kModeKeys.size(); ++i) {
        if (kModeKeys[i] == text) return static_cast<Mode>(i);
    }
    return std::nullopt;
}

namespace {
// A log-odds contribution beyond +-1000 is certainty many times over, and
// sums of larger weights overflow a double: every score would read 0 or NaN.
constexpr double kLargestWeight = 1000.0;

std::string number_text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}
}  // namespace

void Weights::validate() const {
    double total = 0.0;
    for (std::size_t i = 0; i < kSignalCount; ++i) {
        if (!(value[i] >= 0.0 && value[i] <= kLargestWeight)) {
            throw std::invalid_argument("weight of " + std::string(kSignalKeys[i]) +
                                        " must be a number from 0 to 1000, got " +
                                        number_text(value[i]));
        }
        total += value[i];
    }
    if (!(total > 0.0)) throw std::invalid_argument("at least one weight must be positive");
    if (!(std::abs(intercept) <= kLargestWeight)) {
        throw std::invalid_argument("the intercept must be a number from -1000 to 1000, got " +
                                    number_text(intercept));
    }
}

WeightsFileError::WeightsFileError(std::string source, std::uint64_t line, std::uint64_t column,
                                   std::string message)
    : std::invalid_argument(
          source +
          (line > 0 ? ":" + std::to_string(line) + ":" + std::to_string(column) : std::string()) +
          ": " + message),
      source_(std::move(source)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

namespace {

// The "weights" object and "intercept" of a weights document over `base`.
Weights parse_weights(const nlohmann::json& json, const std::string& source, Weights base) {
    if (!json.is_object() || !json.contains("weights") || !json["weights"].is_object()) {
        throw WeightsFileError(source, 0, 0, "expected an object with a \"weights\" object");
    }
    if (json.contains("intercept")) {
        if (!json["intercept"].is_number()) {
            throw WeightsFileError(
                source, 0, 0,
                "the intercept must be a number, got " +
                    json["intercept"].dump(-1, ' ', true,
                                           nlohmann::json::error_handler_t::replace));
        }
        base.intercept = json["intercept"].get<double>();
    }
    for (const auto& [key, value] : json["weights"].items()) {
        const auto signal = parse_signal(key);
        if (!signal) {
            throw WeightsFileError(
                source, 0, 0,
                "unknown signal " +
                    nlohmann::json(key).dump(-1, ' ', true,
                                             nlohmann::json::error_handler_t::replace) +
                    " (expected one of " + known_signals() + ")");
        }
        if (!value.is_number()) {
            throw WeightsFileError(
                source, 0, 0,
                "weight of " + key + " must be a number, got " +
                    value.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
        }
        base.value[static_cast<std::size_t>(*signal)] = value.get<double>();
    }
    return base;
}

// datasets/weights.json, parsed once. Generated into the library
// (scoring/CMakeLists.txt); a bad file fails the build's tests, never a user's run.
const Weights& default_model() {
    static const Weights model = [] {
        const nlohmann::json json = nlohmann::json::parse(detail::kDefaultWeightsJson);
        Weights zero{SignalVector{}, 0.0};
        return parse_weights(json, "datasets/weights.json", zero);
    }();
    return model;
}

}  // namespace

const SignalVector& default_weight_values() { return default_model().value; }

double default_intercept() { return default_model().intercept; }

Weights read_weights(std::istream& in, const std::string& source, const Weights& base) {
    std::string text;
    std::array<char, 1 << 14> buffer{};
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // The library's own text ("[json.exception.parse_error.101] parse error
        // at line 1, column 5: syntax error while parsing value - ...") becomes
        // the file's line and column and the reason after the last ": ".
        // e.byte counts from 1 and points just past the offending character.
        const graph::TextPlace at = graph::place_of(text, e.byte == 0 ? 0 : e.byte - 1);
        const std::string what = e.what();
        const auto reason = what.find(" - ");
        throw WeightsFileError(
            source, at.line, at.column,
            "not valid JSON" + (reason == std::string::npos ? "" : ": " + what.substr(reason + 3)) +
                " (expected a weights JSON file)");
    } catch (const nlohmann::json::exception&) {
        // Numbers beyond a double (1e999) are the only other parse failure.
        throw WeightsFileError(source, 0, 0,
                               "holds a number too large for a double (expected finite weights)");
    }
    Weights out = parse_weights(json, source, base);
    try {
        out.validate();
    } catch (const std::invalid_argument& e) {
        throw WeightsFileError(source, 0, 0, e.what());
    }
    return out;
}

nlohmann::ordered_json weights_json(const Weights& weights) {
    nlohmann::ordered_json out;
    for (std::size_t s = 0; s < kSignalCount; ++s)
        out[std::string(signal_key(static_cast<Signal>(s)))] = weights.value[s];
    return out;
}

std::optional<WeightsOrigin> read_weights_origin(std::istream& in) {
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (!json.is_object() || !json.contains("fit") || !json.contains("data")) return std::nullopt;
    const auto& fit = json["fit"];
    const auto& data = json["data"];
    auto text = [](const nlohmann::json& object, const char* key) {
        return object.is_object() && object.contains(key) && object[key].is_string()
                   ? object[key].get<std::string>()
                   : std::string();
    };
    WeightsOrigin origin{text(fit, "split"), text(fit, "horizon"), text(data, "hash"),
                         text(json, "created")};
    if (origin.split.empty() || origin.data_hash.empty()) return std::nullopt;
    return origin;
}

Weights parse_inline_weights(std::string_view text, const Weights& base) {
    Weights out = base;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        const auto eq = item.find('=');
        const std::string_view name = item.substr(0, eq);
        const auto signal = parse_signal(name);
        double value = 0.0;
        const std::string_view number =
            eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
        const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        if ((!signal && name != "intercept") || number.empty() || ec != std::errc{} ||
            ptr != number.data() + number.size()) {
            throw std::invalid_argument("bad weight \"" + std::string(item) +
                                        "\" (expected name=value with name one of " +
                                        known_signals() + ", intercept)");
        }
        if (signal) {
            out.value[static_cast<std::size_t>(*signal)] = value;
        } else {
            out.intercept = value;
        }
    }
    out.validate();
    return out;
}

}  // namespace refnet::scoring
