DROP TABLE "accounting_exports";
DROP TABLE "custom_report_definitions";
DROP TABLE "bufdir_reports";
DROP TABLE "report_periods";
DROP TABLE "benefit_estimates";
DROP TABLE "impact_summaries";
DROP TABLE "user_badges";
DROP TABLE "achievement_badges";
