"""Reusable widgets: top bar, navigation, form fields, paged tables."""
