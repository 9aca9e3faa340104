#include <refnet/graph/ppr_push.hpp>

namespace refnet::graph {

void PushState::prepare(const Network& net, std::uint64_t serial) {
    if (network_serial == serial && node.size() == net.num_nodes()) return;
    network_serial = serial;
    node.assign(net.num_nodes(), Node{});
    for (NodeId v = 0; v < net.num_nodes(); ++v) node[v].out_degree = net.out_degree(v);
    estimate_of.assign(net.num_nodes(), 0.0);
    out_weight.assign(net.num_nodes(), -1.0);
    pushed.clear();
    walk = 0;
}

void PushState::begin() {
    if (++walk == kQueued) {
        for (Node& s : node) s.walk = 0;
        walk = 1;
    }
}

void PushState::reset() {
    for (NodeId v : pushed) {
        estimate_of[v] = 0.0;
        out_weight[v] = -1.0;
    }
    pushed.clear();
    queue.clear();
}

}  // namespace refnet::graph
