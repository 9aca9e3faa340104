// refnet: the command-line front end. Dispatches to the command table, turns
// exceptions into `refnet: file:line:column: message` and exit codes.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <refnet/io/error.hpp>

#include "common.hpp"

namespace {

using refnet::cli::commands;
using refnet::cli::did_you_mean;
using refnet::cli::unknown_option_hint;

void print_usage(std::ostream& out) {
    out << "refnet " REFNET_VERSION
           " - healthcare referral networks: analysis and partner "
           "recommendations\n\n"
           "Usage: refnet COMMAND [OPTIONS]\n       refnet COMMAND --help\n\nCommands:\n";
    std::size_t width = 0;
    for (const auto& c : commands()) width = std::max(width, c.name.size());
    for (const auto& c : commands()) {
        out << "  " << c.name << std::string(width - c.name.size() + 2, ' ') << c.summary << '\n';
    }
    out << "\nOptions:\n  -h, --help     Show this help\n  --version      Show the version\n"
           "\nExit codes: 0 ok, 1 data or runtime error, 2 usage error.\n";
}

int run(int argc, char** argv) {
    if (argc < 2) {
        print_usage(std::cerr);
        return refnet::cli::kExitUsage;
    }
    const std::string name = argv[1];
    if (name == "-h" || name == "--help" || name == "help") {
        print_usage(std::cout);
        return refnet::cli::kExitOk;
    }
    if (name == "--version" || name == "version") {
        std::cout << "refnet " REFNET_VERSION "\n";
        return refnet::cli::kExitOk;
    }
    const auto& table = commands();
    const auto it =
        std::find_if(table.begin(), table.end(), [&](const auto& c) { return c.name == name; });
    if (it == table.end()) {
        std::vector<std::string> names;
        names.reserve(table.size());
        for (const auto& c : table) names.emplace_back(c.name);
        std::cerr << "refnet: unknown command " << name << did_you_mean(name, names)
                  << "\nRun 'refnet --help' for the list of commands.\n";
        return refnet::cli::kExitUsage;
    }
    CLI::App app{std::string(it->summary), "refnet " + name};
    app.set_help_flag("-h,--help", "Show this help");
    auto action = it->setup(app);
    try {
        app.parse(argc - 1, argv + 1);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return refnet::cli::kExitOk;
    } catch (const CLI::ParseError& e) {
        std::string message = e.what();
        if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
            const std::string hint = unknown_option_hint(app, argc - 1, argv + 1);
            if (!hint.empty()) message = hint;
        }
        std::cerr << "refnet " << name << ": " << message << "\nRun 'refnet " << name
                  << " --help' for usage.\n";
        return refnet::cli::kExitUsage;
    }
    try {
        return action();
    } catch (const refnet::cli::UsageError& e) {
        std::cerr << "refnet " << name << ": " << e.what() << "\nRun 'refnet " << name
                  << " --help' for usage.\n";
        return refnet::cli::kExitUsage;
    } catch (const refnet::cli::NotInData& e) {
        std::cerr << "refnet: " << refnet::io::terminal_safe(e.what()) << '\n';
        return refnet::cli::kExitDataError;
    }
}

// libgomp's idle threads spin for a while before they sleep, which on a
// machine whose cores are busy with other work turned a toy `recommend` from
// 0.13 s into 2.8 s. The policy is read once, when libgomp loads (before
// main), so the process starts itself again with OMP_WAIT_POLICY=passive:
// idle threads then sleep at once. A policy the user set is kept.
void prefer_sleeping_threads(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
    if (::setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    // No /proc (some containers): carry on with the default policy.
}

}  // namespace

int main(int argc, char** argv) {
    prefer_sleeping_threads(argv);
    try {
        return run(argc, argv);
    } catch (const refnet::InputError& e) {
        std::cerr << "refnet: " << e.what() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "refnet: error: " << e.what() << '\n';
    }
    return refnet::cli::kExitDataError;
}
