"""Command-line entry points, run as `python3 models/training/scripts/NAME.py` from the repository root."""
