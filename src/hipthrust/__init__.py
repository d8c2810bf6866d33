"""hipthrust: coaching for the hip thrust, from the first glute bridge to a heavy barbell."""

__version__ = "0.1.0"

__all__ = ["__version__"]
