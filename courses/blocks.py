from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

from quizzes.models import QuizAttempt


class ChapterBlock(blocks.StructBlock):
    start = blocks.IntegerBlock(label=_("Starts at (seconds)"), min_value=0)
    title = blocks.CharBlock(label=_("Chapter title"), max_length=120)

    class Meta:
        icon = "time"


class CheckpointBlock(blocks.StructBlock):
    """A question the film pauses for. It is also listed beside the transcript."""

    time = blocks.IntegerBlock(label=_("Pause at (seconds)"), min_value=0)
    question = SnippetChooserBlock("quizzes.Question", label=_("Question"))

    class Meta:
        icon = "help"
        label = _("Checkpoint")


class FilmBlock(blocks.StructBlock):
    """A film with captions and a transcript beside it; both are required, for access."""

    title = blocks.CharBlock(label=_("Film title"), max_length=200)
    video = VideoChooserBlock(
        required=False,
        help_text=_("Upload the film to the media library, or give an embed address."),
    )
    embed_url = blocks.URLBlock(
        required=False,
        label=_("Embed address"),
        help_text=_("A YouTube (no-cookie) or Vimeo player address."),
    )
    captions = DocumentChooserBlock(label=_("Captions (WebVTT file)"))
    descriptions = DocumentChooserBlock(
        required=False,
        label=_("Audio description (WebVTT file, optional)"),
        help_text=_(
            "What the film shows and does not say, one cue for each moment, for blind and "
            "partially sighted staff. The player reads each one out; the transcript lists them."
        ),
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), features=["h3", "bold", "italic", "ol", "ul"]
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

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("video")) == bool(value.get("embed_url")):
            raise StructBlockValidationError(
                block_errors={
                    "video": ValidationError(_("Choose a film or give an embed address, not both."))
                }
            )
        for name, label in (("captions", _("Captions")), ("descriptions", _("Audio description"))):
            document = value.get(name)
            if document and not document.file.name.lower().endswith(".vtt"):
                raise StructBlockValidationError(
                    block_errors={
                        name: ValidationError(
                            _("%(what)s must be a WebVTT (.vtt) file.") % {"what": label}
                        )
                    }
                )
        return value


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
        choices=QuizAttempt.Purpose.choices,
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
