"""Word lists and source names read by extract/ as data."""
