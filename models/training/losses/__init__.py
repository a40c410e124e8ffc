"""Training losses and the frozen loss network they are measured with."""
