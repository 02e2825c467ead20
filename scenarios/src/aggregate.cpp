#include "spstress/scenarios/aggregate.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "spstress/core/date.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/record.hpp"
#include "spstress/hazards/units.hpp"
#include "spstress/regions/coverage.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"
#include "spstress/regions/weights.hpp"
#include "spstress/regions/weights_cache.hpp"
#include "spstress/scenarios/atomic_file.hpp"

namespace spstress::scenarios {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

enum class Stat { Mean, Sum, Min, Max, FracAbove };

/// Parses "YYYY-MM-DD[Thh:mm:ss]" into a DateTime without calendar checks: the comparison is
/// done in the file's own calendar fields.
core::DateTime parse_date(const std::string& text, const std::string& option) {
  core::DateTime t;
  int h = 0, mi = 0, s = 0;
  char tail = 0;
  const int n = std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%c", &t.year, &t.month, &t.day, &h, &mi,
                            &s, &tail);
  if (!(n == 3 || n == 6) || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || h < 0 ||
      h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    throw InputError(option + ": got \"" + text + "\"; expected YYYY-MM-DD or YYYY-MM-DDThh:mm:ss");
  }
  t.seconds_of_day = h * 3600 + mi * 60 + s;
  return t;
}

std::string number(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  std::string s = buf;
  return s == "-0" ? "0" : s;
}

}  // namespace

