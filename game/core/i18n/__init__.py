"""Translations: stable keys for every string, PO catalogues, a story in another language, and line breaking."""
