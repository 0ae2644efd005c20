from wagtail import hooks

from . import personal_data


@hooks.register("bridge_personal_data")
def register_personal_data():
    return personal_data.PART
