// Blend weights from JSON files (datasets/weights.json, files `refnet tune`
// writes) and from inline overrides such as "need_fit=0.5,trust=0.3".
#pragma once

#include <istream>
#include <refnet/scoring/recommend.hpp>
#include <string>
#include <string_view>

namespace refnet::scoring {

/// Reads `{"weights": {"need_fit": 0.35, ...}}`; signals left out keep their value
/// in `base`. Throws std::invalid_argument naming `source` for malformed JSON, an
/// unknown signal or a bad value.
[[nodiscard]] Weights read_weights(std::istream& in, const std::string& source,
                                   const Weights& base = {});

/// Applies "name=value,name=value" on top of `base`. Throws std::invalid_argument
/// naming the bad item.
[[nodiscard]] Weights parse_inline_weights(std::string_view text, const Weights& base);

}  // namespace refnet::scoring
