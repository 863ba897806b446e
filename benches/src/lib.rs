//! The benchmark workload.
