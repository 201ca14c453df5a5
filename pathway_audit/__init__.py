"""pathway-audit: a quality checker for care leavers' pathway plans."""

__version__ = "0.1.0"
