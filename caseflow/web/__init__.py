"""The clerks' server-rendered web application."""
