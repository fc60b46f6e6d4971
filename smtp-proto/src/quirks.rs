//! Named leniencies for real peers' deviations.
