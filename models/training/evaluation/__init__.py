"""Measures of stylized frames and clips, and the generated results block of models/README.md."""
