"""Use cases that tie the pure packages to files, the store and the clock."""
