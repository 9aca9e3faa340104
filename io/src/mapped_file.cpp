#include "mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <refnet/io/error.hpp>

namespace refnet::io {

MappedFile::MappedFile(const std::string& path, Access access, const std::string& expected) {
    // O_NONBLOCK: a FIFO with no writer must be refused below, not block open().
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) {
        throw InputError(path, 0, 0,
                         std::string("cannot open file (") + std::strerror(errno) + ")");
    }
    struct stat info {};
    if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd_);
        throw InputError(path, 0, 0, "is not a regular file (expected " + expected + ")");
    }
    size_ = static_cast<std::size_t>(info.st_size);
    if (size_ == 0) return;
    const int flags = MAP_PRIVATE | (access == Access::whole ? MAP_POPULATE : 0);
    data_ = ::mmap(nullptr, size_, PROT_READ, flags, fd_, 0);
    if (data_ == MAP_FAILED) {
        data_ = nullptr;
        ::close(fd_);
        throw InputError(path, 0, 0, std::string("cannot map file (") + std::strerror(errno) + ")");
    }
    ::madvise(data_, size_, access == Access::whole ? MADV_WILLNEED : MADV_SEQUENTIAL);
}

MappedFile::~MappedFile() {
    if (data_ != nullptr) ::munmap(data_, size_);
    ::close(fd_);
}

}  // namespace refnet::io
