//! placeholder until the differential helper lands
