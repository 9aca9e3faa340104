// serve: the network in a browser. Loads the inputs once, keeps the scoring
// context warm and answers the CLI's own questions over HTTP
// (docs/cli/serve.md). Each API request is parsed by the command's own CLI11
// options and answered by the command's own writer (queries.hpp), so its JSON
// and its error messages are the CLI's.
#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <refnet/graph/member_summary.hpp>
#include <refnet/graph/metrics.hpp>
#include <refnet/io/error.hpp>
#include <refnet/io/open_input.hpp>
#include <refnet/io/scorecards.hpp>
#include <refnet/io/suppression.hpp>
#include <refnet/viz/render.hpp>
#include <sstream>
#include <thread>

#include "common.hpp"
#include "queries.hpp"

// Last: it brings <resolv.h>, whose _res macro breaks Eigen's headers.
#include <httplib.h>

namespace refnet::cli {

extern const char* const kServeUiHtml;  // cli/serve_ui.html, embedded at build time

namespace {

// Longest query string, and most parameters, a request may carry: the API's
// questions are short, and a bound keeps a hostile client from making the
// parser work.
constexpr std::size_t kMaxQueryParams = 64;
constexpr std::size_t kMaxSearchResults = 50;
// Worker threads: more than the 16 concurrent clients the targets name, so
// a keep-alive connection never leaves a request queued behind it.
constexpr std::size_t kWorkerThreads = 32;

// The options a request may not set, and why: they name files on the server
// (reading them would let a client probe its disk) or would rebuild the warm
// context per request.
struct Refused {
    std::string_view key;
    std::string_view why;
};
constexpr std::array<Refused, 9> kRefused{{
    {"as_of", "the server answers as of its data's end (run the CLI with --as-of)"},
    {"weights", "the server keeps its weights (start it with the ones you want)"},
    {"needs", "the server keeps its need catalogue"},
    {"org", "organisations come as focal=ID,ID,... (no files are read)"},
    {"in_network", "no files are read (the default network is used)"},
    {"all", "--all writes a file; the server writes none"},
    {"format", "the API answers JSON"},
    {"output", "the server writes no files"},
    {"suppress_below", "the server's --suppress-below applies to every answer"},
}};

bool loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string read_token(const std::string& path) {
    note_input(path);
    std::ifstream in = io::open_input(path);
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.size() < 16) {
        throw InputError(path, 1, 1,
                         "token too short (expected at least 16 characters on the first line)");
    }
    return token;
}

// Equal in time whatever the first differing byte, so timing tells an
// attacker nothing about the token (its length is no secret worth keeping).
bool same_secret(std::string_view offered, std::string_view token) {
    if (offered.size() != token.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < token.size(); ++i)
        diff |= static_cast<unsigned char>(offered[i] ^ token[i]);
    return diff == 0;
}

nlohmann::ordered_json error_json(const std::string& message) { return {{"error", message}}; }

void send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json; charset=utf-8");
}

// Runs the answers on as many threads as there are cores. An answer is pure
// computation, so more at once would not finish sooner; and the scoring
// scratch each thread keeps (sized by the network: hundreds of MB at national
// scale) then exists twice instead of once per connection thread.
class ComputePool {
   public:
    explicit ComputePool(std::size_t threads) {
        for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    }
    ComputePool(const ComputePool&) = delete;
    ComputePool& operator=(const ComputePool&) = delete;
    ~ComputePool() {
        {
            const std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (auto& w : workers_) w.join();
    }

    /// Runs `job` on a pool thread and waits for it; its exception is rethrown here.
    void run(const std::function<void()>& job) {
        std::packaged_task<void()> task(job);
        std::future<void> done = task.get_future();
        {
            const std::lock_guard lock(mutex_);
            queue_.push_back(std::move(task));
        }
        ready_.notify_one();
        done.get();
    }

   private:
    void work() {
        for (;;) {
            std::packaged_task<void()> task;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) return;
                task = std::move(queue_.front());
                queue_.pop_front();
            }
            task();
        }
    }

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::packaged_task<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

