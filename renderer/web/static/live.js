"use strict";
/* Live Class: the presenter's view. It drives the audience's window (the player) step by
 * step, and shows the slide n/N, a timer, the speaker notes, what comes next and every
 * slide to jump to. A take can be recorded over the slides with the presenter's microphone.
 * Its language follows the audience's, and choosing one here switches both. */
(() => {
  const languages = window.RvLanguages();
  const $ = (id) => document.getElementById(id);
  let lang = languages.initial, data = languages.data(lang), states = statesOf(data);
  let slide = 0, step = 0, playing = false, connected = false;
  let timerStarted = 0, timerBefore = 0, timerRunning = false;
  const phrases = { ...data.phrases };

  /* Every reveal state of the video in order: [slide, step, first frame, picture]. */
  function statesOf(d) {
    return d.slides.flatMap((s, i) => (s.steps.length ? s.steps : [{ image: 0, start: s.start }])
      .map((st, k) => [i, k, st.start, st.image]));
  }

  /* The presenter's view in another language (the same slide and step). */
  function useLanguage(code) {
    const found = languages.find(code);
    if (!found) return;
    lang = found;
    data = languages.data(found);
    states = statesOf(data);
    Object.assign(phrases, data.phrases);
    languages.apply(found, $("language"));
    window.rvWords(phrases);
    document.title = `${phrases.live} · ${data.title}`;
    $("live-title").textContent = data.title;
    $("countdown-phrase").textContent = data.phrases.countdown;
    $("grid").replaceChildren(...data.slides.map((s, i) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      const picture = document.createElement("img");
      const title = document.createElement("span");
      button.type = "button";
      button.dataset.slide = String(i);
      picture.src = data.images[s.steps.length ? s.steps[s.steps.length - 1].image : 0];
      picture.alt = "";
      picture.loading = "lazy";
      title.textContent = `${s.number}. ${s.title}`;
      button.append(picture, title);
      item.append(button);
      return item;
    }));
    slide = Math.min(slide, data.slides.length - 1);
    step = Math.min(step, Math.max(0, data.slides[slide].steps.length - 1));
    show();
  }

  function indexOf(s, k) {
    const found = states.findIndex(([a, b]) => a === s && b === k);
    return found < 0 ? 0 : found;
  }

  function show() {
    const info = data.slides[slide];
    const [, , , picture] = states[indexOf(slide, step)];
    $("live-current").src = data.images[picture];
    const place = { number: slide + 1, total: data.slides.length, title: info.title };
    $("live-current").alt = window.rvSay(phrases.slide_of, place);
    $("live-counter").textContent = window.rvSay(phrases.live_counter, place);
    document.body.dataset.slide = String(slide + 1);
    document.body.dataset.step = String(step);
    $("notes").textContent = info.notes || "";
    const next = data.slides[slide + 1];
    $("up-next").textContent = next ? `${next.number}. ${next.title}` : phrases.the_end;
    const nextPicture = $("up-next-picture");
    nextPicture.hidden = !next;
    if (next) nextPicture.src = data.images[(next.steps[0] || { image: 0 }).image];
    $("live-play").textContent = playing ? phrases.pause_narration : phrases.play_narration;
    $("link-status").textContent = connected ? phrases.audience_on : phrases.audience_off;
    $("timer-start").textContent = timerRunning ? phrases.timer_pause : phrases.timer_start;
    for (const button of $("grid").querySelectorAll("button")) {
      button.setAttribute("aria-current", String(Number(button.dataset.slide) === slide));
    }
  }

  function go(index) {
    const [s, k, frame] = states[Math.max(0, Math.min(states.length - 1, index))];
    slide = s;
    step = k;
    link.send({ type: "goto", frame });
    show();
  }

  function onAudience(message) {
    if (message.type !== "state" || !Number.isInteger(message.slide)) return;
    if (!connected) {
      connected = true;
      document.body.dataset.connected = "true";
    }
    slide = Math.max(0, Math.min(data.slides.length - 1, message.slide));
    step = Number.isInteger(message.step) ? message.step : 0;
    playing = Boolean(message.playing);
    if (message.lang && message.lang !== lang) useLanguage(message.lang);
    show();
  }
  const link = window.RvLink(onAudience);

  function tickTimer() {
    const elapsed = timerBefore + (timerRunning ? (performance.now() - timerStarted) / 1000 : 0);
    $("timer").textContent = window.rvClock(elapsed, true);
  }

  function toggleTimer() {
    if (timerRunning) timerBefore += (performance.now() - timerStarted) / 1000;
    else timerStarted = performance.now();
    timerRunning = !timerRunning;
    $("timer-start").textContent = timerRunning ? phrases.timer_pause : phrases.timer_start;
    tickTimer();
  }

  function resetTimer() {
    timerBefore = 0;
    timerStarted = performance.now();
    tickTimer();
  }
  setInterval(tickTimer, 250);

  function togglePlay() {
    link.send({ type: playing ? "pause" : "play" });
    playing = !playing;
    show();
  }

  const recorder = window.RvRecorder({
    phrases, name: `${data.slug || "take"}-live`,
    stream: async () => {
      const stream = await window.rvTabStream(null, true);
      if (!timerRunning) toggleTimer();
      return stream;
    },
    started: () => {}, stopped: () => {},
  });

  const keys = {
    ArrowRight: () => go(indexOf(slide, step) + 1), PageDown: () => go(indexOf(slide, step) + 1),
    ArrowLeft: () => go(indexOf(slide, step) - 1), PageUp: () => go(indexOf(slide, step) - 1),
    " ": togglePlay, s: toggleTimer, 0: resetTimer,
    r: () => (recorder.state === "recording" ? recorder.finish() : recorder.start()),
    Escape: () => recorder.cancel(),
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest("button") && event.key === " ") return;
    if (event.target.tagName === "SELECT") return;
    const action = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
  $("live-next").addEventListener("click", () => keys.ArrowRight());
  $("live-prev").addEventListener("click", () => keys.ArrowLeft());
  $("live-play").addEventListener("click", togglePlay);
  $("timer-start").addEventListener("click", toggleTimer);
  $("timer-reset").addEventListener("click", resetTimer);
  $("live-record").addEventListener("click", () => keys.r());
  $("language").addEventListener("change", (event) => {
    useLanguage(event.target.value);
    link.send({ type: "language", lang });
  });
  $("grid").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-slide]");
    if (button) go(indexOf(Number(button.dataset.slide), 0));
  });

  /* For tests: where the presenter is. */
  window.renderVideoLive = { get data() { return data; },
    state: () => ({ slide, step, connected, playing, lang }) };
  if (lang !== languages.codes[0]) useLanguage(lang);
  else languages.apply(lang, $("language"));
  show();
  link.send({ type: "hello" });
})();
