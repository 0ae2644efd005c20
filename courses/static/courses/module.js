// Module page enhancements. The page works without them: forms still post, the transcript and
// captions are always there. With them, answers save as they are given and film progress is sent.

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

async function postJSON(url, body, { keepalive = false } = {}) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    keepalive,
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify(body),
  });
  let data = {};
  try { data = await response.json(); } catch (e) { /* not JSON */ }
  return { ok: response.ok, status: response.status, data };
}

// --- Film: report the ranges actually played, never a "finished" flag. ---
function trackFilm(section) {
  const video = section.querySelector("video");
  const status = section.querySelector("[data-film-status]");
  const url = section.dataset.progressUrl;
  if (!video || !url) return;
  let pending = [];
  let start = null;
  let last = null;

  const close = () => {
    if (start !== null && last !== null && last > start) pending.push([start, last]);
    start = null;
  };
  video.addEventListener("timeupdate", () => {
    const now = video.currentTime;
    if (video.paused || video.seeking) return;
    if (start === null || last === null || Math.abs(now - last) > 2) { close(); start = now; }
    last = now;
  });
  ["pause", "seeking", "ended"].forEach((name) => video.addEventListener(name, close));
  // The server credits at most twice real time, so the player offers no faster speed.
  const MAX_RATE = 2;
  video.addEventListener("ratechange", () => { if (video.playbackRate > MAX_RATE) video.playbackRate = MAX_RATE; });

  let opened = false;
  const send = async (keepalive = false, ping = false) => {
    if (!video.paused) { close(); start = video.currentTime; last = start; }
    if (!pending.length && !ping) return;
    const segments = pending;
    pending = [];
    const result = await postJSON(url, { block: section.dataset.block, segments }, { keepalive })
      .catch(() => ({ ok: false, status: 0 }));
    if (!result.ok) {
      if (result.status === 0 || result.status >= 500) pending = segments.concat(pending);
      return;
    }
    opened = true;
    if (status) {
      status.textContent = result.data.watched
        ? "You have watched this film."
        : `You have watched ${result.data.percent}% of this film.`;
    }
  };
  // The first heartbeat, sent as play starts, starts the server's clock for this film.
  video.addEventListener("play", () => { if (!opened) send(false, true); });
  setInterval(send, 10000);
  video.addEventListener("ended", () => send());
  window.addEventListener("pagehide", () => send(true));

  const seek = (seconds) => {
    const go = () => { video.currentTime = seconds; video.focus(); };
    if (video.readyState >= 1) go(); else video.addEventListener("loadedmetadata", go, { once: true });
  };
  section.querySelectorAll("[data-seek]").forEach((link) => {
    link.addEventListener("click", (event) => { event.preventDefault(); seek(Number(link.dataset.seek)); });
  });
  const t = Number(new URLSearchParams(window.location.search).get("t"));
  if (t > 0) seek(t);
  checkpoints(section, video);
}

// --- Checkpoints: the film pauses, the question appears under it, the answer is saved. ---
function checkpoints(section, video) {
  const forms = Array.from(section.querySelectorAll("form[data-checkpoint]"));
  if (!forms.length) return;
  const slot = section.querySelector("[data-checkpoint-slot]");
  const preventSkipping = section.hasAttribute("data-prevent-skipping");
  let furthest = Number(section.dataset.watched || 0);
  let active = null;
  const pending = () => forms.filter((f) => f.dataset.answered !== "true");
  const nextPending = () => pending().sort((a, b) => a.dataset.time - b.dataset.time)[0];

  video.addEventListener("timeupdate", () => {
    if (!video.seeking) furthest = Math.max(furthest, Math.min(video.currentTime, furthest + 2));
    const due = pending().find((f) => video.currentTime >= Number(f.dataset.time) && video.currentTime < Number(f.dataset.time) + 2);
    if (due && due !== active) {
      active = due;
      video.pause();
      if (slot) slot.append(due);
      const legend = due.querySelector("legend, label");
      if (legend) { legend.setAttribute("tabindex", "-1"); legend.focus(); }
    }
  });
  video.addEventListener("seeking", () => {
    if (!preventSkipping) return;
    const next = nextPending();
    const limit = next ? Math.min(Number(next.dataset.time), Math.max(furthest, 0)) : null;
    if (next && video.currentTime > Number(next.dataset.time) && video.currentTime > furthest) {
      video.currentTime = Math.max(0, limit);
    }
  });

  forms.forEach((form) => {
    const resume = form.querySelector("[data-resume]");
    if (resume) resume.addEventListener("click", () => { resume.hidden = true; active = null; video.play(); video.focus(); });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const questionId = form.dataset.questionId;
      const answer = collectAnswer(form, questionId);
      const result = await postJSON(section.dataset.checkpointUrl, { block: section.dataset.block, question: Number(questionId), answer })
        .catch(() => ({ ok: false, data: {} }));
      const server = form.querySelector("[data-server-feedback]");
      if (server) server.remove();
      if (!result.ok) {
        showFeedback(form, questionId, { correct: null, message: (result.data && result.data.error) || "Not saved yet. Check your connection." });
        return;
      }
      form.dataset.answered = "true";
      showFeedback(form, questionId, result.data.feedback);
      if (resume && active === form) resume.hidden = false;
    });
  });
}

