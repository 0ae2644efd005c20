from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from core import published

        from .models import Question, Quiz, QuizQuestion

        # A published module shows its quizzes and their question counts: an edit to a quiz or a
        # question is a change to it. Learners' attempts and answers never bump.
        questions = [m for m in self.get_models() if issubclass(m, Question)]
        published.bump_on(Quiz, QuizQuestion, *questions)
