"""carbon: a city greenhouse-gas inventory and carbon-peaking pathway model."""

__version__ = "0.1.0"