// What the server keeps warm: the data, its scoring context and the
// aggregates every request would otherwise recompute.
struct Warm {
    io::Dataset data;
    std::optional<scoring::Context> context;
    scoring::Weights weights;
    graph::GroupFlows flows{};
    // PageRank sizes the diagrams' nodes; computed at the first diagram asked
    // for (2.6 s at national scale) rather than before the server is ready.
    std::once_flag pagerank_once;
    std::vector<double> pagerank;
    graph::SmallCounts small;
    std::vector<io::Scorecard> scorecards;  // --scorecards: served as written
    std::mutex graphviz;                    // Graphviz's layout and rendering are not thread-safe
    ComputePool compute{std::max(1U, std::thread::hardware_concurrency())};
};

// A usage error the client made: the CLI's message, as HTTP 400.
class BadRequest : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

// Parses the request's query string with `command`'s own options: key=value
// is --key value (underscores as dashes), a flag's value 1/true/empty sets it.
void parse_query(CLI::App& app, const std::string& command, const httplib::Request& req) {
    if (req.params.size() > kMaxQueryParams)
        throw BadRequest("too many parameters (expected at most 64)");
    std::vector<std::string> args;
    for (const auto& [key, value] : req.params) {
        if (key == "token") continue;
        for (const Refused& r : kRefused) {
            if (key == r.key) {
                throw BadRequest(std::string(key) +
                                 " is not available from the server: " + std::string(r.why));
            }
        }
        std::string name = "--" + key;
        std::replace(name.begin(), name.end(), '_', '-');
        const CLI::Option* option = app.get_option_no_throw(name);
        if (option != nullptr && option->get_expected_min() == 0) {  // a flag
            if (value.empty() || value == "1" || value == "true") args.push_back(name);
            continue;
        }
        args.push_back(name);
        args.push_back(value);
    }
    std::reverse(args.begin(), args.end());  // CLI11 reads a vector from its back
    const std::vector<std::string> forward(args.rbegin(), args.rend());
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        std::string message = e.what();
        if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
            // The CLI's "unknown option --x (did you mean --y?)".
            std::vector<const char*> argv{"refnet"};
            for (const auto& a : forward) argv.push_back(a.c_str());
            const std::string hint =
                unknown_option_hint(app, static_cast<int>(argv.size()), argv.data());
            if (!hint.empty()) message = hint;
        }
        throw BadRequest("refnet " + command + ": " + message);
    }
}

// Runs one API answer: the CLI's usage errors become 400, an unknown focal
// 404, a data error 422, with the CLI's text.
template <typename Answer>
void answer(httplib::Response& res, Warm& warm, const std::string& command, Answer&& write,
            const char* content_type = "application/json; charset=utf-8") {
    try {
        std::ostringstream out;
        warm.compute.run([&] { write(out); });
        res.status = 200;
        res.set_content(out.str(), content_type);
    } catch (const BadRequest& e) {
        send_json(res, 400, error_json(e.what()).dump());
    } catch (const UsageError& e) {
        send_json(res, 400, error_json("refnet " + command + ": " + e.what()).dump());
    } catch (const std::invalid_argument& e) {
        send_json(res, 400, error_json("refnet " + command + ": " + e.what()).dump());
    } catch (const NotInData& e) {
        send_json(res, 404, error_json(e.what()).dump());
    } catch (const std::exception& e) {
        send_json(res, 422, error_json(e.what()).dump());
    }
}

void require_one_focal(const std::vector<std::string>& focals) {
    if (focals.empty()) throw BadRequest("expected focal=ID (or focal=ID,ID,... for a group)");
}

