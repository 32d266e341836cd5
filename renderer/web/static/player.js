"use strict";
/* The player: the render's pictures and narration on the render's timeline. The narration's
 * clock (the <audio> element, through RvNarration: narration.js, which makes it seekable
 * from any server) says which frame it is; the frame says which picture is on screen,
 * exactly as in the MP4 (the same held pictures and crossfades, data.segments), which slide
 * and reveal step that is, and which caption and word (RvTimeline: timeline.js reads the
 * data). Every language rendered into the
 * folder is in the page: switching swaps the pictures, narration and captions in place and
 * stays on the same slide and reveal step (`useLanguage`). */
(() => {
  const languages = window.RvLanguages();
  const $ = (id) => document.getElementById(id);
  let lang = languages.initial, data = languages.data(lang), time = window.RvTimeline(data);
  const audio = $("narration"), stage = $("stage"), black = $("black");
  if (audio.getAttribute("src") !== data.audio) audio.src = data.audio;  /* ?lang= */
  const narration = window.RvNarration(audio);
  const pictures = [$("picture-a"), $("picture-b")];
  const titleScreen = $("title-screen"), help = $("help"), chapters = $("chapters");
  const captionBox = $("captions"), announce = $("announce");
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)");
  const preloaded = new Map();
  const phrases = { ...data.phrases };
  let captionsOn = false, captionsChosen = false, shownSlide = -1, shownStep = -1;
  let shownCue = -2, helpOpenedBy = null;

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
    const seconds = narration.time, frame = time.frameAt(seconds);
    const shown = time.view(frame, reduced.matches);
    show(pictures[0], shown.a);
    if (shown.b >= 0) show(pictures[1], shown.b);
    pictures[1].style.opacity = shown.b >= 0 ? String(shown.mix) : "0";
    black.style.opacity = String(shown.dark);
    stage.dataset.frame = String(frame);
    stage.dataset.picture = String(shown.b >= 0 && shown.mix >= 0.5 ? shown.b : shown.a);
    const slide = time.slideAt(frame), step = time.stepAt(slide, frame);
    if (slide !== shownSlide || step !== shownStep) changed(slide, step);
    const percent = Math.round((100 * seconds) / time.duration);
    $("progress-fill").style.width = `${Math.min(100, (100 * seconds) / time.duration)}%`;
    $("percent").textContent = `${percent}%`;
    const progress = $("progress");
    progress.setAttribute("aria-valuenow", String(percent));
    progress.setAttribute("aria-valuetext", `${percent}%, ${window.rvClock(seconds)}`);
    $("clock").textContent = `${window.rvClock(seconds)} / ${window.rvClock(time.duration)}`;
    renderCaption(seconds);
  }

  function changed(slide, step) {
    const newSlide = slide !== shownSlide;
    shownSlide = slide;
    shownStep = step;
    const info = data.slides[slide];
    stage.dataset.slide = String(slide + 1);
    stage.dataset.step = String(step);
    const label = window.rvSay(phrases.slide_of, {
      number: slide + 1, total: data.slides.length, title: info.title,
    });
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
    return { type: "state", slide: shownSlide, step: shownStep, frame: time.frameAt(narration.time),
      playing: !narration.paused, muted: audio.muted, lang };
  }

  function renderCaption(seconds) {
    captionBox.hidden = !captionsOn;
    if (!captionsOn) return;
    const index = time.cueAt(seconds), cue = data.cues[index];
    if (index !== shownCue) {
      shownCue = index;
      captionBox.replaceChildren();
      if (index >= 0) {
        const box = document.createElement("div");
        box.className = "box";
        captionBox.append(box);
        const placed = window.RvTimeline.inLines(cue.lines, cue.words.map((w) => w[0]));
        cue.lines.forEach((line, n) => {
          const row = document.createElement("div");
          let at = 0;
          for (const [word, start, end] of placed ? placed[n] : []) {
            row.append(line.slice(at, start));
            const span = document.createElement("span");
            span.textContent = line.slice(start, end);
            span.dataset.word = String(word);
            row.append(span);
            at = end;
          }
          row.append(line.slice(at));
          box.append(row);
        });
      }
    }
    if (index < 0) return;
    const spoken = time.wordAt(index, seconds);
    for (const span of captionBox.querySelectorAll("span[data-word]")) {
      span.classList.toggle("spoken", Number(span.dataset.word) === spoken);
    }
  }

  function loop() {
    render();
    if (!audio.paused) requestAnimationFrame(loop);
  }

  function hideTitle() { titleScreen.hidden = true; }

  function play() {
    hideTitle();
    if (audio.ended || narration.time >= time.duration) narration.seek(0);
    narration.play().catch(() => { titleScreen.hidden = false; });
  }

  function pause() { narration.pause(); }

  function seekFrame(frame) {
    narration.seek((Math.max(0, Math.min(data.frames - 1, frame)) + 0.5) / time.fps);
    render();
  }

  function goSlide(index) {
    hideTitle();
    seekFrame(time.settled(Math.max(0, Math.min(data.slides.length - 1, index))));
  }

  /* Show the video in another language: its slides, narration and captions, at the same
   * slide and step, playing on if it was playing. */
  function useLanguage(code) {
    const found = languages.find(code);
    if (!found) return;
    const here = shownSlide >= 0 ? time.place(time.frameAt(narration.time)) : null;
    lang = found;
    data = languages.data(found);
    time = window.RvTimeline(data);
    Object.assign(phrases, data.phrases);
    languages.apply(found, $("language"));
    labels();
    shownSlide = -1;
    shownStep = -1;
    shownCue = -2;
    const frame = here ? time.frameOf(here) : 0;
    narration.swap(data.audio, (frame + 0.5) / time.fps);
    render();
  }

  /* The page's words in the language shown (the markup holds the first language's). */
  function labels() {
    document.title = data.title;
    $("player").setAttribute("aria-label", data.title);
    $("now-title").textContent = data.title;
    $("byline").textContent = data.byline;
    $("voice").textContent = window.rvSay(phrases.narrated_by, { voice: data.voice });
    window.rvWords(phrases);
    $("play").setAttribute("aria-label", narration.paused ? phrases.play : phrases.pause);
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
    announce.textContent = audio.muted ? phrases.narration_off : phrases.narration_on;
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
      const slide = data.slides.findIndex((s) => s.start === message.frame);
      seekFrame(slide >= 0 ? time.settled(slide) : message.frame);  // a slide's start: as a key
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
    seekFrame(time.frameAt(Number(button.dataset.seek)));
    toggleChapters(false);
  });
  $("progress").addEventListener("click", (event) => {
    const box = event.currentTarget.getBoundingClientRect();
    hideTitle();
    const rtl = getComputedStyle(event.currentTarget).direction === "rtl";  /* fills from the right */
    const along = rtl ? box.right - event.clientX : event.clientX - box.left;
    seekFrame(time.frameAt((along / box.width) * time.duration));
  });
  $("progress").addEventListener("keydown", (event) => {
    const ten = 10 * time.fps;
    const step = { Home: -Infinity, End: Infinity, PageUp: -ten, PageDown: ten }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    seekFrame(time.frameAt(narration.time) + step);
  });
  audio.addEventListener("play", () => {
    $("play").setAttribute("aria-label", phrases.pause);
    document.body.dataset.playing = "true";
    link.send(state());
    requestAnimationFrame(loop);
  });
  audio.addEventListener("pause", () => {
    render();
    if (!narration.paused) return;  /* held while the narration moves, to play on from there */
    $("play").setAttribute("aria-label", phrases.play);
    document.body.dataset.playing = "false";
    link.send(state());
  });
  audio.addEventListener("seeked", render);
  audio.addEventListener("ended", () => recorder.finish());

  /* For tests and scripts: the frame on screen, and a way to set the time. */
  window.renderVideo = { get data() { return data; }, lang: () => lang, useLanguage,
    seek: (seconds) => { narration.seek(seconds); render(); },
    frame: () => time.frameAt(narration.time), narration: () => narration.source, render };

  languages.apply(lang, $("language"));
  if (lang !== languages.codes[0]) labels();
  /* #slide=N opens on slide N, and moves there when the address changes to it */
  const slideAt = (hash) => {
    const wanted = /^#slide=(\d+)$/.exec(hash);
    return wanted ? Math.min(data.slides.length, Math.max(1, Number(wanted[1]))) - 1 : null;
  };
  window.addEventListener("hashchange", () => {
    const slide = slideAt(location.hash);
    if (slide !== null) seekFrame(time.settled(slide));
  });
  const deep = slideAt(location.hash);
  if (deep !== null) seekFrame(time.settled(deep));
  else render();
})();
