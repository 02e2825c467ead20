// Validation of the aggregation weights on the project's own data: the 31 mainland provinces
// and the GPW v4 population grid. The references are computed with other libraries (PROJ's
// geodesic polygon areas, GDAL/OGR geometry intersections) from the files read directly with
// GDAL, not through spstress::regions.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <gdal.h>
#include <geodesic.h>
#include <ogr_api.h>

#include "spstress/core/grid.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"
#include "spstress/regions/weights.hpp"

using spstress::core::LatLonGrid;
using spstress::regions::build_weights;
using spstress::regions::read_raster;
using spstress::regions::read_regions;
using spstress::regions::Region;
using spstress::regions::RegionReadOptions;
using spstress::regions::SparseRowMatrix;
using spstress::regions::Weights;

namespace {

const std::string provinces_path =
    std::string(SPSTRESS_SOURCE_DATA_DIR) + "/regions/china_provinces_mainland.geojson";
const std::string population_path = std::string(SPSTRESS_SOURCE_DATA_DIR) +
                                    "/exposure/gpw_v4_population_count_rev11_2000_15_min_china.tif";

struct GeometryDeleter {
  void operator()(OGRGeometryH g) const { OGR_G_DestroyGeometry(g); }
};
using Geometry = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryDeleter>;

struct Province {
  std::string code;
  Geometry geometry;
};

// The provinces as OGR reads them, in file order.
std::vector<Province> read_provinces_with_ogr() {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(provinces_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                               nullptr, nullptr);
  if (ds == nullptr) throw std::runtime_error("cannot open " + provinces_path);
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  std::vector<Province> out;
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    Province p;
    p.code = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "code"));
    p.geometry.reset(OGR_G_Clone(OGR_F_GetGeometryRef(f)));
    OGR_F_Destroy(f);
    out.push_back(std::move(p));
  }
  GDALClose(ds);
  return out;
}

// Absolute geodesic area (m²) of one ring on the WGS 84 ellipsoid. The sign PROJ returns
// depends on the ring's orientation, which the file does not fix, hence the absolute value.
double ring_area_m2(const geod_geodesic& g, OGRGeometryH ring) {
  geod_polygon poly;
  geod_polygon_init(&poly, 0);
  const int n = OGR_G_GetPointCount(ring);
  int used = n;
  if (n > 1 && OGR_G_GetX(ring, 0) == OGR_G_GetX(ring, n - 1) &&
      OGR_G_GetY(ring, 0) == OGR_G_GetY(ring, n - 1)) {
    used = n - 1;  // the closing point repeats the first
  }
  for (int k = 0; k < used; ++k) {
    geod_polygon_addpoint(&g, &poly, OGR_G_GetY(ring, k), OGR_G_GetX(ring, k));
  }
  double area_m2 = 0, perimeter_m = 0;
  geod_polygon_compute(&g, &poly, 0, 1, &area_m2, &perimeter_m);
  return std::abs(area_m2);
}

// Outer rings minus holes, over every part of a (multi)polygon, in km², on the ellipsoid of
// equatorial radius `a_m` and flattening `f` (f = 0: a sphere).
double geodesic_area_km2(OGRGeometryH geometry, double a_m, double f) {
  geod_geodesic g;
  geod_init(&g, a_m, f);
  std::vector<OGRGeometryH> polygons;
  const auto type = wkbFlatten(OGR_G_GetGeometryType(geometry));
  if (type == wkbPolygon) {
    polygons.push_back(geometry);
  } else if (type == wkbMultiPolygon) {
    for (int k = 0; k < OGR_G_GetGeometryCount(geometry); ++k)
      polygons.push_back(OGR_G_GetGeometryRef(geometry, k));
  } else {
    throw std::runtime_error("unexpected geometry type");
  }
  double area_m2 = 0;
  for (OGRGeometryH poly : polygons) {
    for (int r = 0; r < OGR_G_GetGeometryCount(poly); ++r) {
      const double a = ring_area_m2(g, OGR_G_GetGeometryRef(poly, r));
      area_m2 += r == 0 ? a : -a;
    }
  }
  return area_m2 * 1e-6;
}

Geometry box(double west, double south, double east, double north) {
  OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
  OGR_G_AddPoint_2D(ring, west, south);
  OGR_G_AddPoint_2D(ring, east, south);
  OGR_G_AddPoint_2D(ring, east, north);
  OGR_G_AddPoint_2D(ring, west, north);
  OGR_G_AddPoint_2D(ring, west, south);
  OGRGeometryH poly = OGR_G_CreateGeometry(wkbPolygon);
  OGR_G_AddGeometryDirectly(poly, ring);
  return Geometry(poly);
}

struct PopulationGrid {
  double west_deg = 0, north_deg = 0, dlon_deg = 0, dlat_deg = 0;  // dlat_deg > 0
  int nx = 0, ny = 0;
  std::vector<double> persons;  // north-up row-major; nodata as 0
};

