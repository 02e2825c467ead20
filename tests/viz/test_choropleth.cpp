#include <cairo.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "fixtures.hpp"
#include "spstress/core/error.hpp"
#include "spstress/viz/choropleth.hpp"

namespace {

using spstress::InputError;
using spstress::viz::MapOptions;
using spstress::viz::PixelPoint;
using spstress::viz::testing::read_all;
using spstress::viz::testing::square_region;
using spstress::viz::testing::TempDir;
using spstress::viz::testing::three_squares;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

using Rgb = std::array<int, 3>;

// ColorBrewer YlOrRd (colorbrewer2.org), the scale the header promises.
constexpr Rgb darkest_yl_or_rd = {0x80, 0x00, 0x26};
constexpr Rgb lightest_yl_or_rd = {0xff, 0xff, 0xcc};

Rgb pixel_at(cairo_surface_t* surface, PixelPoint at) {
  const int x = static_cast<int>(std::floor(at.x_px));
  const int y = static_cast<int>(std::floor(at.y_px));
  BOOST_REQUIRE(x >= 0 && x < cairo_image_surface_get_width(surface));
  BOOST_REQUIRE(y >= 0 && y < cairo_image_surface_get_height(surface));
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  std::uint32_t argb = 0;  // native-endian 0xAARRGGBB; the map is opaque, so not premultiplied
  std::memcpy(&argb,
              data + static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(surface) +
                  static_cast<std::ptrdiff_t>(x) * 4,
              sizeof argb);
  return {static_cast<int>((argb >> 16) & 0xffu), static_cast<int>((argb >> 8) & 0xffu),
          static_cast<int>(argb & 0xffu)};
}

Surface load_png(const std::string& path) {
  Surface surface(cairo_image_surface_create_from_png(path.c_str()));
  BOOST_REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
  return surface;
}

bool is_greyish(const Rgb& rgb) {
  // Light grey fill (217) and hatching (150) and their anti-aliased mixes: all channels about
  // equal, darker than white and lighter than the outlines.
  const int low = std::min({rgb[0], rgb[1], rgb[2]});
  const int high = std::max({rgb[0], rgb[1], rgb[2]});
  return high - low <= 12 && low >= 120 && high <= 235;
}

bool message_contains(const InputError& error, const std::string& text) {
  return std::string(error.what()).find(text) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_choropleth)

BOOST_AUTO_TEST_CASE(map_pixel_fits_the_extent_centred_with_cos_phi0_scaling) {
  const auto results = three_squares();
  const MapOptions options;
  // Documented frame at 1200 × 900: x 16–910, y 112–856 (894 × 744 px), margin 0.03 · 744 =
  // 22.32 px. Extent 100–130°E, 30–40°N: φ0 = 35°, 30° · cos 35° = 24.57 wide by 10 high, so the
  // width limits: the extent spans x 38.32–887.68 and its centre sits at the frame's centre.
  // Tolerance: these are a few floating-point operations on numbers below 1000 px.
  const auto tol = boost::test_tools::tolerance(1e-9);
  const PixelPoint centre = spstress::viz::map_pixel(results, options, 115, 35);
  BOOST_TEST(centre.x_px == 463.0, tol);
  BOOST_TEST(centre.y_px == 484.0, tol);
  BOOST_TEST(spstress::viz::map_pixel(results, options, 100, 35).x_px == 38.32, tol);
  BOOST_TEST(spstress::viz::map_pixel(results, options, 130, 35).x_px == 887.68, tol);

  // North up, and a 10° × 10° square is cos 35° = 0.8191520443 times as wide as it is high.
  const PixelPoint south_west = spstress::viz::map_pixel(results, options, 110, 30);
  const PixelPoint north_east = spstress::viz::map_pixel(results, options, 120, 40);
  BOOST_TEST(north_east.y_px < south_west.y_px);
  BOOST_TEST(
      (north_east.x_px - south_west.x_px) / (south_west.y_px - north_east.y_px) == 0.8191520443,
      tol);
}

BOOST_AUTO_TEST_CASE(png_is_1200_by_900_with_darkest_top_class_and_grey_no_value,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  const auto results = three_squares();
  MapOptions options;
  options.label_count = 0;  // nothing drawn over the squares' centres
  const std::string path = dir.file("funding_gap.png");
  spstress::viz::write_choropleth(results, options, path);

  const Surface png = load_png(path);
  BOOST_TEST(cairo_image_surface_get_width(png.get()) == 1200);
  BOOST_TEST(cairo_image_surface_get_height(png.get()) == 900);
  // 10 is the only non-zero value, so its class is the top one: the darkest colour.
  BOOST_TEST(
      pixel_at(png.get(), spstress::viz::map_pixel(results, options, 115, 35)) == darkest_yl_or_rd,
      boost::test_tools::per_element());
  // Zero has its own, lightest class.
  BOOST_TEST(
      pixel_at(png.get(), spstress::viz::map_pixel(results, options, 105, 35)) == lightest_yl_or_rd,
      boost::test_tools::per_element());
  const Rgb no_value = pixel_at(png.get(), spstress::viz::map_pixel(results, options, 125, 35));
  BOOST_TEST(is_greyish(no_value), "no-value square at its centre is "
                                       << no_value[0] << "," << no_value[1] << "," << no_value[2]);
  BOOST_TEST(
      !std::filesystem::exists(dir.file(".funding_gap.tmp" + std::to_string(::getpid()) + ".png")));
}

BOOST_AUTO_TEST_CASE(labels_are_drawn_on_regions_with_the_largest_values,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  const auto results = three_squares();
  const auto count_off_colour = [&](int label_count) {
    MapOptions options;
    options.label_count = label_count;
    const std::string path = dir.file("labels.png");
    spstress::viz::write_choropleth(results, options, path);
    const Surface png = load_png(path);
    const PixelPoint centre = spstress::viz::map_pixel(results, options, 115, 35);
    int count = 0;
    for (int dx = -30; dx <= 30; ++dx) {
      for (int dy = -8; dy <= 8; ++dy) {
        const PixelPoint at{centre.x_px + dx, centre.y_px + dy};
        if (pixel_at(png.get(), at) != darkest_yl_or_rd) ++count;
      }
    }
    return count;
  };
  BOOST_TEST(count_off_colour(0) == 0);
  BOOST_TEST(count_off_colour(5) > 20);  // "Beta" in dark text with a white halo
}

BOOST_AUTO_TEST_CASE(svg_carries_title_legend_and_unit_as_text, *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("funding_gap.svg");
  spstress::viz::write_choropleth(three_squares(), MapOptions{}, path);
  const std::string svg = read_all(path);
  BOOST_TEST(svg.find("<svg") != std::string::npos);
  BOOST_TEST(svg.find("width=\"1200px\"") != std::string::npos);
  // Legend title with the unit, then the classes: zero, the value 10 alone, and no value.
  BOOST_TEST(svg.find("Funding gap (CNY): 0; 10; no value") != std::string::npos);
  BOOST_TEST(svg.find("Scenario: three-squares") != std::string::npos);
  BOOST_TEST(svg.find("spstress 9.8.7") != std::string::npos);
  // The credit line comes from the run's attribution, not from a fixed text.
  BOOST_TEST(svg.find("boundaries: Natural Earth (public domain)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(classes_have_equal_counts_and_round_bounds, *boost::unit_test::label("io")) {
  // Ten regions worth 1, 2, …, 10 million CNY make five classes of two. The bounds are the
  // roundest numbers in (2, 3], (4, 5], (6, 7] and (8, 9] million, and the outer labels the
  // smallest and largest values.
  spstress::scenarios::RunResults results;
  results.provenance.scenario_name = "ten";
  for (int i = 0; i < 10; ++i) {
    results.regions.push_back(
        square_region("R" + std::to_string(i), "", 10.0 * i, 0, 1e6 * (i + 1)));
  }
  const TempDir dir;
  const std::string path = dir.file("ten.svg");
  spstress::viz::write_choropleth(results, MapOptions{}, path);
  BOOST_TEST(read_all(path).find("Funding gap (CNY): 1 million \u2013 3 million; 3 million \u2013 "
                                 "5 million; 5 million \u2013 7 million; 7 million \u2013 9 "
                                 "million; 9 million \u2013 10 million. ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_metric_is_an_input_error_naming_it) {
  const TempDir dir;
  MapOptions options;
  options.metric = "funding_gaps";
  const std::string path = dir.file("map.png");
  BOOST_CHECK_EXCEPTION(spstress::viz::write_choropleth(three_squares(), options, path), InputError,
                        [](const InputError& e) {
                          return message_contains(e, "\"funding_gaps\"") &&
                                 message_contains(e, "expected one of workers_exposed");
                        });
  BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(unwritable_path_is_an_input_error_naming_it, *boost::unit_test::label("io")) {
  const TempDir dir;
  for (const std::string name : {"no-such-folder/map.png", "no-such-folder/map.svg"}) {
    const std::string path = dir.file(name);
    BOOST_CHECK_EXCEPTION(spstress::viz::write_choropleth(three_squares(), MapOptions{}, path),
                          InputError,
                          [&](const InputError& e) { return message_contains(e, path); });
  }
}

BOOST_AUTO_TEST_CASE(other_file_types_and_sizes_are_rejected) {
  const TempDir dir;
  BOOST_CHECK_EXCEPTION(
      spstress::viz::write_choropleth(three_squares(), MapOptions{}, dir.file("map.jpg")),
      InputError, [](const InputError& e) { return message_contains(e, "end in .png or .svg"); });
  MapOptions tiny;
  tiny.width_px = 100;
  BOOST_CHECK_EXCEPTION(
      spstress::viz::write_choropleth(three_squares(), tiny, dir.file("map.png")), InputError,
      [](const InputError& e) { return message_contains(e, "width_px: got 100"); });
}

BOOST_AUTO_TEST_SUITE_END()
