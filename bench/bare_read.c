/* The single-thread floor of the aggregation benchmark: reads every time step of a (time, lat,
 * lon) variable with plain netCDF-C, one step per call as the file is chunked, and does nothing
 * with the values but add up the valid ones (so the read cannot be optimised away and the sum
 * doubles as a checksum). Any aggregation that reads the same file can be no faster than this.
 *
 * Usage: bare_read FILE VAR [float|double]
 *   float  (default) reads in the file's own type: the floor;
 *   double reads with netCDF-C's conversion to double, as a reader that works in double does.
 * Prints: steps, cells per step, seconds spent reading, sum of valid values.
 */
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void check(int status, const char* what) {
  if (status != NC_NOERR) {
    fprintf(stderr, "bare_read: %s: %s\n", what, nc_strerror(status));
    exit(1);
  }
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "float") != 0 &&
                               strcmp(argv[3], "double") != 0)) {
    fprintf(stderr, "usage: bare_read FILE VAR [float|double]\n");
    return 2;
  }
  const int as_double = argc == 4 && strcmp(argv[3], "double") == 0;
  const double t0 = now_s();
  int nc, var, ndims, dimids[NC_MAX_VAR_DIMS];
  check(nc_open(argv[1], NC_NOWRITE, &nc), argv[1]);
  check(nc_inq_varid(nc, argv[2], &var), argv[2]);
  check(nc_inq_varndims(nc, var, &ndims), argv[2]);
  if (ndims != 3) {
    fprintf(stderr, "bare_read: %s has %d dimensions; expected (time, lat, lon)\n", argv[2], ndims);
    return 1;
  }
  check(nc_inq_vardimid(nc, var, dimids), argv[2]);
  size_t nt, nlat, nlon;
  check(nc_inq_dimlen(nc, dimids[0], &nt), "time dimension");
  check(nc_inq_dimlen(nc, dimids[1], &nlat), "lat dimension");
  check(nc_inq_dimlen(nc, dimids[2], &nlon), "lon dimension");
  float fill = NC_FILL_FLOAT;
  int no_fill = 0;
  nc_inq_var_fill(nc, var, &no_fill, &fill);

  const size_t ncells = nlat * nlon;
  float* f = malloc(ncells * sizeof *f);
  double* d = malloc(ncells * sizeof *d);
  if (!f || !d) return 1;
  double sum = 0.0;
  for (size_t t = 0; t < nt; ++t) {
    const size_t start[3] = {t, 0, 0}, count[3] = {1, nlat, nlon};
    if (as_double) {
      check(nc_get_vara_double(nc, var, start, count, d), "reading a step");
      for (size_t i = 0; i < ncells; ++i)
        if (d[i] != (double)fill) sum += d[i];
    } else {
      check(nc_get_vara_float(nc, var, start, count, f), "reading a step");
      for (size_t i = 0; i < ncells; ++i)
        if (f[i] != fill) sum += (double)f[i];
    }
  }
  check(nc_close(nc), argv[1]);
  const double elapsed = now_s() - t0;
  printf("steps=%zu cells=%zu seconds=%.3f sum=%.6e\n", nt, ncells, elapsed, sum);
  free(f);
  free(d);
  return isfinite(sum) ? 0 : 1;
}
