"""Helper package."""
