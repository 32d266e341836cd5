/* render-video site: on the index, the search that filters the cards as you type; on an
   article's page, "Up next" when the video ends, after a countdown the viewer can cancel. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const say = (text, names) =>
    String(text).replace(/\{(\w+)\}/g, (whole, name) => (name in names ? String(names[name]) : whole));

  function index() {
    const search = $("search");
    const cards = Array.from(document.querySelectorAll(".card"));
    const phrases = JSON.parse($("site-words").textContent);
    function filter() {
      const words = search.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const card of cards) {
        const hit = words.every((word) => card.dataset.search.includes(word));
        card.hidden = !hit;
        if (hit) shown += 1;
      }
      const count = cards.length;
      $("count").textContent = shown === count
        ? say(phrases.article_count, { count })
        : say(phrases.articles_shown, { shown, count });
      $("no-match").hidden = shown > 0;
    }
    search.addEventListener("input", filter);
    document.addEventListener("keydown", (event) => {
      if (event.key === "/" && document.activeElement !== search) {
        event.preventDefault();  /* "/" finds, as on most sites */
        search.focus();
      } else if (event.key === "Escape" && document.activeElement === search) {
        search.value = "";
        filter();
      }
    });
    filter();
    window.renderVideoSite = { ready: true, filter };
  }

  function article() {
    const box = $("up-next");
    window.renderVideoSite = { ready: true, cancel: () => {} };
    if (!box) return;
    const audio = $("narration");
    let timer = 0;
    let left = 0;
    const phrases = () => (window.renderVideo ? window.renderVideo.data.phrases : {});
    function tick() {
      /* the title in its own language and direction, inside the page's phrase */
      const [before, after] = say(phrases().up_next_in || "{title}", { seconds: left })
        .split("{title}");
      const title = document.createElement("bdi");
      title.lang = box.dataset.lang;
      title.dir = box.dataset.dir;
      title.textContent = box.dataset.title;
      $("up-next-text").replaceChildren(before, title, after || "");
      if (left <= 0) {
        go();
        return;
      }
      left -= 1;
      timer = setTimeout(tick, 1000);
    }
    function go() {
      clearTimeout(timer);
      location.href = box.dataset.href + location.search;  /* the same ?lang= */
    }
    function cancel() {
      clearTimeout(timer);
      box.hidden = true;
    }
    audio.addEventListener("ended", () => {
      left = Number(box.dataset.seconds);
      box.hidden = false;
      $("up-next-cancel").focus();
      tick();
    });
    audio.addEventListener("play", cancel);
    $("up-next-go").addEventListener("click", go);
    $("up-next-cancel").addEventListener("click", cancel);
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        cancel();
      }
      if (event.key === " " || event.key.startsWith("Arrow")) event.stopPropagation();
    });
    window.renderVideoSite = { ready: true, cancel };
  }

  if (document.body.classList.contains("site-index")) index();
  else article();
})();
