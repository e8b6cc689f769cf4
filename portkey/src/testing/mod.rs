//! An in-process gateway for tests (to be written).
