"""Motion analysis as pure functions over arrays: landmarks in, reps, metrics and faults out."""
