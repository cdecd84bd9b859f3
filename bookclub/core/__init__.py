"""Small HTTP helpers every app may use: no models, imports nothing of the project's apps."""
