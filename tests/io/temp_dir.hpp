// A fresh directory under the system's temporary directory, removed with
// everything in it when the object goes, even when an assertion fails first:
// what every io test that writes files uses.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace refnet::io {

class TempDir {
   public:
    // The gtest seed and two random draws keep parallel ctest runs apart.
    explicit TempDir(const std::string& prefix = "refnet_test") {
        std::random_device seed;
        path_ = std::filesystem::temp_directory_path() /
                (prefix + "_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                 "_" + std::to_string(seed()) + "_" + std::to_string(seed()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

   private:
    std::filesystem::path path_;
};

}  // namespace refnet::io
