#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <refnet/graph/text.hpp>
#include <refnet/io/error.hpp>
#include <refnet/io/scorecards.hpp>
#include <sstream>

namespace refnet::io {

namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxBytes = std::uintmax_t{64} << 20;
constexpr std::size_t kMaxFiles = 1000;
constexpr const char* kExpected =
    "the JSON of refnet backtest --format json, or the weights file refnet tune -o writes";

std::string text_of(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string(), 0, 0, "cannot open file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string string_at(const nlohmann::json& doc, const char* key) {
    const auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Scorecard read_scorecard(const fs::path& path) {
    const std::string file = path.string();
    if (fs::file_size(path) > kMaxBytes)
        throw InputError(file, 0, 0,
                         std::string("is larger than 64 MB (expected ") + kExpected + ")");
    Scorecard card;
    card.name = path.stem().string();
    card.json = text_of(path);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(card.json);
    } catch (const nlohmann::json::exception& e) {
        const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&e);
        const graph::TextPlace at =
            graph::place_of(card.json, parse != nullptr && parse->byte > 0 ? parse->byte - 1 : 0);
        throw InputError(file, parse != nullptr ? at.line : 0, parse != nullptr ? at.column : 0,
                         std::string("is not valid JSON (expected ") + kExpected + ")");
    }
    const bool backtest = doc.is_object() && doc.contains("methods") && doc["methods"].is_array();
    const bool tune =
        doc.is_object() && doc.contains("weights") && doc.contains("before_after_validation_split");
    card.verdict = doc.is_object() ? string_at(doc, "verdict") : "";
    if ((!backtest && !tune) || card.verdict.empty()) {
        throw InputError(
            file, 0, 0,
            std::string("is neither a backtest nor a tune result (expected ") + kExpected + ")");
    }
    card.kind = backtest ? "backtest" : "tune";
    card.split = backtest ? string_at(doc, "split")
                          : string_at(doc["before_after_validation_split"], "split");
    return card;
}

}  // namespace

std::vector<Scorecard> read_scorecards(const std::string& dir) {
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        if (it->path().extension() == ".json" && it->is_regular_file()) files.push_back(it->path());
    }
    if (error) throw InputError(dir, 0, 0, "cannot read directory (" + error.message() + ")");
    if (files.size() > kMaxFiles) {
        throw InputError(dir, 0, 0,
                         "holds " + std::to_string(files.size()) +
                             " JSON files (expected at most 1,000 scorecards)");
    }
    std::sort(files.begin(), files.end());
    std::vector<Scorecard> cards;
    cards.reserve(files.size());
    for (const auto& path : files) cards.push_back(read_scorecard(path));
    return cards;
}

}  // namespace refnet::io
