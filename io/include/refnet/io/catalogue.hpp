// Reading the need catalogue (datasets/needs.csv + datasets/need_profiles.csv).
#pragma once

#include <istream>
#include <refnet/graph/needs.hpp>
#include <refnet/io/error.hpp>
#include <string>

namespace refnet::io {

/// Reads needs.csv (`need,label,category,served_by`) then need_profiles.csv
/// (`taxonomy,role,need,weight`). Always strict: a catalogue with a bad row
/// would skew every score, so the first problem throws InputError. A profile
/// row naming a need missing from needs.csv is an error.
[[nodiscard]] graph::NeedCatalogue read_need_catalogue(std::istream& needs,
                                                       const std::string& needs_source,
                                                       std::istream& profiles,
                                                       const std::string& profiles_source);

/// Reads DIR/needs.csv and DIR/need_profiles.csv (the `--needs DIR` option).
[[nodiscard]] graph::NeedCatalogue load_need_catalogue(const std::string& dir);

/// The catalogue shipped in datasets/, compiled into the library.
[[nodiscard]] const graph::NeedCatalogue& builtin_needs();

}  // namespace refnet::io
