"""Lesson 15 has no exercise yet."""
WRONG = {}
RIGHT = {}
