// Backtest scorecards a server shows beside the network: the JSON files
// `refnet backtest --format json` and `refnet tune -o` wrote, read once from a
// directory and kept as written.
#pragma once

#include <string>
#include <vector>

namespace refnet::io {

struct Scorecard {
    std::string name;     ///< the file's name without .json
    std::string kind;     ///< "backtest" or "tune"
    std::string split;    ///< the split it was measured at (tune: its validation split)
    std::string verdict;  ///< the one-sentence verdict
    std::string json;     ///< the file's text, unchanged
};

/// Every *.json file directly in `dir`, by name. Throws InputError naming the
/// file for one that is not JSON (with its line and column), not a backtest or
/// tune result, or larger than 64 MB, and for a directory that cannot be read
/// or holds more than 1,000 of them.
[[nodiscard]] std::vector<Scorecard> read_scorecards(const std::string& dir);

}  // namespace refnet::io
