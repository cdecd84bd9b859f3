from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo club shipped with the project: `manage.py seed_demo`, `manage.py dev_server`."""

    name = "bookclub.demo"
    label = "demo"
    verbose_name = "Demo"
