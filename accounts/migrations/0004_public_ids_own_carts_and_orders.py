"""Carts and orders were owned by the user's database key; they now belong to the public id.

Gives every existing user an identity and rewrites the SQL backend's owners. (A DynamoDB deployment
made before public ids would rewrite `userId` on Orders and `owner` on CartItems the same way; none
existed when this was written.)
"""

import uuid

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Identity = apps.get_model("accounts", "Identity")
    OrderRecord = apps.get_model("orders", "OrderRecord")
    CartItemRecord = apps.get_model("cart", "CartItemRecord")
    for user in User.objects.all().iterator():
        identity, _ = Identity.objects.get_or_create(user_id=user.pk, defaults={"public_id": str(uuid.uuid4())})
        OrderRecord.objects.filter(user_id=str(user.pk)).update(user_id=identity.public_id)
        CartItemRecord.objects.filter(owner=f"user:{user.pk}").update(owner=f"user:{identity.public_id}")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_identity"),
        ("orders", "0001_initial"),
        ("cart", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