// --- Quiz: keep each answer on the server as soon as it is given. ---
function collectAnswer(form, questionId) {
  const name = `q${questionId}`;
  const list = [];
  const parts = {};
  let hasParts = false;
  Array.from(form.elements).forEach((el) => {
    if (!el.name || (el.name !== name && !el.name.startsWith(`${name}-`))) return;
    if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
    if (el.name === name) list.push(el.value);
    else { hasParts = true; parts[el.name.slice(name.length + 1)] = el.value; }
  });
  return hasParts ? parts : list;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function mmss(seconds) {
  const s = Math.floor(seconds);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function showFeedback(form, questionId, feedback) {
  const slot = form.querySelector(`[data-feedback-for="${questionId}"]`);
  if (!slot || !feedback) return;
  slot.replaceChildren();
  const box = element("div", "nhsuk-inset-text");
  if (feedback.correct === true) box.append(element("p", "", "Correct."));
  if (feedback.correct === false) box.append(element("p", "", "Not quite."));
  (feedback.option_feedback || []).forEach((text) => box.append(element("p", "", text)));
  if (feedback.message) box.append(element("p", "", feedback.message));
  if (feedback.correct === false && feedback.solution) {
    const details = element("details", "nhsuk-details");
    const summary = element("summary", "nhsuk-details__summary");
    summary.append(element("span", "nhsuk-details__summary-text", "Show solution"));
    details.append(summary, element("div", "nhsuk-details__text", feedback.solution));
    box.append(details);
  }
  if (feedback.correct === false && feedback.rewatch) {
    const link = element("a", "", `Rewatch ${mmss(feedback.rewatch[0])}–${mmss(feedback.rewatch[1])} of the film`);
    link.href = `?t=${feedback.rewatch[0]}#film`;
    const line = element("p");
    line.append(link);
    box.append(line);
  }
  slot.append(box);
}

function numberOf(form, questionId) {
  const box = form.querySelector(`[data-question="${questionId}"]`);
  return (box && box.dataset.number) || "";
}

function autosave(form) {
  const url = form.dataset.autosaveUrl;
  const status = form.querySelector("[data-save-status]");
  const timers = {};
  const queues = {};
  // One question's saves go one after another, so a slower half answer never lands after the
  // whole answer that followed it.
  const save = (questionId) => {
    queues[questionId] = (queues[questionId] || Promise.resolve()).then(() => saveNow(questionId));
    return queues[questionId];
  };
  let submitting = false;  // once the form is sent, the submit carries every answer
  let inFlight = 0;  // saves sent and not yet answered
  const saveNow = async (questionId) => {
    if (submitting) return;
    const answer = collectAnswer(form, questionId);
    inFlight += 1;
    const result = await postJSON(url, { question: Number(questionId), answer })
      .catch(() => ({ ok: false, data: {} }))
      .finally(() => { inFlight -= 1; });
    if (submitting) return;  // the page is being left; the submit holds this answer too
    if (status) {
      if (result.ok && result.data.draft) status.textContent = `Your progress on question ${numberOf(form, questionId)} is kept. ${result.data.needs}`;
      else status.textContent = result.ok ? "Answer saved." : (result.data && result.data.error) || "Not saved yet. Check your connection.";
    }
    if (result.ok && !result.data.draft) showFeedback(form, questionId, result.data.feedback);
  };
  const questionOf = (el) => (el.closest("[data-question]") || {}).dataset?.question;
  form.addEventListener("change", (event) => {
    const questionId = questionOf(event.target);
    if (questionId) save(questionId);
  });
  form.addEventListener("input", (event) => {
    const questionId = questionOf(event.target);
    if (!questionId || !/^(text|textarea)$/.test(event.target.type)) return;
    clearTimeout(timers[questionId]);
    timers[questionId] = setTimeout(() => save(questionId), 1500);
  });
  form.addEventListener("submit", (event) => {
    if (submitting) { event.preventDefault(); return; }  // a second press while the first is sent
    submitting = true;
    Object.values(timers).forEach(clearTimeout);
    const button = form.querySelector("button[type=submit]");
    if (button) setTimeout(() => { button.disabled = true; }, 0);
    if (inFlight === 0) return;
    // A save still on its way would reach the server after the submit and be refused: the form
    // is sent once every save has had its answer. submit() sends it without a second event.
    event.preventDefault();
    Promise.allSettled(Object.values(queues)).then(() => HTMLFormElement.prototype.submit.call(form));
  });
  const countdown = form.querySelector("[data-deadline]");
  if (countdown) {
    const deadline = Date.parse(countdown.dataset.deadline);
    const tick = () => {
      const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      countdown.textContent = left > 0 ? `Time left: ${mmss(left)}` : "Time is up. Submit to see your result.";
      if (left > 0) setTimeout(tick, left > 60 ? 15000 : 1000);
    };
    tick();
  }
}

// --- Audio description: each cue of the film's descriptions track goes to a live region for
// screen readers and, if asked, is spoken by the browser. When a description is still being
// spoken as its moment in the film ends, the film waits for it (extended description).
function describeFilm(section) {
  const video = section.querySelector("video");
  const panel = section.querySelector("[data-describe]");
  if (!video || !panel) return;
  const trackElement = video.querySelector("track[kind=descriptions]");
  const track = trackElement && trackElement.track;
  if (!track) return;
  const on = panel.querySelector("[data-describe-on]");
  const speak = panel.querySelector("[data-describe-speak]");
  const live = panel.querySelector("[data-describe-live]");
  const synth = window.speechSynthesis;
  if (!synth && speak) speak.closest(".nhsuk-checkboxes__item").hidden = true;
  panel.hidden = false;
  let waitingFor = null;
  let speaking = null;  // the utterance being read, and the cue it belongs to
  const resume = (utterance) => {
    if (speaking && speaking.utterance === utterance) speaking = null;
    if (waitingFor === utterance) { waitingFor = null; video.play().catch(() => {}); }
  };
  const update = () => {
    track.mode = on.checked || (speak && speak.checked) ? "hidden" : "disabled";
    if (!on.checked) live.textContent = "";
  };
  const say = (cue) => {
    if (!synth || !speak || !speak.checked) return;
    const utterance = new SpeechSynthesisUtterance(cue.text);
    utterance.lang = "en-GB";
    // Some browsers end a cut-off utterance with "error" rather than "end": resume on either.
    utterance.addEventListener("end", () => resume(utterance));
    utterance.addEventListener("error", () => resume(utterance));
    synth.cancel();
    speaking = { utterance, cue };
    synth.speak(utterance);
  };
  const watchCue = (cue) => {
    if (cue.bridgeWatched) return;
    cue.bridgeWatched = true;
    cue.addEventListener("enter", () => {
      if (on.checked) live.textContent = `Description: ${cue.text}`;
      say(cue);
    });
    cue.addEventListener("exit", () => {
      // Still reading this cue's description as its moment ends: the film waits for it.
      if (speaking && speaking.cue === cue && !video.paused) {
        waitingFor = speaking.utterance;
        video.pause();
      }
    });
  };
  const watchAll = () => {
    Array.from(track.cues || []).forEach(watchCue);
    // The track loads when descriptions are switched on: a cue already under way is read now.
    const current = track.activeCues && track.activeCues[0];
    if (current && on.checked && !live.textContent) live.textContent = `Description: ${current.text}`;
  };
  trackElement.addEventListener("load", watchAll);
  on.addEventListener("change", () => { update(); watchAll(); });
  if (speak) speak.addEventListener("change", () => { update(); watchAll(); if (!speak.checked && synth) synth.cancel(); });
  video.addEventListener("seeking", () => { waitingFor = null; speaking = null; if (synth) synth.cancel(); });
  video.addEventListener("play", () => { waitingFor = null; });
  update();
}

document.querySelectorAll("[data-film]").forEach(trackFilm);
document.querySelectorAll("[data-film]").forEach(describeFilm);
document.querySelectorAll("form[data-autosave-url]").forEach(autosave);
