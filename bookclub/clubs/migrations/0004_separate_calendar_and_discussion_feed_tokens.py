import uuid

from django.db import migrations, models


def give_each_member_a_discussion_feed_token(apps, schema_editor):
    Membership = apps.get_model("clubs", "Membership")
    rows = list(Membership.objects.only("pk"))
    for row in rows:
        row.discussion_feed_token = uuid.uuid4()
    Membership.objects.bulk_update(rows, ["discussion_feed_token"], batch_size=1000)


class Migration(migrations.Migration):
    """The old shared secret keeps serving the calendar, so subscribed calendar apps keep
    working; every old discussion feed link (which was a calendar link) stops working."""

    dependencies = [("clubs", "0003_sanction_outlives_membership")]

    operations = [
        migrations.RenameField("membership", "feed_token", "calendar_token"),
        migrations.AddField(
            model_name="membership",
            name="discussion_feed_token",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(
            give_each_member_a_discussion_feed_token, migrations.RunPython.noop, elidable=True
        ),
        migrations.AlterField(
            model_name="membership",
            name="discussion_feed_token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
