// A read-only memory mapping of a whole file, shared by the readers that must
// not copy what they read: the national CMS parser and snapshots.
#pragma once

#include <cstddef>
#include <string>

namespace refnet::io {

class MappedFile {
   public:
    enum class Access {
        sequential,  ///< read once front to back (a CSV parse)
        whole,       ///< every page will be used: fault them all in now (a snapshot)
    };
    /// Throws InputError "PATH: cannot open file (REASON)", "is not a regular
    /// file (expected WHAT)" or "cannot map file (REASON)".
    MappedFile(const std::string& path, Access access, const std::string& expected);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    [[nodiscard]] const char* begin() const { return static_cast<const char*>(data_); }
    [[nodiscard]] std::size_t size() const { return size_; }

   private:
    int fd_ = -1;
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace refnet::io