void aggregate(const AggregateRequest& req) {
  Stat stat = Stat::Mean;
  double threshold = 0.0;
  if (req.stat == "mean") {
    stat = Stat::Mean;
  } else if (req.stat == "sum") {
    stat = Stat::Sum;
  } else if (req.stat == "min") {
    stat = Stat::Min;
  } else if (req.stat == "max") {
    stat = Stat::Max;
  } else if (req.stat.rfind("frac_above:", 0) == 0) {
    stat = Stat::FracAbove;
    const std::string x = req.stat.substr(11);
    char* end = nullptr;
    threshold = std::strtod(x.c_str(), &end);
    if (x.empty() || *end != '\0' || !std::isfinite(threshold)) {
      throw InputError("--stat: got \"" + req.stat + "\"; expected frac_above:X with X a number");
    }
  } else {
    throw InputError("--stat: got \"" + req.stat +
                     "\"; expected mean, sum, min, max or frac_above:X");
  }

  const auto field = hazards::open_record(req.raster, req.variable);
  std::optional<hazards::UnitConverter> convert;
  if (!req.units.empty()) {
    // The requested unit on its own first, so that a message about it is not blamed on the file.
    hazards::UnitConverter::make(req.units, req.units, "--units");
    convert = hazards::UnitConverter::make(field->units(), req.units,
                                           req.raster + ": variable '" + field->variable() +
                                               "': converting its units to --units " + req.units);
  }
  core::DateTime start{-1000000, 1, 1, 0}, end{1000000, 12, 31, 86399};
  if (!req.time_range.empty()) {
    const auto slash = req.time_range.find('/');
    if (slash == std::string::npos)
      throw InputError("--time: got \"" + req.time_range + "\"; expected START/END");
    start = parse_date(req.time_range.substr(0, slash), "--time");
    end = parse_date(req.time_range.substr(slash + 1), "--time");
    if (end.seconds_of_day == 0 && req.time_range.find('T', slash) == std::string::npos)
      end.seconds_of_day = 86399;
    if (end < start) throw InputError("--time: END is before START in \"" + req.time_range + "\"");
  }

  regions::RegionReadOptions ro;
  ro.id_field = req.id_field;
  const auto regs = regions::read_regions(req.regions, ro);
  std::optional<regions::Raster> exposure;
  if (!req.weights.empty()) exposure = regions::read_raster(req.weights);
  std::vector<std::string> skipped;
  regions::WeightsCacheStatus cache_status;
  const auto w_start = std::chrono::steady_clock::now();
  // The regions layer knows neither file name; a user needs both to see why nothing overlaps.
  const auto w = [&] {
    try {
      return regions::build_weights_cached(
          regs, field->grid(), exposure ? &*exposure : nullptr,
          req.weights_cache_dir.value_or(regions::default_weights_cache_dir()), &cache_status,
          &skipped);
    } catch (const InputError& e) {
      throw InputError(req.regions + " on the grid of " + req.raster + ": " + e.what());
    }
  }();
  if (req.note) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - w_start).count();
    char took[32];
    std::snprintf(took, sizeof took, "%.3f s", seconds);
    std::string line = "weights for " + std::to_string(regs.size()) + " regions on " +
                       std::to_string(field->grid().nlat()) + " x " +
                       std::to_string(field->grid().nlon()) + " cells ";
    switch (cache_status.outcome) {
      case regions::WeightsCacheOutcome::loaded:
        line += "loaded from the cache " + cache_status.path + " in " + took;
        break;
      case regions::WeightsCacheOutcome::built_and_saved:
        line += "built in " + std::string(took) + " and saved to " + cache_status.path;
        break;
      case regions::WeightsCacheOutcome::built_not_saved:
        line += "built in " + std::string(took) + "; not cached: " + cache_status.save_error;
        break;
      case regions::WeightsCacheOutcome::disabled:
        line += "built in " + std::string(took) + " (cache off)";
        break;
    }
    req.note(line);
  }
  if (req.warn) {
    for (const auto& line : skipped) req.warn(line + "; its values are left empty");
  }
  const regions::SparseRowMatrix cov = (stat == Stat::Sum || stat == Stat::Min || stat == Stat::Max)
                                           ? regions::coverage_fractions(regs, field->grid())
                                           : regions::SparseRowMatrix();

  const auto& dates = field->time().dates;
  // Rows stream into the temporary file as blocks are done, so memory does not grow with the
  // length of the record; the file appears under its name only when complete.
  write_atomically(req.out, [&](const std::string& tmp_path) {
    std::ofstream csv(tmp_path, std::ios::binary | std::ios::trunc);
    if (!csv) throw InputError(req.out + ": cannot open for writing");
    csv << "region_code,time,value\n";
    const std::size_t nt = field->n_times();
    const auto selected = [&](std::size_t t) {
      return dates.empty() || !(dates[t] < start || end < dates[t]);
    };
    std::size_t first = 0, last = nt;  // [first, last): the steps the time filter can select
    while (first < nt && !selected(first)) ++first;
    while (last > first && !selected(last - 1)) --last;
    // A block is one storage chunk along time, so every chunk is decompressed once; more steps
    // per block would only cost memory (for one-step chunks, a fresh multi-megabyte matrix per
    // step is the expensive part). The budget caps blocks when a chunk holds many steps.
    const std::size_t chunk = std::max<std::size_t>(1, field->time_chunk_steps());
    const std::size_t step_bytes =
        std::max<std::size_t>(1, field->grid().ncells() * sizeof(double));
    const std::size_t budget_steps = std::max<std::size_t>(1, req.memory_budget_bytes / step_bytes);
    const std::size_t block_steps = std::min(chunk, budget_steps);
    const std::size_t aligned_first = first / block_steps * block_steps;
    const auto blocks = field->stream(aligned_first, last, block_steps, req.threads);
    hazards::Block next_block;
    while (blocks->next(next_block)) {
      Eigen::MatrixXd& block = next_block.values;
      const std::size_t b0 = next_block.first;
      const auto n = static_cast<std::size_t>(block.cols());
      if (req.progress) req.progress(b0 - aligned_first, last - aligned_first);
      // Converted per cell before the statistic: min, max and frac_above need cell values in the
      // requested units.
      if (convert) convert->apply(block);
      Eigen::MatrixXd value;
      if (stat == Stat::Mean) {
        value = regions::weighted_mean(w, block);
      } else if (stat == Stat::FracAbove) {
        Eigen::MatrixXd above = block;
        for (Eigen::Index k = 0; k < above.size(); ++k) {
          if (std::isfinite(block(k))) above(k) = block(k) > threshold ? 1.0 : 0.0;
        }
        value = regions::weighted_mean(w, above);
      } else {
        value.resize(static_cast<Eigen::Index>(regs.size()), block.cols());
        for (Eigen::Index c = 0; c < block.cols(); ++c) {
          for (Eigen::Index r = 0; r < cov.outerSize(); ++r) {
            double acc = stat == Stat::Sum ? 0.0 : nan;
            bool any = false;
            for (regions::SparseRowMatrix::InnerIterator it(cov, r); it; ++it) {
              const double x = block(it.col(), c);
              if (!std::isfinite(x) || !(it.value() > 0.0)) continue;
              any = true;
              if (stat == Stat::Sum)
                acc += it.value() * x;
              else if (stat == Stat::Min)
                acc = std::isnan(acc) ? x : std::min(acc, x);
              else
                acc = std::isnan(acc) ? x : std::max(acc, x);
            }
            value(r, c) = any ? acc : nan;
          }
        }
      }
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t t = b0 + k;
        if (t < first || !selected(t)) continue;
        const std::string label = dates.empty() ? std::to_string(t + 1) : core::iso_date(dates[t]);
        for (std::size_t r = 0; r < regs.size(); ++r) {
          csv << regs[r].code << ',' << label << ','
              << number(value(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k))) << '\n';
        }
      }
    }
    if (req.progress) req.progress(last - aligned_first, last - aligned_first);
    csv.close();
    if (!csv) throw InputError(req.out + ": write failed (disk full?)");
  });
}

}  // namespace spstress::scenarios
