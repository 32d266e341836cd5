/* render-video studio: the article's slides as the render draws them, kept up to date by the
   server's events; the player; the Render button. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const token = new URLSearchParams(location.search).get("token") || "";
  let state = null;
  let errorWhere = "";
  const cards = new Map();

  function copy(text, button) {
    const done = () => { button.dataset.copied = "true"; setTimeout(() => delete button.dataset.copied, 1200); };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => {});
  }

  function card(slide) {
    let node = cards.get(slide.number);
    if (!node) {
      node = $("slide-card").content.firstElementChild.cloneNode(true);
      node.id = `slide-${slide.number}`;
      node.querySelector(".line").addEventListener("click", (event) => copy(event.currentTarget.dataset.where, event.currentTarget));
      node.querySelector(".hear").addEventListener("click", () => hear(slide.number));
      node.querySelector(".show").addEventListener("click", () => {
        /* the whole video's player, at this slide (its deep link) */
        $("player").src = `${state.player}#slide=${slide.number}`;
        $("player").scrollIntoView({ block: "nearest" });
      });
      cards.set(slide.number, node);
    }
    node.dataset.kind = slide.kind;
    node.querySelector(".number").textContent = `${slide.number}/${state.slides.length}`;
    node.querySelector(".label").textContent = slide.label;
    node.querySelector(".title").textContent = slide.title;
    node.querySelector(".seconds").textContent = slide.seconds === undefined ? ""
      : `${slide.spoken ? "" : "≈ "}${slide.seconds.toFixed(1)} s`;
    const line = node.querySelector(".line");
    line.hidden = !slide.line;
    if (slide.line) {
      line.dataset.where = `${state.article}:${slide.line}`;
      line.textContent = `line ${slide.line}`;
      line.title = `Copy ${state.article}:${slide.line}`;
    }
    node.querySelector(".hear").hidden = !(slide.sounds && slide.sounds.length);
    node.querySelector(".show").hidden = !state.player;
    const steps = node.querySelector(".steps");
    const shown = Array.from(steps.children).map((img) => img.getAttribute("src"));
    if (shown.join() !== slide.pictures.join()) {
      steps.replaceChildren(...slide.pictures.map((src, step) => {
        const img = document.createElement("img");
        img.src = src;
        img.alt = `Slide ${slide.number}, step ${step + 1}`;
        img.loading = "lazy";
        return img;
      }));
    }
    const spoken = $("spoken").checked;
    node.querySelector(".narration").replaceChildren(...slide.narration.map((s) => {
      const li = document.createElement("li");
      li.textContent = spoken ? s.spoken : s.text;
      return li;
    }));
    node.querySelector(".slide-warnings").replaceChildren(...(slide.warnings || []).map((w) => {
      const li = document.createElement("li");
      li.textContent = w;
      return li;
    }));
    return node;
  }

  function show(next) {
    state = next;
    document.body.dataset.version = String(state.version);
    $("title").textContent = state.title || "";
    $("error").hidden = !state.error;
    if (state.error) {
      $("error-text").textContent = state.error.text;
      errorWhere = state.error.line ? `${state.error.file}:${state.error.line}` : state.error.file;
      $("status").textContent = `Error at ${errorWhere}`;
    } else {
      $("status").textContent = `Up to date · ${state.slides.length} slides · version ${state.version}`;
    }
    const nodes = state.slides.map(card);
    const list = $("slides");
    if (nodes.length !== list.children.length || nodes.some((n, i) => list.children[i] !== n)) {
      list.replaceChildren(...nodes);  /* only when slides come or go: a click is never lost */
    }
    $("warnings").replaceChildren(...state.warnings.map((w) => {
      const li = document.createElement("li");
      li.textContent = w.text;
      return li;
    }));
    if (state.player) {
      $("player-note").hidden = true;
      const shown = ($("player").getAttribute("src") || "").split("#")[0];
      if (shown !== state.player) $("player").src = state.player;
      $("player").hidden = false;
    }
    if (state.changed && !state.error) {
      const node = cards.get(state.changed);
      if (node) {
        node.scrollIntoView({ block: "nearest" });
        node.classList.remove("flash");
        void node.offsetWidth;
        node.classList.add("flash");
      }
    }
  }

  /* A slide's sentences, one after another, the one heard marked in its narration. */
  let hearing = null;
  function hear(number) {
    const slide = state.slides.find((s) => s.number === number);
    if (!slide || !slide.sounds) return;
    const audio = $("slide-audio");
    const lines = () => Array.from(cards.get(number).querySelectorAll(".narration li"));
    hearing = { number, sounds: slide.sounds.slice(), at: 0 };
    const next = () => {
      lines().forEach((li, i) => li.classList.toggle("heard", i === hearing.at));
      if (hearing.at >= hearing.sounds.length) { hearing = null; return; }
      audio.src = hearing.sounds[hearing.at];
      audio.play().catch(() => {});
    };
    audio.onended = () => { if (hearing) { hearing.at += 1; next(); } };
    next();
  }

  function rendering(event) {
    const info = event;
    const progress = $("render-progress");
    if (info.status === "running") {
      $("render").disabled = true;
      progress.hidden = false;
      if (info.total) progress.value = (100 * info.done) / info.total;
      $("render-status").textContent = info.stage ? `${info.stage} (${info.done}/${info.total})` : "Rendering…";
    } else {
      $("render").disabled = false;
      progress.hidden = true;
      if (info.status === "done") {
        $("render-status").textContent = `Made ${info.name}`;
        $("video").src = `${info.video}?t=${Date.now()}`;
        $("video").hidden = false;
      } else {
        $("render-status").textContent = info.text;
      }
    }
  }

  $("spoken").addEventListener("change", () => state && show(state));
  $("error-copy").addEventListener("click", (event) => copy(errorWhere, event.currentTarget));
  $("render").addEventListener("click", () => {
    $("render").disabled = true;
    fetch("render", { method: "POST", headers: { "X-Studio-Token": token } })
      .then((r) => r.json())
      .then((answer) => { if (answer.render === "queued") $("render-status").textContent = "Queued after the render running now"; })
      .catch(() => { $("render").disabled = false; });
  });

  const events = new EventSource("events");
  events.addEventListener("state", (event) => show(JSON.parse(event.data)));
  events.addEventListener("render", (event) => rendering(JSON.parse(event.data)));
  events.addEventListener("sounds", (event) => {  /* an edited slide's sound, ahead of its pictures */
    if (!state) return;
    for (const [number, sounds] of Object.entries(JSON.parse(event.data))) {
      const slide = state.slides.find((s) => s.number === Number(number));
      if (slide) {
        slide.sounds = sounds;
        card(slide);
      }
    }
  });
  events.addEventListener("speak", (event) => {
    const info = JSON.parse(event.data);
    if (info.status === "done" || info.done >= info.total) {
      $("player-note").hidden = Boolean(state && state.player);
      return;
    }
    $("player-note").hidden = false;
    $("player-note").textContent = `${info.stage} (${info.done}/${info.total})`;
  });
  events.addEventListener("notice", (event) => { $("player-note").hidden = false; $("player-note").textContent = JSON.parse(event.data).text; });
  events.onerror = () => { $("status").textContent = "Disconnected from render-video studio (is it still running?)"; };
  window.renderVideoStudio = { get state() { return state; }, hear };
})();
