//! Recognition, reporting and exports: badges, impact summaries, benefit estimates, report periods, Bufdir reports, custom reports, accounting exports.
