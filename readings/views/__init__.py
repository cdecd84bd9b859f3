"""Pages of a club's readings, one module per part; `urls.py` routes them."""