// One of the CLI's questions as an endpoint: the command's options parse the
// query, the server's --suppress-below is set, and `write` answers as JSON.
template <typename Options, typename AddOptions, typename Write>
httplib::Server::Handler query_endpoint(Warm& warm, const char* command, AddOptions add_options,
                                        Write write) {
    return
        [&warm, command, add_options, write](const httplib::Request& req, httplib::Response& res) {
            answer(res, warm, command, [&](std::ostream& out) {
                CLI::App app;
                Options opt;
                add_options(app, opt);
                parse_query(app, command, req);
                if constexpr (requires { opt.by; }) {
                    if (opt.by.empty()) require_one_focal(opt.focals);
                } else {
                    require_one_focal(opt.focals);
                }
                opt.small = warm.small;
                write(opt, out);
            });
        };
}

void add_api(httplib::Server& server, Warm& warm) {
    const io::Dataset& data = warm.data;
    server.Get("/api/providers", [&](const httplib::Request& req, httplib::Response& res) {
        answer(res, warm, "providers", [&](std::ostream& out) {
            const std::string q = req.get_param_value("q");
            if (q.size() < 2) throw BadRequest("q: expected at least 2 characters to search for");
            if (q.size() > 200) throw BadRequest("q: expected at most 200 characters");
            out << io::search_providers_json(data, q, kMaxSearchResults).dump(2) << '\n';
        });
    });
    server.Get("/api/provider", [&](const httplib::Request& req, httplib::Response& res) {
        answer(res, warm, "provider", [&](std::ostream& out) {
            const graph::NodeId v = resolve_focal(data, req.get_param_value("id"));
            const std::vector<graph::NodeId> members{v};
            const graph::Provider& p = data.providers[v];
            nlohmann::ordered_json doc{{"id", p.id},
                                       {"name", p.name},
                                       {"taxonomy", p.taxonomy},
                                       {"specialty", p.specialty},
                                       {"group", graph::group_key(data.groups[v])},
                                       {"city", p.city},
                                       {"state", p.state},
                                       {"zip", p.zip}};
            if (p.accepting_new) doc["accepting_new"] = *p.accepting_new;
            if (p.telehealth) doc["telehealth"] = *p.telehealth;
            doc["summary"] = io::member_summary_json(
                data, members, graph::summarize_members(data.network, data.groups, members));
            write_counts_json(std::move(doc), warm.small, out);
        });
    });
    server.Get("/api/recommend", query_endpoint<RecommendOptions>(
                                     warm, "recommend", add_recommend_query_options,
                                     [&](const RecommendOptions& opt, std::ostream& out) {
                                         write_recommendations(opt, data, *warm.context,
                                                               warm.weights, io::Format::json, out);
                                     }));
    server.Get("/api/health", query_endpoint<HealthOptions>(
                                  warm, "health",
                                  [](CLI::App& app, HealthOptions& opt) {
                                      add_health_query_options(app, opt, false);
                                  },
                                  [&](const HealthOptions& opt, std::ostream& out) {
                                      write_health(opt, data, warm.flows, io::Format::json, out);
                                  }));
    server.Get("/api/followups", query_endpoint<HealthOptions>(
                                     warm, "followups",
                                     [](CLI::App& app, HealthOptions& opt) {
                                         add_health_query_options(app, opt, true);
                                     },
                                     [&](const HealthOptions& opt, std::ostream& out) {
                                         write_followups(opt, data, warm.flows, "json", out);
                                     }));
    server.Get("/api/leakage",
               query_endpoint<LeakageOptions>(warm, "leakage", add_leakage_query_options,
                                              [&](const LeakageOptions& opt, std::ostream& out) {
                                                  write_leakage(opt, data, std::nullopt,
                                                                io::Format::json, out);
                                              }));
    server.Get("/api/share",
               query_endpoint<ShareOptions>(warm, "share", add_share_query_options,
                                            [&](const ShareOptions& opt, std::ostream& out) {
                                                write_share(opt, data, io::Format::json, out);
                                            }));
    server.Get("/api/scorecards", [&](const httplib::Request&, httplib::Response& res) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& card : warm.scorecards) {
            list.push_back({{"name", card.name},
                            {"kind", card.kind},
                            {"split", card.split},
                            {"verdict", card.verdict}});
        }
        send_json(res, 200, nlohmann::ordered_json{{"scorecards", list}}.dump(2) + "\n");
    });
    server.Get("/api/scorecard", [&](const httplib::Request& req, httplib::Response& res) {
        const std::string name = req.get_param_value("name");
        for (const auto& card : warm.scorecards) {
            if (card.name == name) {
                send_json(res, 200, card.json);
                return;
            }
        }
        std::string names;
        for (const auto& card : warm.scorecards) names += (names.empty() ? "" : ", ") + card.name;
        send_json(res, 404,
                  error_json("no scorecard named \"" + name + "\" (expected " +
                             (names.empty() ? std::string("none: the server was started without "
                                                          "--scorecards DIR")
                                            : "one of " + names) +
                             ")")
                      .dump());
    });
    server.Get("/api/flows", [&](const httplib::Request&, httplib::Response& res) {
        answer(res, warm, "flows", [&](std::ostream& out) {
            nlohmann::ordered_json doc{{"flows", io::group_flows_json(warm.flows)}};
            write_counts_json(std::move(doc), warm.small, out);
        });
    });
    server.Get("/api/ego", [&](const httplib::Request& req, httplib::Response& res) {
        answer(res, warm, "ego", [&](std::ostream& out) {
            const graph::NodeId v = resolve_focal(data, req.get_param_value("focal"));
            nlohmann::ordered_json doc = io::ego_json(data, v);
            write_counts_json(std::move(doc), warm.small, out);
        });
    });
    // Diagrams as SVG, drawn by `refnet render`'s code with the server's
    // --suppress-below.
    auto svg = [&](viz::View view) {
        return [&, view](const httplib::Request& req, httplib::Response& res) {
            answer(
                res, warm, "render",
                [&](std::ostream& out) {
                    viz::DiagramParams params;
                    params.view = view;
                    params.small_counts = warm.small;
                    if (view == viz::View::ego)
                        params.focal = resolve_focal(data, req.get_param_value("focal"));
                    std::call_once(warm.pagerank_once,
                                   [&] { warm.pagerank = graph::pagerank(data.network).rank; });
                    viz::DiagramInput input{
                        data.network, data.providers, data.groups, warm.pagerank, {}, {}, {}};
                    if (view == viz::View::ego) {
                        // Slipping and lapsed partners marked as `refnet render`
                        // marks them: partner health with its defaults.
                        scoring::HealthParams health;
                        health.small_counts = warm.small;
                        const std::array<graph::NodeId, 1> focal{params.focal};
                        input.marks = viz::health_marks(
                            scoring::partner_health({data.providers, data.groups, data.referrals,
                                                     data.touchpoints, &warm.flows},
                                                    focal, health));
                    }
                    const std::string dot = viz::diagram_dot(input, params);
                    const std::lock_guard lock(warm.graphviz);
                    out << viz::render_graphviz(dot, viz::default_layout(view), "svg");
                },
                "image/svg+xml");
        };
    };
    server.Get("/api/ego.svg", svg(viz::View::ego));
    server.Get("/api/flows.svg", svg(viz::View::flows));
}

}  // namespace

