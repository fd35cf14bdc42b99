//! Package tests; expectations come from Helm v4.2.3 (`helm-oracle package`).
