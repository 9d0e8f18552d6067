"""Lesson 15 · architecture search, and when not to use a network: no exercises yet."""

EXERCISES = []