std::function<int()> setup_serve_command(CLI::App& app) {
    struct State {
        io::InputSpec inputs;
        int port = 8080;
        std::string bind = "127.0.0.1";
        std::string token_file;
        std::string scorecards_dir;
        graph::SmallCounts small;
    };
    auto s = std::make_shared<State>();
    add_input_options(app, s->inputs);
    app.add_option("--port", s->port, "Port to listen on (0: any free port, printed at start)")
        ->default_val(8080)
        ->check(CLI::Range(0, 65535));
    app.add_option("--bind", s->bind,
                   "Address to listen on (default: this machine only; any other needs --token)")
        ->default_val("127.0.0.1");
    app.add_option("--token", s->token_file,
                   "File whose first line is the API token (at least 16 characters); requests "
                   "then need 'Authorization: Bearer TOKEN'");
    app.add_option("--scorecards", s->scorecards_dir,
                   "Directory of backtest and tune results to show (refnet backtest --format "
                   "json -o DIR/NAME.json; refnet tune -o DIR/NAME.json)")
        ->check(CLI::ExistingDirectory);
    add_suppression_option(app, s->small);
    return [s]() {
        require_inputs(s->inputs);
        if (!loopback(s->bind) && s->token_file.empty()) {
            throw UsageError("--bind " + s->bind +
                             " serves other machines (expected --token FILE with it)");
        }
        const std::string token = s->token_file.empty() ? "" : read_token(s->token_file);
        const auto started = std::chrono::steady_clock::now();
        auto warm = std::make_unique<Warm>();
        warm->data = load_reporting(s->inputs);
        warm->small = s->small;
        if (!s->scorecards_dir.empty()) warm->scorecards = io::read_scorecards(s->scorecards_dir);
        RecommendOptions defaults;
        defaults.small = s->small;
        warm->weights = recommend_weights(defaults);
        warm->context.emplace(recommend_context(defaults, warm->data, graph::kNoDate));
        warm->flows = graph::group_flows(warm->data.network, warm->data.groups);

        httplib::Server server;
        server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
        server.set_payload_max_length(1024);  // GET only: no request carries a body
        // httplib writes headers and body apart: with Nagle's algorithm the
        // body waited for the client's delayed ACK, 40 ms a request.
        server.set_tcp_nodelay(true);
        server.set_read_timeout(10, 0);
        server.set_write_timeout(30, 0);
        server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_header("Cache-Control", "no-store");
            if (token.empty() || !req.path.starts_with("/api/"))
                return httplib::Server::HandlerResponse::Unhandled;
            std::string offered = req.get_param_value("token");
            const std::string header = req.get_header_value("Authorization");
            if (header.starts_with("Bearer ")) offered = header.substr(7);
            if (same_secret(offered, token)) return httplib::Server::HandlerResponse::Unhandled;
            send_json(res, 401,
                      error_json("missing or wrong token (expected 'Authorization: Bearer "
                                 "TOKEN' with the token the server was started with)")
                          .dump());
            return httplib::Server::HandlerResponse::Handled;
        });
        server.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
            send_json(res, 200,
                      nlohmann::ordered_json{{"status", "ok"},
                                             {"providers", warm->data.network.num_nodes()}}
                          .dump());
        });
        server.Get("/", [](const httplib::Request&, httplib::Response& res) {
            res.set_header("Content-Security-Policy",
                           "default-src 'none'; script-src 'unsafe-inline'; style-src "
                           "'unsafe-inline'; connect-src 'self'; img-src 'self' blob: data:");
            res.set_content(kServeUiHtml, "text/html; charset=utf-8");
        });
        add_api(server, *warm);
        auto read_only = [](const httplib::Request&, httplib::Response& res) {
            send_json(res, 405, error_json("the server is read-only (expected GET)").dump());
        };
        server.Post(".*", read_only);
        server.Put(".*", read_only);
        server.Delete(".*", read_only);
        server.Patch(".*", read_only);
        server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (res.body.empty()) {
                send_json(res, res.status,
                          error_json(res.status == 404 ? "no such page (expected /, /healthz "
                                                         "or /api/...)"
                                                       : "bad request")
                              .dump());
            }
        });
        int port = s->port;
        if (port == 0) {
            port = server.bind_to_any_port(s->bind);
        } else if (!server.bind_to_port(s->bind, port)) {
            port = -1;
        }
        if (port < 0) {
            throw std::runtime_error("cannot listen on " + s->bind + ":" + std::to_string(s->port) +
                                     " (expected a free port and an address of this machine)");
        }
        const double ready =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cout << "refnet serve: listening on http://" << s->bind << ":" << port << "/ ("
                  << graph::thousands(warm->data.network.num_nodes()) << " providers, ready in "
                  << fixed(ready, 1) << " s)" << std::endl;
        if (!server.listen_after_bind()) throw std::runtime_error("the server stopped");
        return kExitOk;
    };
}

}  // namespace refnet::cli
