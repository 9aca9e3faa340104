// error_of(read): runs `read` and returns what() of the InputError it must
// throw, for the reader tests that assert whole `file:line:column: message`
// strings.
#pragma once

#include <refnet/io/error.hpp>
#include <string>

namespace refnet::io::testing {

template <typename Read>
std::string error_of(Read&& read) {
    try {
        read();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no InputError thrown)";
}

}  // namespace refnet::io::testing
