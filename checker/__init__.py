"""homologate: check a rally-raid Stock-class build spec against its homologation limits."""

__version__ = "0.1.0"
