"""Checks for the notebooks' "Your turn" exercises: each says pass, "not done yet", or a specific hint.

One module per notebook (nb01, nb02, ...) holds that notebook's checks; `_report` holds what they
share. A check never raises: whatever the student's code does (returns None, raises, returns the wrong
shape), the check prints one message and returns a Result, which is truthy only when the exercise passes.
Tests (tests/test_exercises_*.py) prove that every check rejects the stub and typical mistakes and
accepts the solution. Outside nnlib's core and its size budget: the course's teaching tools.
"""
from ._report import Result, attempt, compare

__all__ = ["Result", "attempt", "compare"]
