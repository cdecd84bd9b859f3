"""What readings tells the layers above it, without importing them."""

from django.dispatch import Signal

# Sent with `book` after its chapters' labels, titles or parts changed.
chapters_renamed = Signal()
