#include "spstress/regions/weights.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "spstress/core/error.hpp"

namespace spstress::regions {

namespace {

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string extent_text(const core::LatLonGrid& g) {
  return "lon " + fmt(g.lon_edges_deg.front()) + ".." + fmt(g.lon_edges_deg.back()) + ", lat " +
         fmt(g.lat_edges_deg.back()) + ".." + fmt(g.lat_edges_deg.front());
}

std::string region_extent_text(const Region& r) {
  double w = std::numeric_limits<double>::infinity(), e = -w, s = w, n = -w;
  for (const Polygon& p : r.polygons) {
    for (const Point& q : p.outer) {
      w = std::min(w, q[0]);
      e = std::max(e, q[0]);
      s = std::min(s, q[1]);
      n = std::max(n, q[1]);
    }
  }
  if (!(w <= e)) return "no polygon points";
  return "lon " + fmt(w) + ".." + fmt(e) + ", lat " + fmt(s) + ".." + fmt(n);
}

Eigen::VectorXd row_sums(const SparseRowMatrix& m) {
  Eigen::VectorXd s = Eigen::VectorXd::Zero(m.rows());
  for (Eigen::Index k = 0; k < m.outerSize(); ++k) {
    for (SparseRowMatrix::InnerIterator it(m, k); it; ++it) s[k] += it.value();
  }
  return s;
}

// m · diag(d), with exact zeros dropped so that W holds only cells that carry weight.
SparseRowMatrix scale_columns(SparseRowMatrix m, const Eigen::VectorXd& d) {
  for (Eigen::Index k = 0; k < m.outerSize(); ++k) {
    for (SparseRowMatrix::InnerIterator it(m, k); it; ++it) it.valueRef() *= d[it.col()];
  }
  m.prune([](Eigen::Index, Eigen::Index, double v) { return v != 0.0; });
  m.makeCompressed();
  return m;
}

// The smallest block of exposure rows and columns holding every cell that some region
// touches, so that the remapping is built for that window rather than for a global raster.
struct Window {
  std::size_t row0 = 0, row1 = 0, col0 = 0, col1 = 0;  // half-open
};

Window used_window(const SparseRowMatrix& c, const core::LatLonGrid& g) {
  Window w{g.nlat(), 0, g.nlon(), 0};
  for (Eigen::Index k = 0; k < c.outerSize(); ++k) {
    for (SparseRowMatrix::InnerIterator it(c, k); it; ++it) {
      const auto cell = static_cast<std::size_t>(it.col());
      const std::size_t row = cell / g.nlon(), col = cell % g.nlon();
      w.row0 = std::min(w.row0, row);
      w.row1 = std::max(w.row1, row + 1);
      w.col0 = std::min(w.col0, col);
      w.col1 = std::max(w.col1, col + 1);
    }
  }
  if (w.row0 >= w.row1) w = Window{};
  return w;
}

}  // namespace

Weights build_weights(const std::vector<Region>& regions, const core::LatLonGrid& hazard_grid,
                      const Raster* exposure, std::vector<std::string>* skipped) {
  // A region without weight is an error unless the caller collects them in `skipped`; even
  // then, no region at all with weight is an error.
  std::vector<bool> dropped(regions.size(), false);
  const auto fail = [&](std::size_t i, const std::string& message) {
    if (skipped == nullptr) throw InputError(message);
    if (!dropped[i]) skipped->push_back(message);
    dropped[i] = true;
  };
  const auto check_some_left = [&] {
    if (skipped != nullptr && !regions.empty() &&
        std::all_of(dropped.begin(), dropped.end(), [](bool d) { return d; })) {
      // The first reason already gives the region's and the grid's extents.
      throw InputError("no region has weight; the first of " + std::to_string(regions.size()) +
                       ": " + skipped->front());
    }
  };
  Weights out;
  const std::vector<double> hazard_areas = cell_areas_km2(hazard_grid);
  const Eigen::Map<const Eigen::VectorXd> hazard_areas_km2(
      hazard_areas.data(), static_cast<Eigen::Index>(hazard_areas.size()));
  const SparseRowMatrix hazard_cover = coverage_fractions(regions, hazard_grid);
  const SparseRowMatrix hazard_area_w = scale_columns(hazard_cover, hazard_areas_km2);
  out.area_km2 = row_sums(hazard_area_w);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (hazard_area_w.row(static_cast<Eigen::Index>(i)).nonZeros() == 0) {
      fail(i, "region " + regions[i].code + " does not overlap the hazard grid (region " +
                  region_extent_text(regions[i]) + "; grid " + extent_text(hazard_grid) + ")");
    }
  }
  check_some_left();

