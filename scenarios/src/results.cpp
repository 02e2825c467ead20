#include "spstress/scenarios/results.hpp"

namespace spstress::scenarios {

const std::vector<MetricInfo>& headline_metrics() {
  static const std::vector<MetricInfo> metrics = {
      {"workers_exposed", "persons",
       "workers outside air-conditioned work where the month's WBGT_max reaches the exposure "
       "threshold (peak month)"},
      {"hours_lost", "hours", "working hours lost to heat beyond those of the reference climate"},
      {"jobs_lost", "persons", "job losses (separations and temporary stoppage)"},
      {"income_loss", "CNY",
       "pay lost to lost hours plus wages of separated workers while out of work"},
      {"ui_new_claims", "persons", "unemployment-insurance claims caused by the shock"},
      {"ui_peak_claimants", "persons", "largest monthly number of UI benefit recipients"},
      {"ui_benefit_cost", "CNY", "extra UI benefits and medical premiums caused by the shock"},
      {"ui_contribution_loss", "CNY",
       "UI contributions lost while separated insured workers are out of work"},
      {"ui_fund_end_balance", "CNY", "UI fund balance at the end of the horizon"},
      {"ui_months_to_depletion", "months",
       "months until the UI fund falls below its floor (empty when it never does)"},
      {"sa_new_recipients", "persons", "new Dibao recipients at the peak month"},
      {"sa_extra_cost", "CNY", "extra Dibao benefit and temporary assistance"},
      {"funding_gap", "CNY",
       "UI shortfall below the fund floor plus assistance cost above the local reserve"},
      {"demand_spike_ratio", "ratio",
       "peak monthly UI claimants plus Dibao recipients over their baseline"},
  };
  return metrics;
}

}  // namespace spstress::scenarios
