from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class OptionBlock(blocks.StructBlock):
    """One answer option. Its block id is the stable value a learner's answer refers to."""

    text = blocks.CharBlock(label=_("Option text"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct answer"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback for this option"),
        required=False,
        help_text=_("Shown after answering, when the quiz allows."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Option")
