"""Data for the course, all generated or read locally: synthetic sequence tasks, character-level
text, and mini-batching."""
from .batching import Batches
from .delayed_recall import delayed_recall_text
from .tasks import (ADDING_PROBLEM_BASELINE_MSE, DISHES, WEATHER, adding_problem, copy_task, dinner,
                    noisy_sine)
from .text import Vocabulary, batchify, bptt_windows, read_text, standard_library_text

__all__ = ["ADDING_PROBLEM_BASELINE_MSE", "Batches", "DISHES", "Vocabulary", "WEATHER",
           "adding_problem", "batchify", "bptt_windows", "copy_task", "dinner", "noisy_sine",
           "delayed_recall_text",
           "read_text", "standard_library_text"]
