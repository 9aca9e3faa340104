// Blend weights from JSON files (datasets/weights.json, files `refnet tune`
// writes) and from inline overrides such as "need_fit=0.5,trust=0.3".
#pragma once

#include <cstdint>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <refnet/scoring/recommend.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace refnet::scoring {

/// What is wrong with a weights file, and where (line and column 0 when the
/// problem is the document's, not a character's). what() is
/// "SOURCE[:LINE:COLUMN]: MESSAGE".
class WeightsFileError : public std::invalid_argument {
   public:
    WeightsFileError(std::string source, std::uint64_t line, std::uint64_t column,
                     std::string message);
    [[nodiscard]] const std::string& source() const { return source_; }
    [[nodiscard]] std::uint64_t line() const { return line_; }
    [[nodiscard]] std::uint64_t column() const { return column_; }
    [[nodiscard]] const std::string& message() const { return message_; }

   private:
    std::string source_;
    std::uint64_t line_;
    std::uint64_t column_;
    std::string message_;
};

/// Reads `{"weights": {"need_fit": 0.35, ...}}`; signals left out keep their value
/// in `base` (by default datasets/weights.json's). Throws WeightsFileError for
/// malformed JSON (with its line and column), numbers beyond a double, an
/// unknown signal or a bad value.
[[nodiscard]] Weights read_weights(std::istream& in, const std::string& source,
                                   const Weights& base = {});

/// The "weights" object of a weights file, signals in their fixed order: what
/// read_weights reads (refnet tune writes its files around it).
[[nodiscard]] nlohmann::ordered_json weights_json(const Weights& weights);

/// Where tuned weights came from, as `refnet tune` records it in the file.
struct WeightsOrigin {
    std::string split;  ///< the split the fit learned from
    std::string horizon;
    std::string data_hash;
    std::string created;
};

/// The origin a weights file records, or nullopt for files without one
/// (datasets/weights.json, hand-written files) and for malformed JSON.
[[nodiscard]] std::optional<WeightsOrigin> read_weights_origin(std::istream& in);

/// Applies "name=value,name=value" on top of `base`. Throws std::invalid_argument
/// naming the bad item.
[[nodiscard]] Weights parse_inline_weights(std::string_view text, const Weights& base);

}  // namespace refnet::scoring
