"use strict";
/* The recording flow, as the seed has it: Record -> a 3-2-1 countdown with its phrase ->
 * "REC mm:ss ESC=Cancel" while MediaRecorder captures the take -> "Recording Complete" ->
 * "Video process ho rahi hai..." -> the WebM take downloads. Esc discards it.
 * options: { phrases, name, stream: async () => MediaStream, started(), stopped() } */
window.RvRecorder = function RvRecorder(options) {
  const $ = (id) => document.getElementById(id);
  const countdown = $("countdown"), count = $("count"), rec = $("rec");
  const recTime = $("rec-time"), status = $("record-status");
  let state = "idle", timer = 0, recorder = null, stream = null, chunks = [], began = 0;

  function show(text, hideAfter) {
    status.textContent = text;
    status.hidden = false;
    if (hideAfter) setTimeout(() => { if (status.textContent === text) status.hidden = true; }, hideAfter);
  }

  function type() {
    const kinds = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm"];
    return kinds.find((kind) => window.MediaRecorder && MediaRecorder.isTypeSupported(kind)) || "";
  }

  function tick() {
    recTime.textContent = window.rvClock((performance.now() - began) / 1000, true);
  }

  async function begin() {
    try {
      stream = await options.stream();
      recorder = new MediaRecorder(stream, { mimeType: type() });
    } catch (error) {
      state = "idle";
      show(`Recording is not possible here: ${error.message || error}`, 5000);
      return;
    }
    chunks = [];
    recorder.ondataavailable = (event) => { if (event.data.size) chunks.push(event.data); };
    recorder.onstop = finished;
    recorder.start(500);
    state = "recording";
    began = performance.now();
    tick();
    rec.hidden = false;
    timer = setInterval(tick, 250);
    document.body.dataset.recording = "recording";
    options.started();
  }

  function finished() {
    clearInterval(timer);
    rec.hidden = true;
    if (stream) stream.getTracks().forEach((track) => track.stop());
    const keep = state === "stopping";
    state = "idle";
    document.body.dataset.recording = keep ? "complete" : "cancelled";
    options.stopped();
    if (!keep) {
      show(options.phrases.cancelled, 2000);
      return;
    }
    show(options.phrases.complete);
    setTimeout(() => {
      show(options.phrases.processing);
      const take = new Blob(chunks, { type: "video/webm" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(take);
      link.download = `${options.name}-take.webm`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      setTimeout(() => { status.hidden = true; }, 1500);
    }, 800);
  }

  return {
    get state() { return state; },
    start() {
      if (state !== "idle") return;
      state = "countdown";
      let left = 3;
      count.textContent = String(left);
      countdown.hidden = false;
      document.body.dataset.recording = "countdown";
      timer = setInterval(() => {
        left -= 1;
        if (left > 0) { count.textContent = String(left); return; }
        clearInterval(timer);
        countdown.hidden = true;
        begin();
      }, 1000);
    },
    finish() {
      if (state === "recording") { state = "stopping"; recorder.stop(); }
    },
    cancel() {
      if (state === "countdown") {
        clearInterval(timer);
        countdown.hidden = true;
        state = "idle";
        document.body.dataset.recording = "cancelled";
        show(options.phrases.cancelled, 2000);
      } else if (state === "recording") {
        state = "cancelling";
        recorder.stop();
      }
    },
  };
};

/* What a take is made of: this tab as the viewer sees it (a browser asks once which tab or
 * window to share and offers this one), cropped to `crop` where the browser can, with the
 * tab's sound (the narration), or with the microphone (`voice`: a teacher's live take).
 * Capturing the tab works the same from file:// and when served, where drawing the pictures
 * into a canvas cannot: a page opened from disk may not capture its own files. */
window.rvTabStream = async function rvTabStream(crop, voice) {
  const devices = navigator.mediaDevices;
  if (!devices || !devices.getDisplayMedia) throw new Error("this browser cannot record a tab");
  const shown = await devices.getDisplayMedia({
    video: { frameRate: 30 }, audio: !voice, preferCurrentTab: true,
    selfBrowserSurface: "include", surfaceSwitching: "exclude",
  });
  const [track] = shown.getVideoTracks();
  if (crop && window.CropTarget && track && track.cropTo) {
    try { await track.cropTo(await CropTarget.fromElement(crop)); } catch (error) { /* whole tab */ }
  }
  if (voice) {
    const microphone = await devices.getUserMedia({ audio: true });
    microphone.getAudioTracks().forEach((t) => shown.addTrack(t));
  }
  return shown;
};
