#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <refnet/scoring/weights.hpp>
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

void Weights::validate() const {
    double total = 0.0;
    for (std::size_t i = 0; i < kSignalCount; ++i) {
        if (!std::isfinite(value[i]) || value[i] < 0.0) {
            throw std::invalid_argument("weight of " + std::string(kSignalKeys[i]) +
                                        " must be a non-negative number, got " +
                                        std::to_string(value[i]));
        }
        total += value[i];
    }
    if (!(total > 0.0)) throw std::invalid_argument("at least one weight must be positive");
    if (!std::isfinite(intercept)) {
        throw std::invalid_argument("the intercept must be a finite number, got " +
                                    std::to_string(intercept));
    }
}

namespace {

// The "weights" object and "intercept" of a weights document over `base`.
Weights parse_weights(const nlohmann::json& json, const std::string& source, Weights base) {
    if (!json.is_object() || !json.contains("weights") || !json["weights"].is_object()) {
        throw std::invalid_argument(source + ": expected an object with a \"weights\" object");
    }
    if (json.contains("intercept")) {
        if (!json["intercept"].is_number()) {
            throw std::invalid_argument(source + ": the intercept must be a number, got " +
                                        json["intercept"].dump());
        }
        base.intercept = json["intercept"].get<double>();
    }
    for (const auto& [key, value] : json["weights"].items()) {
        const auto signal = parse_signal(key);
        if (!signal) {
            throw std::invalid_argument(source + ": unknown signal \"" + key +
                                        "\" (expected one of " + known_signals() + ")");
        }
        if (!value.is_number()) {
            throw std::invalid_argument(source + ": weight of " + key + " must be a number, got " +
                                        value.dump());
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
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw std::invalid_argument(source + ": not valid JSON (" + e.what() + ")");
    }
    Weights out = parse_weights(json, source, base);
    out.validate();
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
