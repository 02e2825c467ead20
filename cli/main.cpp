// spstress command line: parses arguments, calls the stages, maps errors to exit codes
// (0 success, 2 bad usage or bad input, 1 anything else).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "spstress/core/error.hpp"
#include "spstress/hazards/inspect.hpp"
#include "spstress/scenarios/aggregate.hpp"
#include "spstress/scenarios/pipeline.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "spstress/scenarios/writers.hpp"
#include "spstress/viz/choropleth.hpp"
#include "spstress/viz/report.hpp"

namespace {

namespace fs = std::filesystem;
using spstress::InputError;

/// A mistake in the command line itself (exit status 2, with a pointer to --help).
class UsageError : public spstress::InputError {
 public:
  using InputError::InputError;
};

const char* const usage_text = R"(spstress - stress-test social protection against climate shocks

Usage:
  spstress run [SCENARIO.json] [--out DIR] [--members N] [--seed S] [--threads T] [--quiet]
               [--no-cache]
      Run a scenario (the embedded default when none is given) and write results.csv,
      summary.csv, c102.csv, summary.json, regions.gpkg, figures/ and report.html into DIR
      (default: spstress-out/<scenario name>/).
  spstress validate SCENARIO.json
      Check the scenario and every input it names; run nothing.
  spstress inspect FILE
      Describe a hazard file: variables, grid, CRS, time axis and calendar, units, packing.
  spstress aggregate --raster FILE [--var NAME] --regions FILE [--id-field FIELD]
                     [--weights FILE] [--stat mean|sum|min|max|frac_above:X] [--units U]
                     [--time START/END] [--threads T] [--quiet] [--no-cache] --out FILE.csv
      Aggregate a gridded variable to regions; writes region_code,time,value. Compressed
      netCDF-4 files are decoded on T threads (default: one per core); --quiet drops the
      line saying how the weights were obtained.

Aggregation weights are cached in $SPSTRESS_CACHE_DIR, else $XDG_CACHE_HOME/spstress, else
~/.cache/spstress, keyed by a hash of polygons, grid and exposure; --no-cache skips the cache.
  spstress --help | --version

Exit status: 0 success, 2 bad usage or bad input (with a message), 1 anything else.
Documentation: README.md and docs/ in the source tree.
)";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value
  std::vector<std::string> flags;              // --name
};

