"""Gemeinsame Einstellungen: Tests laufen offline im Profil 'quick'."""

import os

os.environ.setdefault("LECTURE_PROFILE", "quick")
os.environ.setdefault("LECTURE_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
