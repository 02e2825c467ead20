#include "spstress/shocks/drought.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "drought_internal.hpp"
#include "spstress/core/error.hpp"

namespace spstress::shocks {

using detail::nan_value;
using detail::num;

void validate_yield_loss_params(const YieldLossParams& params, const std::string& where) {
  if (!(params.threshold_spei >= -3.0 && params.threshold_spei <= 0.0)) {
    throw InputError(where + ": threshold_spei: got " + num(params.threshold_spei) +
                     "; expected -3..0");
  }
  if (!(params.beta_per_spei_unit >= yield_loss_beta_min_per_spei_unit &&
        params.beta_per_spei_unit <= yield_loss_beta_max_per_spei_unit)) {
    throw InputError(where + ": beta_per_spei_unit: got " + num(params.beta_per_spei_unit) +
                     "; expected " + num(yield_loss_beta_min_per_spei_unit) + ".." +
                     num(yield_loss_beta_max_per_spei_unit) + " (yield share per SPEI unit)");
  }
}

double yield_loss_share(double spei_growing_season, const YieldLossParams& params) {
  validate_yield_loss_params(params, "yield loss");
  if (std::isnan(spei_growing_season)) return nan_value;
  return std::min(
      1.0, params.beta_per_spei_unit * std::max(0.0, params.threshold_spei - spei_growing_season));
}

namespace {

void check_non_negative(double x, const std::string& where, const char* field) {
  if (!(x >= 0.0 && std::isfinite(x))) {
    throw InputError(where + ": " + field + ": got " + num(x) + "; expected a finite value >= 0");
  }
}

void check_share(double x, const std::string& where, const char* field) {
  if (!(x >= 0.0 && x <= 1.0)) {
    throw InputError(where + ": " + field + ": got " + num(x) + "; expected a share 0..1");
  }
}

void check_positive(double x, const char* field) {
  if (!(x > 0.0 && std::isfinite(x))) {
    throw InputError(std::string("farm income: ") + field + ": got " + num(x) +
                     "; expected a finite value > 0");
  }
}

}  // namespace

FarmIncomeLoss farm_income_loss(const std::vector<CropDrought>& crops,
                                const RuralHouseholds& households,
                                const FarmIncomeSettings& settings) {
  check_positive(households.rural_population_persons, "rural_population_persons");
  check_positive(households.disposable_income_cny_per_person_year,
                 "disposable_income_cny_per_person_year");
  if (!(settings.operating_income_share >= operating_income_share_min &&
        settings.operating_income_share <= operating_income_share_max)) {
    throw InputError("farm income: operating_income_share: got " +
                     num(settings.operating_income_share) + "; expected " +
                     num(operating_income_share_min) + ".." + num(operating_income_share_max));
  }
  FarmIncomeLoss r;
  r.crops.reserve(crops.size());
  for (std::size_t c = 0; c < crops.size(); ++c) {
    const CropDrought& crop = crops[c];
    const std::string where = "crop " + std::to_string(c) + " (\"" + crop.crop + "\")";
    check_non_negative(crop.price_cny_per_t, where, "price_cny_per_t");
    check_non_negative(crop.potential_yield_t_per_ha, where, "potential_yield_t_per_ha");
    check_non_negative(crop.area_ha, where, "area_ha");
    check_share(crop.insured_share, where, "insured_share");
    check_share(crop.indemnity_share, where, "indemnity_share");
    const YieldLossParams params{settings.threshold_spei, crop.beta_per_spei_unit};
    validate_yield_loss_params(params, where);

    CropIncomeLoss loss;
    loss.crop = crop.crop;
    loss.yield_loss_share = yield_loss_share(crop.spei_growing_season, params);
    loss.output_loss_cny =
        crop.price_cny_per_t * crop.potential_yield_t_per_ha * crop.area_ha * loss.yield_loss_share;
    const double paid_share = crop.indemnity_share * crop.insured_share;
    loss.indemnity_cny = loss.output_loss_cny * paid_share;
    loss.net_loss_cny = loss.output_loss_cny * (1.0 - paid_share);
    r.output_loss_cny += loss.output_loss_cny;
    r.indemnity_cny += loss.indemnity_cny;
    r.net_loss_cny += loss.net_loss_cny;
    r.crops.push_back(loss);
  }
  r.net_loss_cny_per_person = r.net_loss_cny / households.rural_population_persons;
  r.operating_income_cny_per_person_year =
      settings.operating_income_share * households.disposable_income_cny_per_person_year;
  // A crop loss reaches the household through operating net income only; wages, transfers and
  // property income are untouched, so the loss cannot exceed the operating income. A NaN loss
  // (a crop without an index) must stay NaN, whatever std::min does with the argument order.
  r.income_loss_cny_per_person =
      std::isnan(r.net_loss_cny_per_person)
          ? nan_value
          : std::min(r.net_loss_cny_per_person, r.operating_income_cny_per_person_year);
  r.income_loss_share_of_disposable =
      r.income_loss_cny_per_person / households.disposable_income_cny_per_person_year;
  r.income_loss_share_of_operating =
      r.income_loss_cny_per_person / r.operating_income_cny_per_person_year;
  return r;
}

}  // namespace spstress::shocks