  if (exposure == nullptr) {
    out.w = hazard_area_w;
    out.exposure_total = out.area_km2;
    return out;
  }

  const core::LatLonGrid& eg = exposure->grid;
  if (static_cast<std::size_t>(exposure->values.size()) != eg.ncells()) {
    throw InternalError("exposure raster " + exposure->path + " has " +
                        std::to_string(exposure->values.size()) + " values for " +
                        std::to_string(eg.ncells()) + " grid cells");
  }
  const SparseRowMatrix exp_cover = coverage_fractions(regions, eg);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (exp_cover.row(static_cast<Eigen::Index>(i)).nonZeros() == 0) {
      fail(i, "region " + regions[i].code + " does not overlap the exposure raster " +
                  exposure->path + " (region " + region_extent_text(regions[i]) + "; raster " +
                  extent_text(eg) + ")");
    }
  }
  check_some_left();
  const Eigen::VectorXd values =
      exposure->values.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
  const SparseRowMatrix exp_amount = scale_columns(exp_cover, values);
  out.exposure_total = row_sums(exp_amount);

  // Carry exposure onto the hazard grid through the window of exposure cells in use.
  const Window win = used_window(exp_amount, eg);
  core::LatLonGrid sub;
  sub.lon_edges_deg.assign(eg.lon_edges_deg.begin() + static_cast<std::ptrdiff_t>(win.col0),
                           eg.lon_edges_deg.begin() + static_cast<std::ptrdiff_t>(win.col1 + 1));
  sub.lat_edges_deg.assign(eg.lat_edges_deg.begin() + static_cast<std::ptrdiff_t>(win.row0),
                           eg.lat_edges_deg.begin() + static_cast<std::ptrdiff_t>(win.row1 + 1));
  if (win.row1 > win.row0) {
    const SparseRowMatrix remap = remap_matrix(sub, hazard_grid);
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(static_cast<std::size_t>(exp_amount.nonZeros()));
    const std::size_t sub_nlon = win.col1 - win.col0;
    for (Eigen::Index k = 0; k < exp_amount.outerSize(); ++k) {
      for (SparseRowMatrix::InnerIterator it(exp_amount, k); it; ++it) {
        const auto cell = static_cast<std::size_t>(it.col());
        const std::size_t row = cell / eg.nlon() - win.row0, col = cell % eg.nlon() - win.col0;
        t.emplace_back(static_cast<int>(k), static_cast<int>(row * sub_nlon + col), it.value());
      }
    }
    SparseRowMatrix amount_in_window(static_cast<Eigen::Index>(regions.size()),
                                     static_cast<Eigen::Index>(sub.ncells()));
    amount_in_window.setFromTriplets(t.begin(), t.end());
    out.w = (amount_in_window * remap).pruned(0.0);
  } else {
    out.w = SparseRowMatrix(static_cast<Eigen::Index>(regions.size()),
                            static_cast<Eigen::Index>(hazard_grid.ncells()));
  }
  out.w.makeCompressed();

  for (std::size_t i = 0; i < regions.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    if (out.w.row(row).nonZeros() > 0 || dropped[i]) continue;
    if (!(out.exposure_total[row] > 0)) {
      fail(i, "region " + regions[i].code + " has no exposure in " + exposure->path +
                  ": every cell it covers is 0 or nodata");
      continue;
    }
    fail(i, "region " + regions[i].code +
                " does not overlap the hazard grid where it has exposure (" +
                fmt(out.exposure_total[row]) + " in " + exposure->path +
                ", all outside the hazard grid " + extent_text(hazard_grid) + ")");
  }
  check_some_left();
  return out;
}

Eigen::MatrixXd weighted_mean(const Weights& weights, const Eigen::MatrixXd& block) {
  if (block.rows() != weights.w.cols()) {
    throw InternalError("weighted_mean: block has " + std::to_string(block.rows()) +
                        " rows; the weights have " + std::to_string(weights.w.cols()) + " cells");
  }
  // One pass over the non-zeros of W per time step: no copies of the (large) block, and
  // missing cells simply drop out of both sums. Same summation order as the sparse product.
  Eigen::MatrixXd out(weights.w.rows(), block.cols());
  for (Eigen::Index c = 0; c < block.cols(); ++c) {
    const double* x = block.col(c).data();
    for (Eigen::Index r = 0; r < weights.w.outerSize(); ++r) {
      double num = 0.0, den = 0.0;
      for (SparseRowMatrix::InnerIterator it(weights.w, r); it; ++it) {
        const double v = x[it.col()];
        if (std::isnan(v)) continue;
        num += it.value() * v;
        den += it.value();
      }
      out(r, c) = den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
    }
  }
  return out;
}

}  // namespace spstress::regions
