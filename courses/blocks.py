import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

from quizzes.models import QuizAttempt

TIMECODE = re.compile(r"^\s*(?:(?:(\d{1,2}):)?(\d{1,3}):)?(\d{1,5})\s*$")


def timecode(seconds) -> str:
    seconds = int(seconds)
    minutes, rest = divmod(seconds, 60)
    if minutes >= 60:
        return f"{minutes // 60}:{minutes % 60:02d}:{rest:02d}"
    return f"{minutes:02d}:{rest:02d}"


class TimecodeField(forms.CharField):
    """A time in the film as people write it: 1:30, 01:30 or 1:02:30 (a plain 90 is seconds)."""

    default_error_messages = {
        "invalid": _("Enter a time in the film like 1:30 (minutes and seconds)"),
        "required": _("Enter a time in the film, like 1:30"),
    }

    def to_python(self, value):
        if isinstance(value, int):
            return value
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = TIMECODE.match(value)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        if (minutes or hours) and seconds > 59 or hours and minutes > 59:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return hours * 3600 + minutes * 60 + seconds

    def prepare_value(self, value):
        return timecode(value) if isinstance(value, int) else value


class TimecodeBlock(blocks.FieldBlock):
    """Stored as whole seconds (as before); entered and shown as mm:ss."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = TimecodeField(
            required=required,
            help_text=help_text,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "placeholder": "mm:ss", "class": "bridge-timecode"}
            ),
        )
        super().__init__(**kwargs)

    def value_for_form(self, value):
        return timecode(value) if isinstance(value, int) else value

    def value_from_form(self, value):
        return value

    def to_python(self, value):
        return int(value) if isinstance(value, int | float) or str(value).isdigit() else value

    def get_prep_value(self, value):
        if isinstance(value, str):
            return self.field.to_python(value)
        return value

    class Meta:
        icon = "time"


def worded(block, message):
    """A required part of a block that says in words what is missing (see WordedStructBlock)."""
    block.required_message = message
    return block


class WordedStructBlock(blocks.StructBlock):
    """A struct block whose missing parts are named in words, not "This field is required."."""

    def clean(self, value):
        try:
            return super().clean(value)
        except StructBlockValidationError as error:
            for name, problem in list(error.block_errors.items()):
                message = getattr(self.child_blocks.get(name), "required_message", None)
                codes = {getattr(e, "code", None) for e in getattr(problem, "error_list", [])}
                if message and "required" in codes:
                    error.block_errors[name] = ValidationError(message, code="required")
            raise


class ChapterBlock(WordedStructBlock):
    start = TimecodeBlock(
        label=_("Starts at (mm:ss)"), help_text=_("Minutes and seconds into the film, like 1:30.")
    )
    title = worded(
        blocks.CharBlock(label=_("Chapter title"), max_length=120),
        _("Give the chapter a title"),
    )

    class Meta:
        icon = "time"


class CheckpointBlock(WordedStructBlock):
    """A question the film pauses for. It is also listed beside the transcript."""

    time = TimecodeBlock(
        label=_("Pause at (mm:ss)"), help_text=_("Minutes and seconds into the film, like 2:05.")
    )
    question = worded(
        SnippetChooserBlock("quizzes.Question", label=_("Question")),
        _("Choose the question the film pauses for"),
    )

    class Meta:
        icon = "help"
        label = _("Checkpoint")


MISSING = {
    "title": _("Give the film a title"),
    "video": _("Choose a film from the film library, or a video, or give an embed address"),
    "captions": _("Choose the film's captions: a WebVTT (.vtt) file. Every film needs them."),
    "transcript": _(
        "Add the film's transcript: everything that is said, for people who cannot watch"
    ),
}


class FilmBlock(WordedStructBlock):
    """A film with captions and a transcript beside it, for access. The usual way is a film from
    the film library (one upload of video, captions and transcript); the parts can also be given
    one by one, as older modules do."""

    film = SnippetChooserBlock(
        "courses.Film",
        required=False,
        label=_("Film from the film library"),
        help_text=_(
            "Upload a film once under Films, with its captions, then choose it here. When a film "
            "is chosen, the video, captions and transcript below are not needed."
        ),
    )
    title = blocks.CharBlock(
        label=_("Film title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the film's own title."),
    )
    video = VideoChooserBlock(
        required=False,
        help_text=_("Without a film from the library: a video from the media library."),
    )
    embed_url = blocks.URLBlock(
        required=False,
        label=_("Embed address"),
        help_text=_("Or a YouTube (no-cookie) or Vimeo player address."),
    )
    captions = DocumentChooserBlock(required=False, label=_("Captions (WebVTT file)"))
    descriptions = DocumentChooserBlock(
        required=False,
        label=_("Audio description (WebVTT file, optional)"),
        help_text=_(
            "What the film shows and does not say, one cue for each moment, for blind and "
            "partially sighted staff. The player reads each one out; the transcript lists them."
        ),
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), features=["h3", "bold", "italic", "ol", "ul"], required=False
    )
    chapters = blocks.ListBlock(ChapterBlock(), label=_("Chapters"), required=False)
    checkpoints = blocks.ListBlock(CheckpointBlock(), label=_("Checkpoints"), required=False)
    prevent_skipping = blocks.BooleanBlock(
        required=False,
        label=_("Stop skipping past unanswered checkpoints"),
        help_text=_("Learners cannot jump ahead of a checkpoint until they have watched that far."),
    )
    duration = blocks.IntegerBlock(
        required=False,
        min_value=1,
        label=_("Length in seconds"),
        help_text=_("Used to measure how much has been watched when the film itself does not say."),
    )

    class Meta:
        icon = "media"
        label = _("Film")
        template = "courses/blocks/film.html"
        preview_template = "courses/blocks/film_preview.html"
        preview_value = {"title": "What an advocate does"}

    def _missing(self, value) -> dict:
        """What a film without a library film still needs, each part named in words (asked on
        publish, not when a trainer saves a draft of a half-built film)."""
        if value.get("film") or getattr(self, "is_deferred_validation", False):
            return {}
        problems = {}
        if not (value.get("title") or "").strip():
            problems["title"] = MISSING["title"]
        if not value.get("video") and not value.get("embed_url"):
            problems["video"] = MISSING["video"]
        elif value.get("video") and value.get("embed_url"):
            problems["video"] = _("Choose a video or give an embed address, not both.")
        if not value.get("captions"):
            problems["captions"] = MISSING["captions"]
        transcript = value.get("transcript")
        # An empty editor still holds markup, so look at its words.
        if not strip_tags(str(getattr(transcript, "source", transcript) or "")).strip():
            problems["transcript"] = MISSING["transcript"]
        return {
            name: ValidationError(message, code="required") for name, message in problems.items()
        }

    def clean(self, value):
        try:
            cleaned = super().clean(value)
        except StructBlockValidationError as error:
            for name, problem in self._missing(value).items():
                error.block_errors.setdefault(name, problem)
            raise
        problems = self._missing(cleaned)
        if problems:
            raise StructBlockValidationError(block_errors=problems)
        for name, label in (("captions", _("Captions")), ("descriptions", _("Audio description"))):
            document = cleaned.get(name)
            if document and not document.file.name.lower().endswith(".vtt"):
                raise StructBlockValidationError(
                    block_errors={
                        name: ValidationError(
                            _("%(what)s must be a WebVTT (.vtt) file.") % {"what": label}
                        )
                    }
                )
        return cleaned


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default=_("Key points"), max_length=120)
    points = blocks.ListBlock(blocks.CharBlock(max_length=400), min_num=1)

    class Meta:
        icon = "pick"
        label = _("Key points")
        template = "courses/blocks/key_points.html"
        preview_value = {"heading": "Key points", "points": ["An IMHA is independent of the team."]}


class LearningOutcomesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        default=_("By the end of this module you will be able to"), max_length=200
    )
    outcomes = blocks.ListBlock(blocks.CharBlock(max_length=400), min_num=1)

    class Meta:
        icon = "tick"
        label = _("Learning outcomes")
        template = "courses/blocks/learning_outcomes.html"
        preview_value = {"outcomes": ["Explain what an IMHA does."]}


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Reflection prompt"))

    class Meta:
        icon = "openquote"
        label = _("Reflection prompt")
        template = "courses/blocks/reflection_prompt.html"
        preview_value = {"prompt": "Think of a time a patient asked about their rights."}


class QuizPlacementBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("quizzes.Quiz")
    purpose = blocks.ChoiceBlock(
        # The follow-up's attitudes are asked by the follow-up itself, weeks later, not a module.
        choices=[c for c in QuizAttempt.Purpose.choices if c[0] != "attitude_later"],
        default=QuizAttempt.Purpose.KNOWLEDGE,
        help_text=_(
            "A knowledge check counts toward completion; attitude questionnaires never do."
        ),
    )
    heading = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "help"
        label = _("Quiz")
        template = "courses/blocks/quiz.html"
        preview_template = "courses/blocks/quiz_preview.html"
        preview_value = {"heading": "Check your knowledge"}


class ModuleBodyBlock(blocks.StreamBlock):
    film = FilmBlock()
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        icon="doc-full",
        label=_("Text"),
        template="courses/blocks/text.html",
    )
    key_points = KeyPointsBlock()
    learning_outcomes = LearningOutcomesBlock()
    reflection_prompt = ReflectionPromptBlock()
    quiz = QuizPlacementBlock()
