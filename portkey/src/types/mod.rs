//! Request and response types of the gateway API (to be written).
