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

  const send = async (keepalive = false) => {
    if (!video.paused) { close(); start = video.currentTime; last = start; }
    if (!pending.length) return;
    const segments = pending;
    pending = [];
    const result = await postJSON(url, { block: section.dataset.block, segments, duration: video.duration }, { keepalive })
      .catch(() => ({ ok: false, status: 0 }));
    if (!result.ok) {
      if (result.status === 0 || result.status >= 500 || result.status === 422) pending = segments.concat(pending);
      return;
    }
    if (status) {
      status.textContent = result.data.watched
        ? "You have watched this film."
        : `You have watched ${result.data.percent}% of this film.`;
    }
  };
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
}

// --- Quiz: keep each answer on the server as soon as it is given. ---
function autosave(form) {
  const url = form.dataset.autosaveUrl;
  const status = form.querySelector("[data-save-status]");
  form.addEventListener("change", async (event) => {
    const input = event.target;
    const match = /^q(\d+)$/.exec(input.name || "");
    if (!match) return;
    const values = Array.from(form.querySelectorAll(`[name="${input.name}"]:checked`)).map((el) => el.value);
    const result = await postJSON(url, { question: Number(match[1]), answer: values }).catch(() => ({ ok: false }));
    if (status) status.textContent = result.ok ? "Answer saved." : (result.data && result.data.error) || "Not saved yet. Check your connection.";
  });
  form.addEventListener("submit", () => {
    const button = form.querySelector("button[type=submit]");
    if (button) setTimeout(() => { button.disabled = true; }, 0);
  });
}

document.querySelectorAll("[data-film]").forEach(trackFilm);
document.querySelectorAll("form[data-autosave-url]").forEach(autosave);