PopulationGrid read_population_with_gdal() {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(population_path.c_str(), GA_ReadOnly);
  if (ds == nullptr) throw std::runtime_error("cannot open " + population_path);
  double gt[6];
  GDALGetGeoTransform(ds, gt);
  if (!(gt[2] == 0 && gt[4] == 0 && gt[5] < 0)) throw std::runtime_error("unexpected geotransform");
  PopulationGrid p;
  p.west_deg = gt[0];
  p.north_deg = gt[3];
  p.dlon_deg = gt[1];
  p.dlat_deg = -gt[5];
  p.nx = GDALGetRasterXSize(ds);
  p.ny = GDALGetRasterYSize(ds);
  GDALRasterBandH band = GDALGetRasterBand(ds, 1);
  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(band, &has_nodata);
  p.persons.resize(static_cast<std::size_t>(p.nx) * static_cast<std::size_t>(p.ny));
  if (GDALRasterIO(band, GF_Read, 0, 0, p.nx, p.ny, p.persons.data(), p.nx, p.ny, GDT_Float64, 0,
                   0) != CE_None) {
    GDALClose(ds);
    throw std::runtime_error("cannot read " + population_path);
  }
  GDALClose(ds);
  for (double& v : p.persons) {
    if ((has_nodata != 0 && v == nodata) || !std::isfinite(v) || v < 0) v = 0;
  }
  return p;
}

// Σ over population cells of persons × (share of the cell inside the province). The share is
// the intersection's area in degrees² over the cell's: inside a 0.25° cell this ignores the
// variation of cos(latitude), an error of at most ~0.2 % of a boundary cell's share, with
// either sign along a boundary, far below the 0.1 % tolerance on the total. Each province is
// first cut into one strip per raster row so that the per-cell intersections work on small
// pieces.
double population_in_province(const PopulationGrid& pop, OGRGeometryH province) {
  OGREnvelope env;
  OGR_G_GetEnvelope(province, &env);
  const auto clamp_index = [](double x, int n) {
    return std::max(0, std::min(n - 1, static_cast<int>(std::floor(x))));
  };
  const double cell_deg2 = pop.dlon_deg * pop.dlat_deg;
  const int row0 = clamp_index((pop.north_deg - env.MaxY) / pop.dlat_deg, pop.ny);
  const int row1 = clamp_index((pop.north_deg - env.MinY) / pop.dlat_deg, pop.ny);
  double total = 0;
  for (int row = row0; row <= row1; ++row) {
    const double north = pop.north_deg - row * pop.dlat_deg;
    const double south = north - pop.dlat_deg;
    const Geometry strip_box = box(env.MinX - 1, south, env.MaxX + 1, north);
    const Geometry strip(OGR_G_Intersection(province, strip_box.get()));
    if (!strip || OGR_G_IsEmpty(strip.get())) continue;
    OGREnvelope senv;
    OGR_G_GetEnvelope(strip.get(), &senv);
    const int col0 = clamp_index((senv.MinX - pop.west_deg) / pop.dlon_deg, pop.nx);
    const int col1 = clamp_index((senv.MaxX - pop.west_deg) / pop.dlon_deg, pop.nx);
    for (int col = col0; col <= col1; ++col) {
      const double persons =
          pop.persons[static_cast<std::size_t>(row) * static_cast<std::size_t>(pop.nx) +
                      static_cast<std::size_t>(col)];
      if (persons == 0) continue;
      const double west = pop.west_deg + col * pop.dlon_deg;
      const Geometry cell = box(west, south, west + pop.dlon_deg, north);
      const Geometry piece(OGR_G_Intersection(strip.get(), cell.get()));
      if (!piece) continue;
      total += persons * OGR_G_Area(piece.get()) / cell_deg2;
    }
  }
  return total;
}

std::vector<Region> read_provinces() {
  RegionReadOptions options;
  options.id_field = "code";
  return read_regions(provinces_path, options);
}

double row_sum(const SparseRowMatrix& w, std::size_t row) {
  double s = 0;
  for (SparseRowMatrix::InnerIterator it(w, static_cast<Eigen::Index>(row)); it; ++it)
    s += it.value();
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_china_validation)

