"""Narration: voice engines (one module each, behind `base.Engine`), the speech cache, the
lexicon, sentence splitting, and `speak.narrate`, the stage that turns a storyboard into audio.

Kept empty on purpose: engines and `voices` import `narration.base` without pulling in the
stage, so nothing here imports in a circle.
"""
