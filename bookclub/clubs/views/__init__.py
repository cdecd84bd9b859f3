"""Club pages. `home` is the site's front page (routed in bookclub/urls.py)."""

from bookclub.clubs.views.browse import home

__all__ = ["home"]
