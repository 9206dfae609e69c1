"""Data for the course, all generated or read locally: synthetic sequence tasks, character-level
text, and mini-batching."""
from .batching import Batches
from .delayed_recall import delayed_recall_text
from .motifs import MOTIF_A, MOTIF_B, motif_order
from .seq2seq import (BOS, DIGIT_VOCABULARY_SIZE, EOS, PAD, Seq2SeqBatch, as_text, digit_reversal,
                      pad, seq2seq_batch, until_eos)
from .tasks import (ADDING_PROBLEM_BASELINE_MSE, DISHES, WEATHER, adding_problem, copy_task, dinner,
                    noisy_sine)
from .text import Vocabulary, batchify, bptt_windows, read_text, standard_library_text

__all__ = ["ADDING_PROBLEM_BASELINE_MSE", "BOS", "Batches", "DIGIT_VOCABULARY_SIZE", "DISHES",
           "EOS", "MOTIF_A", "MOTIF_B", "PAD", "Seq2SeqBatch", "Vocabulary", "WEATHER",
           "adding_problem", "as_text", "batchify", "bptt_windows", "copy_task",
           "delayed_recall_text", "digit_reversal", "dinner", "motif_order", "noisy_sine", "pad",
           "read_text", "seq2seq_batch", "standard_library_text", "until_eos"]