/// Splits arguments into positionals, valued options and flags; rejects unknown names.
Args parse_args(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
                const std::vector<std::string>& flags, const std::string& command) {
  Args a;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    if (s.rfind("--", 0) == 0 && s.size() > 2) {
      std::string name = s.substr(2), value;
      const auto eq = name.find('=');
      bool has_value = false;
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_value = true;
      }
      if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
        if (has_value) throw UsageError(command + ": --" + name + " takes no value");
        a.flags.push_back(name);
      } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
        if (!has_value) {
          if (i + 1 >= argv.size()) throw UsageError(command + ": --" + name + " needs a value");
          value = argv[++i];
        }
        if (a.options.count(name)) throw UsageError(command + ": --" + name + " given twice");
        a.options[name] = value;
      } else {
        throw UsageError(command + ": unknown option --" + name);
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

long long parse_integer(const std::string& text, const std::string& option, long long lo,
                        long long hi) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < lo || v > hi) {
    throw UsageError("--" + option + ": got \"" + text + "\"; expected an integer in [" +
                     std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v;
}

bool has_flag(const Args& a, const std::string& f) {
  return std::find(a.flags.begin(), a.flags.end(), f) != a.flags.end();
}

int cmd_run(const std::vector<std::string>& argv) {
  const Args a =
      parse_args(argv, {"out", "members", "seed", "threads"}, {"quiet", "no-cache"}, "run");
  if (a.positional.size() > 1)
    throw UsageError("run: expected at most one scenario file, got " +
                     std::to_string(a.positional.size()));
  const bool quiet = has_flag(a, "quiet");
  const std::string path =
      a.positional.empty() ? spstress::scenarios::default_scenario_path() : a.positional[0];
  spstress::scenarios::RunOptions opt;
  if (has_flag(a, "no-cache")) opt.weights_cache_dir = std::string();
  if (a.options.count("members"))
    opt.members = static_cast<int>(parse_integer(a.options.at("members"), "members", 1, 100000));
  if (a.options.count("seed")) {
    const std::string& s = a.options.at("seed");
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (s.empty() || s[0] == '-' || *end != '\0' || errno != 0)
      throw UsageError("--seed: got \"" + s + "\"; expected a non-negative integer");
    opt.seed = v;
  }
  if (a.options.count("threads"))
    opt.threads = static_cast<int>(parse_integer(a.options.at("threads"), "threads", 1, 1024));
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  if (!quiet) {
    opt.progress = [tty](const std::string& msg) {
      std::cerr << (tty ? "\r\033[K" : "") << "spstress: " << msg << (tty ? "" : "\n")
                << std::flush;
    };
  }
  const auto scenario = spstress::scenarios::load_scenario(path);
  const fs::path out = a.options.count("out") ? fs::path(a.options.at("out"))
                                              : fs::path("spstress-out") / scenario.name;
  std::error_code ec;
  fs::create_directories(out / "figures", ec);
  if (ec) throw InputError(out.string() + ": cannot create the output folder: " + ec.message());

  const auto results = spstress::scenarios::run_scenario(scenario, opt);
  if (opt.progress) opt.progress("writing outputs");
  spstress::scenarios::write_results_csv(results, (out / "results.csv").string());
  spstress::scenarios::write_summary_csv(results, (out / "summary.csv").string());
  spstress::scenarios::write_c102_csv(results, (out / "c102.csv").string());
  if (!results.options.empty())
    spstress::scenarios::write_options_csv(results, (out / "options.csv").string());
  spstress::scenarios::write_summary_json(results, (out / "summary.json").string());
  spstress::scenarios::write_regions_gpkg(results, (out / "regions.gpkg").string());
  spstress::viz::MapOptions map;
  map.metric = "funding_gap";
  const std::string svg = (out / "figures" / "funding_gap.svg").string();
  spstress::viz::write_choropleth(results, map, (out / "figures" / "funding_gap.png").string());
  spstress::viz::write_choropleth(results, map, svg);
  for (const char* metric : {"jobs_lost", "ui_new_claims", "sa_new_recipients"}) {
    map.metric = metric;
    for (const char* ext : {".png", ".svg"}) {
      spstress::viz::write_choropleth(results, map,
                                      (out / "figures" / (std::string(metric) + ext)).string());
    }
  }
  spstress::viz::write_report(results, svg, (out / "report.html").string());
  if (!quiet) {
    if (tty) std::cerr << "\r\033[K";
    std::cout << "spstress: scenario " << scenario.name << ": " << results.regions.size()
              << " regions; results in " << out.string()
              << "/ (report.html, results.csv, summary.csv, c102.csv, "
              << "summary.json, regions.gpkg, figures/)\n";
  }
  return 0;
}

int cmd_validate(const std::vector<std::string>& argv) {
  const Args a = parse_args(argv, {}, {}, "validate");
  if (a.positional.size() != 1) throw UsageError("validate: expected one scenario file");
  const auto scenario = spstress::scenarios::load_scenario(a.positional[0]);
  std::cout << a.positional[0] << ": valid; " << spstress::scenarios::validate_inputs(scenario)
            << "\n";
  return 0;
}

int cmd_inspect(const std::vector<std::string>& argv) {
  const Args a = parse_args(argv, {}, {}, "inspect");
  if (a.positional.size() != 1) throw UsageError("inspect: expected one file");
  std::cout << spstress::hazards::inspect_file(a.positional[0]);
  return 0;
}

int cmd_aggregate(const std::vector<std::string>& argv) {
  const Args a = parse_args(argv,
                            {"raster", "var", "regions", "id-field", "weights", "stat", "units",
                             "time", "out", "threads"},
                            {"no-cache", "quiet"}, "aggregate");
  if (!a.positional.empty())
    throw UsageError("aggregate: unexpected argument \"" + a.positional[0] + "\"");
  for (const char* req : {"raster", "regions", "out"}) {
    if (!a.options.count(req))
      throw UsageError(std::string("aggregate: --") + req + " is required");
  }
  spstress::scenarios::AggregateRequest req;
  req.raster = a.options.at("raster");
  req.variable = a.options.count("var") ? a.options.at("var") : "";
  req.regions = a.options.at("regions");
  if (a.options.count("id-field")) req.id_field = a.options.at("id-field");
  req.weights = a.options.count("weights") ? a.options.at("weights") : "";
  if (a.options.count("stat")) req.stat = a.options.at("stat");
  req.units = a.options.count("units") ? a.options.at("units") : "";
  req.time_range = a.options.count("time") ? a.options.at("time") : "";
  req.out = a.options.at("out");
  if (has_flag(a, "no-cache")) req.weights_cache_dir = std::string();
  if (a.options.count("threads"))
    req.threads = static_cast<unsigned>(parse_integer(a.options.at("threads"), "threads", 1, 1024));
  req.warn = [](const std::string& line) { std::cerr << "warning: " << line << "\n"; };
  if (!has_flag(a, "quiet"))
    req.note = [](const std::string& line) { std::cerr << "note: " << line << "\n"; };
  // A progress bar only on a terminal: redirected stderr stays free of control characters.
  if (::isatty(STDERR_FILENO) != 0) {
    req.progress = [](std::size_t done, std::size_t total) {
      const int width = 40;
      const double share = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
      const int filled = static_cast<int>(share * width);
      std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
                << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << done << "/"
                << total << " steps" << (done == total ? "\n" : "") << std::flush;
    };
  }
  spstress::scenarios::aggregate(req);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) {
      std::cerr << usage_text;
      return 2;
    }
    const std::string cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << usage_text;
      return 0;
    }
    if (cmd == "--version") {
      std::cout << "spstress " << SPSTRESS_VERSION << "\n";
      return 0;
    }
    for (const auto& r : rest) {
      if (r == "--help" || r == "-h") {
        std::cout << usage_text;
        return 0;
      }
    }
    if (cmd == "run") return cmd_run(rest);
    if (cmd == "validate") return cmd_validate(rest);
    if (cmd == "inspect") return cmd_inspect(rest);
    if (cmd == "aggregate") return cmd_aggregate(rest);
    throw UsageError("unknown command \"" + cmd + "\"");
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n(run `spstress --help` for usage)\n";
    return 2;
  } catch (const spstress::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const spstress::UnsupportedError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