BOOST_AUTO_TEST_CASE(province_areas_from_w_agree_with_geodesic_areas_on_wgs84,
                     *boost::unit_test::label("io")) {
  const auto provinces = read_provinces_with_ogr();
  BOOST_TEST_REQUIRE(provinces.size() == 31u);
  std::map<std::string, double> wgs84_km2, sphere_km2;
  for (const auto& p : provinces) {
    wgs84_km2[p.code] = geodesic_area_km2(p.geometry.get(), 6378137.0, 1.0 / 298.257223563);
    sphere_km2[p.code] = geodesic_area_km2(p.geometry.get(), 6371008.8, 0.0);
  }

  const auto regs = read_provinces();
  BOOST_TEST_REQUIRE(regs.size() == 31u);
  // 0.25° cells over 73–136°E, 17–54°N: 252 x 148.
  const auto grid = LatLonGrid::regular(73, 54, 0.25, 0.25, 252, 148);
  const Weights w = build_weights(regs, grid, nullptr);
  BOOST_TEST_REQUIRE(w.w.rows() == 31);
  for (std::size_t i = 0; i < regs.size(); ++i) {
    const double row_sum_km2 = row_sum(w.w, i);
    BOOST_TEST_REQUIRE(wgs84_km2.count(regs[i].code) == 1u);
    const double wgs84 = wgs84_km2[regs[i].code];
    // 0.5 % is the tolerance. Most of the difference is the earth model, not an error
    // of W: W uses a sphere of radius 6371.0088 km, on which the area of a band of latitude
    // differs from the WGS 84 ellipsoid's by a factor a²(1−e²)/(R²(1−e² sin²φ)²), i.e. −0.32 %
    // at 18°N, −0.11 % at 30°N, +0.22 % at 45°N and +0.42 % at 53.5°N; province by province
    // (averaged over its latitudes) this stays within about ±0.3 % (Hainan +0.3 %, Heilongjiang
    // −0.3 %).
    const double rel_wgs84 = row_sum_km2 / wgs84 - 1.0;
    BOOST_CHECK_MESSAGE(std::abs(rel_wgs84) <= 0.005,
                        regs[i].code << ": area from W " << row_sum_km2
                                     << " km² vs geodesic on WGS 84 " << wgs84
                                     << " km², relative difference " << rel_wgs84);
    // The same polygon on W's own sphere removes the earth-model difference, so what remains
    // is W's clipping: edges taken straight in (lon, sin lat) instead of great-circle arcs,
    // which for Natural Earth edges a few km long differ by far less than 0.05 %, a tenth of
    // the tolerance, tight enough to see an error the ±0.3 % above would hide.
    const double sphere = sphere_km2[regs[i].code];
    const double rel_sphere = row_sum_km2 / sphere - 1.0;
    BOOST_CHECK_MESSAGE(std::abs(rel_sphere) <= 5e-4,
                        regs[i].code << ": area from W " << row_sum_km2
                                     << " km² vs geodesic on the 6371.0088 km sphere " << sphere
                                     << " km², relative difference " << rel_sphere);
  }
}

BOOST_AUTO_TEST_CASE(population_in_w_equals_the_gpw_sum_over_the_provinces,
                     *boost::unit_test::label("io")) {
  const auto provinces = read_provinces_with_ogr();
  BOOST_TEST_REQUIRE(provinces.size() == 31u);
  const PopulationGrid pop = read_population_with_gdal();
  std::map<std::string, double> reference_by_code;
  double reference_persons = 0;
  for (const auto& p : provinces) {
    reference_by_code[p.code] = population_in_province(pop, p.geometry.get());
    reference_persons += reference_by_code[p.code];
  }
  // Sanity of the reference itself: mainland China held about 1.27 billion people in 2000.
  BOOST_TEST_REQUIRE(reference_persons > 1.1e9);
  BOOST_TEST_REQUIRE(reference_persons < 1.4e9);

  const auto regs = read_provinces();
  const auto exposure = read_raster(population_path);
  struct Case {
    std::string name;
    LatLonGrid grid;
  };
  // A fine regional grid (0.1°, 73–136°E x 17–54°N: 630 x 370 cells) and a CMIP5-like global
  // grid of 1.875° cells, longitudes 0..360 with edges from 0 (192 x 96).
  const std::vector<Case> cases = {
      {"0.1 degree China grid", LatLonGrid::regular(73, 54, 0.1, 0.1, 630, 370)},
      {"1.875 degree global grid", LatLonGrid::regular(0, 90, 1.875, 1.875, 192, 96)},
  };
  for (const auto& c : cases) {
    const Weights w = build_weights(regs, c.grid, &exposure);
    BOOST_TEST_REQUIRE(w.w.rows() == 31);
    // 0.1 % is the tolerance, for the total and, as strictly, for each province; the
    // reference's flat-cell approximation (see population_in_province) is well below it.
    double w_persons = 0;
    for (std::size_t i = 0; i < regs.size(); ++i) {
      const double row_persons = row_sum(w.w, i);
      w_persons += row_persons;
      BOOST_TEST_REQUIRE(reference_by_code.count(regs[i].code) == 1u);
      const double ref = reference_by_code[regs[i].code];
      const double rel_i = row_persons / ref - 1.0;
      BOOST_CHECK_MESSAGE(std::abs(rel_i) <= 0.001,
                          c.name << ", " << regs[i].code << ": row sum of W " << row_persons
                                 << " persons vs GDAL/OGR reference " << ref
                                 << ", relative difference " << rel_i);
    }
    const double rel = w_persons / reference_persons - 1.0;
    BOOST_CHECK_MESSAGE(std::abs(rel) <= 0.001,
                        c.name << ": Σ W = " << w_persons << " persons vs GDAL/OGR reference "
                               << reference_persons << ", relative difference " << rel);
  }
}

BOOST_AUTO_TEST_SUITE_END()
