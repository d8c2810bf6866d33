"""The coaching method as pure data and functions: no I/O, no database, no clock."""
