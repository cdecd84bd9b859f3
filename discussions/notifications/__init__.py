"""Who is told about what, and how: subscriptions, notifications, their emails and pages.

Part of the discussions app (same app label); the app config registers the models.
"""
