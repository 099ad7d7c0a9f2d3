"""The version of homologate: what reports, SARIF and --version name (hatch reads it from here)."""

__version__ = "0.1.0"
