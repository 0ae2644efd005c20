"""The mixed learner journey, for ``make loadtest`` (bench/loadtest.py starts everything).

Each simulated learner signs in once, then loops: My training, the course, and for each module
the page, a film heartbeat, its checkpoint answers, the transcript, its quizzes (start, page,
submit, result) and its reflection; then the certificate, and a retake so the loop can start
again. One step is one request. Every acknowledged write is appended to the file named by
``LOADTEST_ACKS`` so the run can check afterwards that none was lost or duplicated.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time

from locust import HttpUser, constant_throughput, events, task

JOURNEY = json.loads(open(os.environ["LOADTEST_JOURNEY"]).read())  # noqa: SIM115
ACKS_PATH = os.environ.get("LOADTEST_ACKS", os.devnull)
ACK_LOCK = threading.Lock()
ACK_FILE = open(ACKS_PATH, "a")  # noqa: SIM115
RETRY_AFTER_SECONDS = 2
STEPS_PER_SECOND = float(os.environ.get("LOADTEST_STEPS_PER_SECOND", "2.5"))
USERS = iter(JOURNEY["learners"])
ATTEMPT = re.compile(r'name="attempt" value="(\d+)"')
QUESTION = re.compile(r'data-question="(\d+)"')
CERTIFICATE = re.compile(r'href="(/certificates/completion/\d+/)"')


def ack(kind: str, **fields) -> None:
    with ACK_LOCK:
        ACK_FILE.write(json.dumps({"kind": kind, **fields}) + "\n")
        ACK_FILE.flush()


@events.quitting.add_listener
def _close(**_kwargs):
    ACK_FILE.close()


class Learner(HttpUser):
    wait_time = constant_throughput(STEPS_PER_SECOND)

    last_status = None

    def on_start(self):
        original = self.client.request

        def request(method, url, *args, **kwargs):
            response = original(method, url, *args, **kwargs)
            if response.status_code == 503:
                self.last_status = 503
            return response

        self.client.request = request
        self.email = next(USERS)
        self.client.get("/accounts/sign-in/", name="sign in page")
        self.post(
            "/accounts/sign-in/",
            {"username": self.email, "password": JOURNEY["password"]},
            name="sign in",
        )
        self.steps = self.journey()

    # -- helpers -------------------------------------------------------------------------------
    def csrf(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def post(self, url, data, *, name, expect=(302,)):
        with self.client.post(
            url, data, headers=self.csrf(), allow_redirects=False, name=name, catch_response=True
        ) as response:
            if response.status_code not in expect:
                response.failure(f"{response.status_code} from {url}")
            return response

    def post_json(self, url, data, *, name):
        with self.client.post(
            url,
            data=json.dumps(data),
            headers={**self.csrf(), "Content-Type": "application/json"},
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} from {url}")
            return response

    # -- the journey, one request per step -----------------------------------------------------
    def journey(self):
        course = JOURNEY["course"]
        while True:
            yield lambda: self.client.get("/my-training/", name="my training")
            yield lambda: self.client.get(course["url"], name="course page")
            for module in course["modules"]:
                yield lambda m=module: self.client.get(m["url"], name="module page")
                for film in module["films"]:
                    yield lambda m=module, f=film: self.post_json(
                        f"/modules/{m['id']}/film/progress/",
                        {"block": f["block"], "segments": [[0, 4]], "duration": f["duration"]},
                        name="film heartbeat",
                    )
                    for checkpoint in film["checkpoints"]:
                        yield lambda m=module, f=film, c=checkpoint: self.checkpoint(m, f, c)
                    yield lambda m=module: self.post(
                        f"/modules/{m['id']}/film/transcript-read/", {}, name="transcript read"
                    )
                for quiz in module["quizzes"]:
                    yield lambda m=module, q=quiz: self.post(
                        f"/modules/{m['id']}/quiz/start/",
                        {"quiz": q["quiz"], "purpose": q["purpose"]},
                        name="quiz start",
                    )
                    page = {}
                    yield lambda m=module, p=page: p.update(
                        html=self.client.get(m["url"], name="quiz page").text
                    )
                    result = {}
                    yield lambda m=module, p=page, r=result: r.update(
                        response=self.submit(m, p.get("html", ""))
                    )
                    yield lambda r=result: self.follow(r, name="quiz result")
                if module["reflection"]:
                    yield lambda m=module: self.post(
                        f"/modules/{m['id']}/reflection/",
                        {"text": "I will tell patients about advocacy on admission."},
                        name="reflection",
                    )
            found = {}
            yield lambda f=found: f.update(
                html=self.client.get("/my-training/", name="my training").text
            )
            yield lambda f=found: self.certificate(f.get("html", ""))
            yield lambda: self.post(
                f"/courses/{course['id']}/retake/", {}, name="retake", expect=(302,)
            )

    def checkpoint(self, module, film, checkpoint):
        response = self.post_json(
            f"/modules/{module['id']}/film/checkpoint/",
            {
                "block": film["block"],
                "question": checkpoint["question"],
                "answer": checkpoint["answer"],
            },
            name="checkpoint answer",
        )
        if response.status_code == 200:
            ack("checkpoint", user=self.email, module=module["id"], question=checkpoint["question"])

    def submit(self, module, html):
        found = ATTEMPT.search(html)
        if not found:
            return None
        fields = {"attempt": found.group(1)}
        for question in dict.fromkeys(QUESTION.findall(html.split('name="attempt"', 1)[1])):
            raw = JOURNEY["answers"].get(question)
            if isinstance(raw, dict):
                fields.update({f"q{question}-{part}": value for part, value in raw.items()})
            elif raw is not None:
                fields[f"q{question}"] = raw
        response = self.post(f"/modules/{module['id']}/quiz/submit/", fields, name="quiz submit")
        if response.status_code == 302:
            ack("attempt", user=self.email, attempt=int(found.group(1)))
        return response

    def follow(self, holder, *, name):
        response = holder.get("response")
        if response is not None and response.status_code == 302:
            self.client.get(response.headers["Location"], name=name)

    def certificate(self, html):
        found = CERTIFICATE.search(html)
        if found is None:
            return
        completion = int(found.group(1).rstrip("/").rsplit("/", 1)[1])
        ack("completion", user=self.email, completion=completion)
        with self.client.get(found.group(1), name="certificate PDF", catch_response=True) as pdf:
            if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
                pdf.failure(f"certificate: {pdf.status_code}")

    @task
    def step(self):
        """One step; after a 503 (counted as a failure) wait as Retry-After says and do it again,
        as the page's own script and a person would, so the journey stays in step."""
        action = next(self.steps)
        for _attempt in range(10):
            self.last_status = None
            action()
            if self.last_status != 503:
                return
            time.sleep(float(RETRY_AFTER_SECONDS))
