"""Scout: micro-influencer recommendations ranked by fit, not reach."""

__version__ = "0.1.0"
