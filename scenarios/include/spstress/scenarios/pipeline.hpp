#pragma once
/// The composing engine: scenario → hazard series by region → shocks → protection → results.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "spstress/scenarios/results.hpp"
#include "spstress/scenarios/scenario.hpp"

namespace spstress::scenarios {

struct RunOptions {
  std::optional<int> members;                    ///< overrides the scenario's member count
  std::optional<std::uint64_t> seed;             ///< overrides the scenario's seed
  std::size_t memory_budget_bytes = 256u << 20;  ///< for hazard blocks
  int threads = 1;                               ///< ensemble members run on this many threads
  /// Folder of the aggregation-weights cache; unset = regions::default_weights_cache_dir(),
  /// "" = no cache. Cache hits and misses never change the results.
  std::optional<std::string> weights_cache_dir;
  /// Called with short progress messages ("reading hazard 3/12 months"); may be empty.
  std::function<void(const std::string&)> progress;
};

/// Runs the whole chain. Deterministic: the same scenario, inputs and seed give the same
/// results. Throws InputError for bad inputs (naming file, region and field).
RunResults run_scenario(const Scenario& scenario, const RunOptions& options);

/// Checks everything `run` would read without running the model: the scenario (already
/// validated by load_scenario), that the hazard variable, regions, exposure and tables open and
/// fit together. Returns a short human summary; throws InputError on the first problem.
std::string validate_inputs(const Scenario& scenario);

}  // namespace spstress::scenarios
