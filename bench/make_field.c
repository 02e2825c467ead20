/* Writes a synthetic daily near-surface air temperature field over China for the aggregation
 * benchmark: 0.1° cells over 73–136°E, 17–54°N (630 x 370), latitudes north to south, float32
 * in K, "days since 2000-01-01" in the noleap calendar, netCDF-4 with one time step per chunk
 * (1, 370, 630), shuffle and deflate, the layout of ISIMIP daily files.
 *
 * The field is smooth where real temperature is (a latitude gradient, a cold plateau, a
 * seasonal cycle growing with latitude, travelling weather waves) plus a small deterministic
 * per-cell noise, so that the low mantissa bits vary as in model output and the compression
 * ratio, and hence the decompression work, is realistic rather than that of a pure analytic
 * surface. A 4 x 4 block in Sichuan and the south-east ocean corner are _FillValue, so readers
 * have to handle missing cells.
 *
 * Usage: make_field OUT.nc N_DAYS [DEFLATE_LEVEL]   (level 4 by default; 0 turns deflate off)
 */
#include <math.h>
#include <netcdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLON 630
#define NLAT 370
#define FILL 1.0e20f

static void check(int status, const char* what) {
  if (status != NC_NOERR) {
    fprintf(stderr, "make_field: %s: %s\n", what, nc_strerror(status));
    exit(1);
  }
}

static int put_text(int nc, int var, const char* name, const char* text) {
  return nc_put_att_text(nc, var, name, strlen(text), text);
}

/* A hash of (cell, day) to [-0.5, 0.5): reproducible noise without a random-number state. */
static double noise(uint32_t i, uint32_t j, uint32_t d) {
  uint32_t h = i * 0x9E3779B1u ^ (j + 0x7F4A7C15u) * 0x85EBCA77u ^ (d + 0x165667B1u) * 0xC2B2AE3Du;
  h ^= h >> 15;
  h *= 0x2C1B3C6Du;
  h ^= h >> 12;
  h *= 0x297A2D39u;
  h ^= h >> 15;
  return (double)h / 4294967296.0 - 0.5;
}

