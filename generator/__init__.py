"""specloom: read versioned OpenAPI specs into one API model, and build on it.

Start-up matters: this module holds only a literal version so that
`specloom --version` imports nothing else.
"""

__version__ = "0.1.0"
