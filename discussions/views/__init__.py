"""Discussion pages, one module per part of the journey; `urls.py` routes them."""
