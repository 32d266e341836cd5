"use strict";
/* The player: the render's pictures and narration on the render's timeline. The narration's
 * clock (the <audio> element, through RvNarration: narration.js, which makes it seekable
 * from any server) says which frame it is; the frame says which picture is on screen,
 * exactly as in the MP4 (the same held pictures and crossfades, data.segments), which slide
 * and reveal step that is, and which caption and word. Every language rendered into the
 * folder is in the page: switching swaps the pictures, narration and captions in place and
 * stays on the same slide and reveal step (`useLanguage`). */
(() => {
  const languages = window.RvLanguages();
  const $ = (id) => document.getElementById(id);
  let lang = languages.initial, data = languages.data(lang);
  let fps, duration, segmentStarts, slideStarts, cueStarts;
  const audio = $("narration"), stage = $("stage"), black = $("black");
  if (audio.getAttribute("src") !== data.audio) audio.src = data.audio;  /* ?lang= */
  const narration = window.RvNarration(audio);
  const pictures = [$("picture-a"), $("picture-b")];
  const titleScreen = $("title-screen"), help = $("help"), chapters = $("chapters");
  const captionBox = $("captions"), announce = $("announce");
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)");
  const preloaded = new Map();
  const phrases = { ...data.phrases };

  /* What the player looks up in the language's data, worked out once per language. */
  function derive() {
    fps = data.fps[0] / data.fps[1];
    duration = data.frames / fps;
    segmentStarts = data.segments.map((segment) => segment[0]);
    slideStarts = data.slides.map((slide) => slide.start);
    cueStarts = data.cues.map((cue) => cue.start);
  }
  derive();
  let captionsOn = false, captionsChosen = false, shownSlide = -1, shownStep = -1;
  let shownCue = -2, helpOpenedBy = null;

  /* Index of the last item of a rising list that is <= value (0 if none is). */
  function lastAtOrBefore(list, value) {
    let low = 0, high = list.length - 1, found = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (list[middle] <= value) { found = middle; low = middle + 1; } else high = middle - 1;
    }
    return found;
  }

  function frameAt(seconds) {
    return Math.min(data.frames - 1, Math.max(0, Math.floor(seconds * fps + 1e-6)));
  }

  /* What the MP4 shows at a frame: picture a, picture b over it at `mix`, black at `dark`
   * (frame i of an animation of n frames is (i + 1) / (n + 1) of the way, as in the MP4). */
  function view(frame) {
    const [start, , a, b, dark, offset, whole] = data.segments[lastAtOrBefore(segmentStarts, frame)];
    if (b < 0) return { a, b: -1, mix: 0, dark: 0 };
    const t = (frame - start + offset + 1) / (whole + 1);
    if (reduced.matches) return { a: t < 0.5 ? a : b, b: -1, mix: 0, dark: 0 };
    if (!dark) return { a, b, mix: t, dark: 0 };
    return t < 0.5 ? { a, b: -1, mix: 0, dark: Math.min(1, 2 * t) }
      : { a: b, b: -1, mix: 0, dark: Math.max(0, 2 - 2 * t) };
  }

  function show(picture, index) {
    if (picture.dataset.src !== data.images[index]) {
      picture.src = data.images[index];
      picture.dataset.src = data.images[index];
    }
  }

  function preload(index) {
    const src = data.images[index];
    if (src === undefined || preloaded.has(src)) return;
    const image = new Image();
    image.src = src;
    preloaded.set(src, image);
  }

  function render() {
    const seconds = narration.time, frame = frameAt(seconds), shown = view(frame);
    show(pictures[0], shown.a);
    if (shown.b >= 0) show(pictures[1], shown.b);
    pictures[1].style.opacity = shown.b >= 0 ? String(shown.mix) : "0";
    black.style.opacity = String(shown.dark);
    stage.dataset.frame = String(frame);
    stage.dataset.picture = String(shown.b >= 0 && shown.mix >= 0.5 ? shown.b : shown.a);
    const slide = lastAtOrBefore(slideStarts, frame);
    const steps = data.slides[slide].steps;
    const step = steps.length ? lastAtOrBefore(steps.map((s) => s.start), frame) : 0;
    if (slide !== shownSlide || step !== shownStep) changed(slide, step);
    const percent = Math.round((100 * seconds) / duration);
    $("progress-fill").style.width = `${Math.min(100, (100 * seconds) / duration)}%`;
    $("percent").textContent = `${percent}%`;
    const progress = $("progress");
    progress.setAttribute("aria-valuenow", String(percent));
    progress.setAttribute("aria-valuetext", `${percent}%, ${window.rvClock(seconds)}`);
    $("clock").textContent = `${window.rvClock(seconds)} / ${window.rvClock(duration)}`;
    renderCaption(seconds);
  }

  function changed(slide, step) {
    const newSlide = slide !== shownSlide;
    shownSlide = slide;
    shownStep = step;
    const info = data.slides[slide];
    stage.dataset.slide = String(slide + 1);
    stage.dataset.step = String(step);
    const label = `Slide ${slide + 1} of ${data.slides.length}: ${info.title}`;
    stage.setAttribute("aria-label", label);
    $("counter").textContent = `${slide + 1}/${data.slides.length}`;
    if (newSlide) {
      announce.textContent = label;
      if (location.hash !== `#slide=${slide + 1}`) history.replaceState(null, "", `#slide=${slide + 1}`);
    }
    const seconds = narration.time;
    let current = null;
    for (const button of chapters.querySelectorAll("button[data-seek]")) {
      if (Number(button.dataset.seek) <= seconds + 1e-3) current = button;
      button.removeAttribute("aria-current");
    }
    if (current) current.setAttribute("aria-current", "true");
    const next = data.slides[slide + 1];
    [...info.steps, ...(next ? next.steps.slice(0, 1) : [])].forEach((s) => preload(s.image));
    link.send(state());
  }

  function state() {
    return { type: "state", slide: shownSlide, step: shownStep, frame: frameAt(narration.time),
      playing: !narration.paused, muted: audio.muted, lang };
  }

  function renderCaption(seconds) {
    captionBox.hidden = !captionsOn;
    if (!captionsOn) return;
    let index = lastAtOrBefore(cueStarts, seconds);
    const cue = data.cues[index];
    if (!cue || seconds < cue.start || seconds >= cue.end) index = -1;
    if (index !== shownCue) {
      shownCue = index;
      captionBox.replaceChildren();
      if (index >= 0) {
        const box = document.createElement("div");
        box.className = "box";
        captionBox.append(box);
        let word = 0;
        const counted = cue.words.length === cue.lines.join(" ").split(" ").length;
        for (const line of cue.lines) {
          const row = document.createElement("div");
          line.split(" ").forEach((text, k) => {
            const span = document.createElement("span");
            span.textContent = text;
            if (counted) span.dataset.word = String(word++);
            if (k) row.append(" ");
            row.append(span);
          });
          box.append(row);
        }
      }
    }
    if (index < 0) return;
    const words = data.cues[index].words;
    const spoken = words.length ? lastAtOrBefore(words.map((w) => w[1]), seconds) : -1;
    for (const span of captionBox.querySelectorAll("span[data-word]")) {
      span.classList.toggle("spoken", Number(span.dataset.word) === spoken && seconds >= words[0][1]);
    }
  }

  function loop() {
    render();
    if (!audio.paused) requestAnimationFrame(loop);
  }

  function hideTitle() { titleScreen.hidden = true; }

  function play() {
    hideTitle();
    if (audio.ended || narration.time >= duration) narration.seek(0);
    narration.play().catch(() => { titleScreen.hidden = false; });
  }

  function pause() { narration.pause(); }

  function seekFrame(frame) {
    narration.seek((Math.max(0, Math.min(data.frames - 1, frame)) + 0.5) / fps);
    render();
  }

  function goSlide(index) {
    hideTitle();
    seekFrame(settled(Math.max(0, Math.min(data.slides.length - 1, index))));
  }

  // A slide's first frame sits inside the crossfade that brings it in (a dissolve straddles
  // the cut), so stopping there would show two slides blended: land where the blend ends,
  // but never past the slide's first spoken word (the blend ends inside the lead-in pause).
  function settled(index) {
    const start = data.slides[index].start;
    let frame = start;
    for (const s of data.segments) {
      if (s[3] >= 0 && s[0] <= frame && frame < s[0] + s[1]) frame = s[0] + s[1];
    }
    const cue = data.cues.find((c) => c.start * fps >= start);
    const spoken = cue ? Math.floor((cue.words.length ? cue.words[0][1] : cue.start) * fps)
      : frame;
    const end = index + 1 < data.slides.length ? data.slides[index + 1].start : data.frames;
    return Math.max(start, Math.min(frame, spoken, end - 1));
  }

  /* The frames a reveal step is on screen: [first, past the last). */
  function stepSpan(slide, step) {
    const steps = data.slides[slide].steps;
    const start = steps.length ? steps[step].start : data.slides[slide].start;
    const end = step + 1 < steps.length ? steps[step + 1].start
      : slide + 1 < data.slides.length ? data.slides[slide + 1].start : data.frames;
    return [start, Math.max(start + 1, end)];
  }

  /* Where the viewer is: the slide, the step and how far through the step (-1: settled on
   * the slide's start, as a key lands). */
  function place() {
    const frame = frameAt(narration.time);
    const slide = lastAtOrBefore(slideStarts, frame);
    const steps = data.slides[slide].steps;
    const step = steps.length ? lastAtOrBefore(steps.map((s) => s.start), frame) : 0;
    const [start, end] = stepSpan(slide, step);
    const at = step === 0 && frame <= settled(slide) ? -1 : (frame - start) / (end - start);
    return { slide, step, at };
  }

  /* The same place in the language now shown (its own timeline). */
  function frameOf({ slide, step, at }) {
    const s = Math.max(0, Math.min(data.slides.length - 1, slide));
    const k = Math.max(0, Math.min(data.slides[s].steps.length - 1, step));
    if (at < 0) return settled(s);
    const [start, end] = stepSpan(s, k);
    const frame = Math.min(end - 1, start + Math.floor(at * (end - start)));
    return k === 0 ? Math.max(frame, settled(s)) : frame;
  }

  /* Show the video in another language: its slides, narration and captions, at the same
   * slide and step, playing on if it was playing. */
  function useLanguage(code) {
    const found = languages.find(code);
    if (!found) return;
    const here = shownSlide >= 0 ? place() : null;
    lang = found;
    data = languages.data(found);
    derive();
    Object.assign(phrases, data.phrases);
    languages.apply(found, $("language"));
    labels();
    shownSlide = -1;
    shownStep = -1;
    shownCue = -2;
    const frame = here ? frameOf(here) : 0;
    narration.swap(data.audio, (frame + 0.5) / fps);
    render();
  }

  /* The page's words in the language shown (the markup holds the first language's). */
  function labels() {
    document.title = data.title;
    $("player").setAttribute("aria-label", data.title);
    $("now-title").textContent = data.title;
    $("byline").textContent = data.byline;
    $("voice").textContent = `Narrated by ${data.voice}`;
    $("countdown-phrase").textContent = data.phrases.countdown;
    const list = chapters.querySelector("ol");
    list.replaceChildren(...data.chapters.map((chapter) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      const at = document.createElement("span");
      button.type = "button";
      button.dataset.seek = String(chapter.start);
      at.className = "at";
      at.textContent = chapter.stamp;
      button.append(at, ` ${chapter.title}`);
      item.append(button);
      return item;
    }));
  }

  function setCaptions(on, chosen) {
    captionsOn = on;
    captionsChosen = captionsChosen || chosen;
    shownCue = -2;
    $("captions-toggle").setAttribute("aria-pressed", String(on));
    render();
  }

  function toggleNarration() {
    audio.muted = !audio.muted;
    $("narration-toggle").setAttribute("aria-pressed", String(!audio.muted));
    announce.textContent = audio.muted ? "Narration off" : "Narration on";
    if (audio.muted && !captionsChosen) setCaptions(true, false);
    link.send(state());
  }

  function toggleChapters(open) {
    chapters.hidden = !open;
    $("chapters-toggle").setAttribute("aria-expanded", String(open));
    if (open) (chapters.querySelector("button") || chapters).focus();
  }

  function toggleHelp(open) {
    if (open) helpOpenedBy = document.activeElement;
    help.hidden = !open;
    if (open) help.focus();
    else if (helpOpenedBy && helpOpenedBy.focus) helpOpenedBy.focus();
  }

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  }

  function openLive() {
    const opened = window.open(`live.html${location.search}`, "render-video-live");
    if (opened) link.setPeer(opened);
  }

  const recorder = window.RvRecorder({
    phrases, name: data.slug || "take",
    stream: () => window.rvTabStream(stage, false),
    started: () => { play(); $("record").setAttribute("aria-pressed", "true"); },
    stopped: () => { pause(); $("record").setAttribute("aria-pressed", "false"); },
  });

  function onLive(message) {
    if (message.type === "hello") link.send(state());
    else if (message.type === "goto" && Number.isInteger(message.frame)) {
      hideTitle();
      const slide = slideStarts.indexOf(message.frame);  // a slide's start: settle as a key does
      seekFrame(slide >= 0 ? settled(slide) : message.frame);
    } else if (message.type === "language") useLanguage(message.lang);
    else if (message.type === "play") play();
    else if (message.type === "pause") pause();
  }
  const link = window.RvLink(onLive);

  const keys = {
    " ": () => (narration.paused ? play() : pause()),
    ArrowRight: () => goSlide(shownSlide + 1),
    ArrowLeft: () => goSlide(shownSlide - 1),
    m: toggleNarration, f: fullscreen, "?": () => toggleHelp(true),
    c: () => setCaptions(!captionsOn, true), t: () => toggleChapters(chapters.hidden),
    l: openLive,
    r: () => (recorder.state === "recording" ? recorder.finish() : recorder.start()),
    Escape: () => (recorder.state !== "idle" ? recorder.cancel() : toggleChapters(false)),
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.tagName === "SELECT") return;  /* the language list's own keys */
    if (!help.hidden) { event.preventDefault(); toggleHelp(false); return; }
    const action = keys[event.key.length === 1 ? event.key.toLowerCase() : event.key]
      || keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  $("start").addEventListener("click", play);
  $("play").addEventListener("click", () => (narration.paused ? play() : pause()));
  $("narration-toggle").addEventListener("click", toggleNarration);
  $("captions-toggle").addEventListener("click", () => setCaptions(!captionsOn, true));
  $("chapters-toggle").addEventListener("click", () => toggleChapters(chapters.hidden));
  $("fullscreen").addEventListener("click", fullscreen);
  $("help-open").addEventListener("click", () => toggleHelp(true));
  $("language").addEventListener("change", (event) => useLanguage(event.target.value));
  $("live-open").addEventListener("click", openLive);
  $("record").addEventListener("click", () => keys.r());
  help.addEventListener("click", () => toggleHelp(false));
  chapters.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-seek]");
    if (!button) return;
    hideTitle();
    seekFrame(frameAt(Number(button.dataset.seek)));
    toggleChapters(false);
  });
  $("progress").addEventListener("click", (event) => {
    const box = event.currentTarget.getBoundingClientRect();
    hideTitle();
    seekFrame(frameAt(((event.clientX - box.left) / box.width) * duration));
  });
  $("progress").addEventListener("keydown", (event) => {
    const step = { Home: -Infinity, End: Infinity, PageUp: -10 * fps, PageDown: 10 * fps }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    seekFrame(frameAt(narration.time) + step);
  });
  audio.addEventListener("play", () => {
    $("play").setAttribute("aria-label", "Pause");
    document.body.dataset.playing = "true";
    link.send(state());
    requestAnimationFrame(loop);
  });
  audio.addEventListener("pause", () => {
    render();
    if (!narration.paused) return;  /* held while the narration moves, to play on from there */
    $("play").setAttribute("aria-label", "Play");
    document.body.dataset.playing = "false";
    link.send(state());
  });
  audio.addEventListener("seeked", render);
  audio.addEventListener("ended", () => recorder.finish());

  /* For tests and scripts: the frame on screen, and a way to set the time. */
  window.renderVideo = { get data() { return data; }, lang: () => lang, useLanguage,
    seek: (seconds) => { narration.seek(seconds); render(); },
    frame: () => frameAt(narration.time), narration: () => narration.source, render };

  languages.apply(lang, $("language"));
  if (lang !== languages.codes[0]) labels();
  const deep = /^#slide=(\d+)$/.exec(location.hash);
  if (deep) seekFrame(settled(Math.min(data.slides.length, Math.max(1, Number(deep[1]))) - 1));
  else render();
})();
