"""The networks: the shipped light CCPL family, the official CCPL layout (for conversion) and the
test fixture net. Each offers the net API of contract/graphs.py."""
