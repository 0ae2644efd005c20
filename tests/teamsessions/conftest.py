"""What the team-session tests share: a trust, a course with a module that has discussion
prompts and an attitude quiz, a facilitator, a team of six on Aspen and a guest from Maple."""

import datetime

import pytest

from quizzes.models import Quiz
from teamsessions import services
from teamsessions.models import TeamSession
from tests import builders

START = datetime.datetime(2027, 2, 3, 14, 0, tzinfo=datetime.UTC)
END = START + datetime.timedelta(hours=1)


@pytest.fixture
def world(db):
    units = builders.trust_tree()
    made = builders.make_course(modules=1, with_film=False)
    quiz = builders.make_quiz(
        [
            builders.likert(text="Advocates help me."),
            builders.likert(text="Advocates get in the way.", reverse=True),
        ],
        kind=Quiz.Kind.ATTITUDE,
    )
    module = made["modules"][0]
    module.body = [
        *module.body.raw_data,
        {
            "type": "reflection_prompt",
            "value": {"prompt": "When did a patient last ask about an advocate?"},
        },
        {"type": "reflection_prompt", "value": {"prompt": "What stops us telling patients?"}},
        builders.quiz_block(quiz, purpose="attitude_pre"),
    ]
    module.save_revision().publish()
    facilitator = builders.make_trainer(first_name="Fay", last_name="Facilitator")
    team = []
    for i in range(6):
        user = builders.make_user(first_name=f"Nurse{i}", last_name="Aspen")
        builders.staff(units["aspen"], user=user)
        team.append(user)
    guest = builders.make_user(first_name="Gus", last_name="Guest")
    builders.staff(units["maple"], user=guest)
    return {
        **made,
        "units": units,
        "quiz": quiz,
        "facilitator": facilitator,
        "team": team,
        "guest": guest,
    }


def plan(world, *, module=None, starts=START, ends=END, capacity=10):
    return services.session_schedule(
        actor=world["facilitator"],
        data={
            "course": world["course"],
            "module": module,
            "unit": world["units"]["aspen"],
            "facilitator_role": TeamSession.FacilitatorRole.TRAINER,
            "starts_at": starts,
            "ends_at": ends,
            "place": "Aspen Ward day room",
            "video_link": "",
            "capacity": capacity,
        },
    )
