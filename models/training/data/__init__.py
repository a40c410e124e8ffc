"""The photos and paintings (read from ../shared/data), the held-out split and the evaluation clips."""
