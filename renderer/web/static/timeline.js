"use strict";
/* One language's timeline as the player reads it: pure functions of its page data (no page,
 * no sound). Times are frames where the MP4 has frames, as in `data.segments`.
 *
 * RvTimeline(data) -> { fps, duration, frameAt(seconds), view(frame, reduced),
 *   slideAt(frame), stepAt(slide, frame), settled(slide), place(frame), frameOf(place),
 *   cueAt(seconds), wordAt(cue, seconds) } */
window.RvTimeline = function RvTimeline(data) {
  const fps = data.fps[0] / data.fps[1];
  const segmentStarts = data.segments.map((segment) => segment[0]);
  const slideStarts = data.slides.map((slide) => slide.start);
  const cueStarts = data.cues.map((cue) => cue.start);

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
   * (frame i of an animation of n frames is (i + 1) / (n + 1) of the way, as in the MP4);
   * with `reduced` motion, a cut at the middle instead. */
  function view(frame, reduced) {
    const [start, , a, b, dark, offset, whole] = data.segments[lastAtOrBefore(segmentStarts, frame)];
    if (b < 0) return { a, b: -1, mix: 0, dark: 0 };
    const t = (frame - start + offset + 1) / (whole + 1);
    if (reduced) return { a: t < 0.5 ? a : b, b: -1, mix: 0, dark: 0 };
    if (!dark) return { a, b, mix: t, dark: 0 };
    return t < 0.5 ? { a, b: -1, mix: 0, dark: Math.min(1, 2 * t) }
      : { a: b, b: -1, mix: 0, dark: Math.max(0, 2 - 2 * t) };
  }

  function slideAt(frame) { return lastAtOrBefore(slideStarts, frame); }

  function stepAt(slide, frame) {
    const steps = data.slides[slide].steps;
    return steps.length ? lastAtOrBefore(steps.map((s) => s.start), frame) : 0;
  }

  /* A slide's first frame sits inside the crossfade that brings it in (a dissolve straddles
   * the cut), so stopping there would show two slides blended: land where the blend ends,
   * but never past the slide's first spoken word (the blend ends inside the lead-in pause). */
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

  /* Where a frame is: its slide, its step and how far through the step (-1: settled on the
   * slide's start, as a key lands), to find the same place in another language. */
  function place(frame) {
    const slide = slideAt(frame), step = stepAt(slide, frame);
    const [start, end] = stepSpan(slide, step);
    const at = step === 0 && frame <= settled(slide) ? -1 : (frame - start) / (end - start);
    return { slide, step, at };
  }

  /* The frame of a place (from `place`, perhaps of another language's timeline). */
  function frameOf({ slide, step, at }) {
    const s = Math.max(0, Math.min(data.slides.length - 1, slide));
    const k = Math.max(0, Math.min(data.slides[s].steps.length - 1, step));
    if (at < 0) return settled(s);
    const [start, end] = stepSpan(s, k);
    const frame = Math.min(end - 1, start + Math.floor(at * (end - start)));
    return k === 0 ? Math.max(frame, settled(s)) : frame;
  }

  /* The caption cue on screen at a time, or -1. */
  function cueAt(seconds) {
    const index = lastAtOrBefore(cueStarts, seconds);
    const cue = data.cues[index];
    return cue && seconds >= cue.start && seconds < cue.end ? index : -1;
  }

  /* The word of a cue being spoken at a time, or -1 before its first. */
  function wordAt(cue, seconds) {
    const words = data.cues[cue].words;
    if (!words.length || seconds < words[0][1]) return -1;
    return lastAtOrBefore(words.map((w) => w[1]), seconds);
  }

  return { fps, duration: data.frames / fps, frameAt, view, slideAt, stepAt, settled, place,
    frameOf, cueAt, wordAt };
};

/* Each caption line's words as [word index, start, end] in the line: the cue's words laid
 * over its lines in order, spaces between them or none (Chinese and Japanese words are
 * not what spaces separate); null when they are not the lines' words (as
 * `wordsplit.in_lines`). */
window.RvTimeline.inLines = function inLines(lines, words) {
  const out = [];
  let index = 0;
  for (const line of lines) {
    const placed = [];
    let at = 0;
    while (index < words.length) {
      while (at < line.length && /\s/.test(line[at])) at += 1;
      if (at >= line.length) break;
      if (!words[index] || !line.startsWith(words[index], at)) return null;
      placed.push([index, at, at + words[index].length]);
      at += words[index].length;
      index += 1;
    }
    if (line.slice(at).trim()) return null;
    out.push(placed);
  }
  return index === words.length ? out : null;
};
