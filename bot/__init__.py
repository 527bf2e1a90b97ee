"""Stepwise: a tutor bot that walks learners through hands-on coding lessons."""

__version__ = "0.1.0"
