"""The named groups that carry each role's permissions. The groups are made by a data migration."""

TRAINERS = "Trainers"
LD_MANAGERS = "L&D managers"


def is_trainer(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=TRAINERS).exists()
    )


def is_ld_manager(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=LD_MANAGERS).exists()
    )
