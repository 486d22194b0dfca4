"""Carepanel: resource panels for English councils' children's services."""