static int is_fill(int i, int j, const double* lat, const double* lon) {
  const int sichuan = lon[j] > 103.0 && lon[j] < 103.4 && lat[i] > 30.3 && lat[i] < 30.7;
  const int ocean = lon[j] > 128.0 && lat[i] < 21.0;
  return sichuan || ocean;
}

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: make_field OUT.nc N_DAYS [DEFLATE_LEVEL]\n");
    return 2;
  }
  const char* path = argv[1];
  const long n_days = strtol(argv[2], NULL, 10);
  const int level = argc == 4 ? atoi(argv[3]) : 4;
  if (n_days < 1 || level < 0 || level > 9) {
    fprintf(stderr, "make_field: N_DAYS must be >= 1 and DEFLATE_LEVEL 0..9\n");
    return 2;
  }

  static double lat[NLAT], lon[NLON];
  for (int i = 0; i < NLAT; ++i) lat[i] = 53.95 - 0.1 * i;
  for (int j = 0; j < NLON; ++j) lon[j] = 73.05 + 0.1 * j;

  int nc, d_time, d_lat, d_lon, v_time, v_lat, v_lon, v_tas;
  check(nc_create(path, NC_CLOBBER | NC_NETCDF4, &nc), path);
  check(nc_def_dim(nc, "time", NC_UNLIMITED, &d_time), "time dimension");
  check(nc_def_dim(nc, "lat", NLAT, &d_lat), "lat dimension");
  check(nc_def_dim(nc, "lon", NLON, &d_lon), "lon dimension");

  check(nc_def_var(nc, "time", NC_DOUBLE, 1, &d_time, &v_time), "time");
  check(put_text(nc, v_time, "standard_name", "time"), "time attribute");
  check(put_text(nc, v_time, "units", "days since 2000-01-01"), "time attribute");
  check(put_text(nc, v_time, "calendar", "noleap"), "time attribute");
  check(put_text(nc, v_time, "axis", "T"), "time attribute");

  check(nc_def_var(nc, "lat", NC_DOUBLE, 1, &d_lat, &v_lat), "lat");
  check(put_text(nc, v_lat, "standard_name", "latitude"), "lat attribute");
  check(put_text(nc, v_lat, "units", "degrees_north"), "lat attribute");
  check(put_text(nc, v_lat, "axis", "Y"), "lat attribute");

  check(nc_def_var(nc, "lon", NC_DOUBLE, 1, &d_lon, &v_lon), "lon");
  check(put_text(nc, v_lon, "standard_name", "longitude"), "lon attribute");
  check(put_text(nc, v_lon, "units", "degrees_east"), "lon attribute");
  check(put_text(nc, v_lon, "axis", "X"), "lon attribute");

  const int dims[3] = {d_time, d_lat, d_lon};
  check(nc_def_var(nc, "tas", NC_FLOAT, 3, dims, &v_tas), "tas");
  const size_t chunks[3] = {1, NLAT, NLON};
  check(nc_def_var_chunking(nc, v_tas, NC_CHUNKED, chunks), "tas chunking");
  if (level > 0) check(nc_def_var_deflate(nc, v_tas, 1, 1, level), "tas deflate");
  const float fill = FILL;
  check(nc_def_var_fill(nc, v_tas, 0, &fill), "tas _FillValue");
  check(nc_put_att_float(nc, v_tas, "missing_value", NC_FLOAT, 1, &fill), "tas attribute");
  check(put_text(nc, v_tas, "standard_name", "air_temperature"), "tas attribute");
  check(put_text(nc, v_tas, "long_name", "Near-Surface Air Temperature (syn.)"),
        "tas attribute");
  check(put_text(nc, v_tas, "units", "K"), "tas attribute");
  check(nc_enddef(nc), "enddef");

  check(nc_put_var_double(nc, v_lat, lat), "lat values");
  check(nc_put_var_double(nc, v_lon, lon), "lon values");

  const double two_pi = 6.283185307179586;
  static double mean_k[NLAT][NLON], amp_k[NLAT];
  for (int i = 0; i < NLAT; ++i) {
    amp_k[i] = 3.0 + 0.45 * (lat[i] - 17.0);
    for (int j = 0; j < NLON; ++j) {
      const double dx = (lon[j] - 88.0) / 9.0, dy = (lat[i] - 32.5) / 4.5;
      mean_k[i][j] = 299.5 - 0.75 * (lat[i] - 17.0) - 16.0 * exp(-(dx * dx + dy * dy));
    }
  }

  static float step[NLAT * NLON];
  for (long d = 0; d < n_days; ++d) {
    const double doy = (double)(d % 365);
    const double season = -cos(two_pi * (doy - 15.0) / 365.0);
    for (int i = 0; i < NLAT; ++i) {
      for (int j = 0; j < NLON; ++j) {
        if (is_fill(i, j, lat, lon)) {
          step[i * NLON + j] = FILL;
          continue;
        }
        const double wave = 3.0 * sin(two_pi * (lon[j] / 25.0 - (double)d / 6.0)) *
                                cos(two_pi * (lat[i] / 18.0 + (double)d / 23.0)) +
                            1.5 * sin(two_pi * (lon[j] / 9.0 + lat[i] / 13.0 - (double)d / 3.5));
        const double t = mean_k[i][j] + amp_k[i] * season + wave +
                         0.6 * noise((uint32_t)i, (uint32_t)j, (uint32_t)d);
        step[i * NLON + j] = (float)t;
      }
    }
    const size_t start[3] = {(size_t)d, 0, 0}, count[3] = {1, NLAT, NLON};
    const double day = (double)d;
    check(nc_put_vara_double(nc, v_time, start, count, &day), "time value");
    check(nc_put_vara_float(nc, v_tas, start, count, step), "tas values");
  }
  check(nc_close(nc), path);
  return 0;
}
