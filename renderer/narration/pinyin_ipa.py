"""Mandarin pinyin to the phonemes Kokoro's Chinese voices were trained on.

Kokoro-82M v1.0's Chinese voices (zf_*, zm_*) learnt misaki 0.9's first Chinese G2P: jieba
words, pypinyin syllables (TONE3), each syllable in the first IPA reading of Stefan Taubert's
pinyin-to-ipa tables, its tone written as an arrow (1 →, 2 ↗, 3 ↓, 4 ↘, neutral none), the
apical vowels of zhi/chi/shi/ri and zi/ci/si as ɨ, the non-syllabic mark dropped. The
tables below are those readings in that final form, "0" standing where the tone goes; they
follow the phonology (Duanmu 2007, Lin 2007), so they are data, checked in the tests against
misaki 0.9.4's own output.
"""

from __future__ import annotations

from pypinyin.contrib.tone_convert import to_finals, to_initials, to_normal

INITIALS = {
    "b": "p",
    "p": "pʰ",
    "m": "m",
    "f": "f",
    "d": "t",
    "t": "tʰ",
    "n": "n",
    "l": "l",
    "g": "k",
    "k": "kʰ",
    "h": "x",
    "j": "ʨ",
    "q": "ʨʰ",
    "x": "ɕ",
    "zh": "ꭧ",
    "ch": "ꭧʰ",
    "sh": "ʂ",
    "r": "ɻ",
    "z": "ʦ",
    "c": "ʦʰ",
    "s": "s",
}
"""Each initial consonant, as Kokoro writes it (ꭧ is its one letter for tʂ)."""

FINALS = {
    "a": "a0",
    "ai": "ai0",
    "an": "a0n",
    "ang": "a0ŋ",
    "ao": "au0",
    "e": "ɤ0",
    "ei": "ei0",
    "en": "ə0n",
    "eng": "ə0ŋ",
    "i": "i0",
    "ia": "ja0",
    "ian": "jɛ0n",
    "iang": "ja0ŋ",
    "iao": "jau0",
    "ie": "je0",
    "in": "i0n",
    "iou": "jou0",
    "ing": "i0ŋ",
    "iong": "jʊ0ŋ",
    "ong": "ʊ0ŋ",
    "ou": "ou0",
    "u": "u0",
    "uei": "wei0",
    "ua": "wa0",
    "uai": "wai0",
    "uan": "wa0n",
    "uen": "wə0n",
    "uang": "wa0ŋ",
    "ueng": "wə0ŋ",
    "uo": "wo0",
    "o": "wo0",
    "ü": "y0",
    "üe": "ɥe0",
    "üan": "ɥɛ0n",
    "ün": "y0n",
}
"""Each final (pypinyin's strict finals, ü spelt ü): vowels, glides, codas."""

WHOLE = {
    "hm": "hm0",
    "hng": "hŋ0",
    "m": "m0",
    "n": "n0",
    "ng": "ŋ0",
    "io": "jɔ0",
    "ê": "ɛ0",
    "er": "ɚ0",
    "o": "ɔ0",
}
"""Syllables read whole: the syllabic consonants and the interjections."""

APICAL = {"zh": "ɨ0", "ch": "ɨ0", "sh": "ɨ0", "r": "ɨ0", "z": "ɨ0", "c": "ɨ0", "s": "ɨ0"}
"""The final i after these initials is the apical vowel, which Kokoro writes ɨ."""

TONES = {"1": "→", "2": "↗", "3": "↓", "4": "↘", "5": ""}


def syllable(pinyin: str) -> str | None:
    """One pinyin syllable with its tone number (TONE3, neutral 5: "zhong1", "lv4", "de5")
    as Kokoro's phonemes, or None for anything that is not a syllable."""
    tone = TONES.get(pinyin[-1:]) if pinyin else None
    if tone is None:
        return None
    plain = to_normal(pinyin)
    if plain in WHOLE:
        return WHOLE[plain].replace("0", tone)
    initial = to_initials(plain, strict=True)
    final = to_finals(plain, strict=True, v_to_u=True)
    if (initial and initial not in INITIALS) or final not in FINALS:
        return None
    sounds = APICAL[initial] if final == "i" and initial in APICAL else FINALS[final]
    return INITIALS.get(initial, "") + sounds.replace("0", tone)
