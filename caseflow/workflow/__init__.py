"""Declarative case workflows: loaded from workflows/*.yaml and validated when the app starts."""
