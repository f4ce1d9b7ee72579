"""The offline parser's extractors, one concern per file; :mod:`matching.parser` runs them in order."""
