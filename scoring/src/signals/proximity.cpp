#include "signals/proximity.hpp"

#include <algorithm>

namespace refnet::scoring {

bool telehealth_reaches(const Focal& focal, graph::NodeId c) {
    if (focal.ctx.telehealth[c] == 0) return false;
    const graph::Provider& p = focal.ctx.providers[c];
    const std::string& state = focal.provider.state;
    return p.licensed_states.empty() || state.empty() ||
           std::find(p.licensed_states.begin(), p.licensed_states.end(), state) !=
               p.licensed_states.end();
}

}  // namespace refnet::scoring
