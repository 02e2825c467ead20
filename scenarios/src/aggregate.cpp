#include "spstress/scenarios/aggregate.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include "spstress/core/date.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/netcdf_field.hpp"
#include "spstress/regions/coverage.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"
#include "spstress/regions/weights.hpp"
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

/// The first bytes of netCDF files: classic "CDF" + version, netCDF-4 the HDF5 signature.
bool looks_like_netcdf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  if (in.gcount() >= 4 && magic[0] == 'C' && magic[1] == 'D' && magic[2] == 'F') return true;
  return in.gcount() == 8 && std::string(magic, 8) == "\x89HDF\r\n\x1a\n";
}

/// A gridded variable with time steps: a CF-NetCDF variable, or the bands of a GDAL raster.
struct Source {
  core::LatLonGrid grid;
  std::vector<core::DateTime> dates;  ///< empty for rasters: steps are labelled by band number
  std::size_t n_steps = 0;
  std::string units;
  std::string name;
  std::function<Eigen::MatrixXd(std::size_t)> read;  ///< (cells x 1) for one step
};

Source open_source(const std::string& path, const std::string& variable) {
  Source src;
  if (looks_like_netcdf(path)) {
    auto field = std::make_shared<hazards::NetcdfField>(path, variable);
    src.grid = field->grid();
    src.dates = field->time().dates;
    src.n_steps = field->n_times();
    src.units = field->units();
    src.name = field->variable();
    src.read = [field](std::size_t t) { return field->read_block(t, 1); };
    return src;
  }
  if (!variable.empty()) {
    throw InputError("--var: " + path +
                     " is not a NetCDF file; a GDAL raster has bands, not variables");
  }
  const int bands = regions::raster_band_count(path);
  const regions::Raster first = regions::read_raster(path, 1);
  src.grid = first.grid;
  src.n_steps = static_cast<std::size_t>(bands);
  src.name = "band values of " + path;
  src.read = [path](std::size_t t) -> Eigen::MatrixXd {
    return regions::read_raster(path, static_cast<int>(t) + 1).values;
  };
  return src;
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

  const Source src = open_source(req.raster, req.variable);
  if (!req.units.empty() && req.units != src.units) {
    throw UnsupportedError(
        "--units: converting " + src.name + " from \"" + src.units + "\" to \"" + req.units +
        "\" is not supported in this version; omit --units to get the file's units");
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
  const auto w = regions::build_weights(regs, src.grid, exposure ? &*exposure : nullptr);
  const regions::SparseRowMatrix cov = (stat == Stat::Sum || stat == Stat::Min || stat == Stat::Max)
                                           ? regions::coverage_fractions(regs, src.grid)
                                           : regions::SparseRowMatrix();

  const auto& dates = src.dates;
  std::ostringstream csv;
  csv << "region_code,time,value\n";
  const std::size_t nt = src.n_steps;
  for (std::size_t t = 0; t < nt; ++t) {
    std::string label;
    if (!dates.empty()) {
      if (dates[t] < start || end < dates[t]) continue;
      label = core::iso_date(dates[t]);
    } else {
      label = std::to_string(t + 1);
    }
    const Eigen::MatrixXd block = src.read(t);
    Eigen::VectorXd value(static_cast<Eigen::Index>(regs.size()));
    if (stat == Stat::Mean) {
      value = regions::weighted_mean(w, block).col(0);
    } else if (stat == Stat::FracAbove) {
      Eigen::MatrixXd above = block;
      for (Eigen::Index i = 0; i < above.rows(); ++i) {
        if (std::isfinite(block(i, 0))) above(i, 0) = block(i, 0) > threshold ? 1.0 : 0.0;
      }
      value = regions::weighted_mean(w, above).col(0);
    } else {
      for (Eigen::Index r = 0; r < cov.outerSize(); ++r) {
        double acc = stat == Stat::Sum ? 0.0 : nan;
        bool any = false;
        for (regions::SparseRowMatrix::InnerIterator it(cov, r); it; ++it) {
          const double x = block(it.col(), 0);
          if (!std::isfinite(x) || !(it.value() > 0.0)) continue;
          any = true;
          if (stat == Stat::Sum)
            acc += it.value() * x;
          else if (stat == Stat::Min)
            acc = std::isnan(acc) ? x : std::min(acc, x);
          else
            acc = std::isnan(acc) ? x : std::max(acc, x);
        }
        value(r) = any ? acc : nan;
      }
    }
    for (std::size_t r = 0; r < regs.size(); ++r) {
      csv << regs[r].code << ',' << label << ',' << number(value(static_cast<Eigen::Index>(r)))
          << '\n';
    }
  }
  write_text_atomically(req.out, csv.str());
}

}  // namespace spstress::scenarios
