"""Reports and moderators' actions, each checked and audited; the queue and its pages.

Part of the discussions app (same app label); the app config registers the models.
"""
