#include <omp.h>

#include <algorithm>
#include <refnet/graph/parallel.hpp>

namespace refnet::graph {

int team_size(std::size_t items) {
    return worth_a_team(items) ? std::max(1, omp_get_max_threads()) : 1;
}

}  // namespace refnet::graph
