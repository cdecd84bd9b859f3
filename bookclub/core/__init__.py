"""Small helpers every layer may use; no models, no imports of the apps."""
