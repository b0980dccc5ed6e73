# Placeholder reserved so that parallel work on this app keeps a straight migration chain;
# its operations are filled in by the change that needs them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0002_circles"),
    ]

    operations: list[migrations.operations.base.Operation] = []
