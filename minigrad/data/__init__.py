"""Data for the course, all generated or read locally: synthetic sequence tasks, character-level
text, and mini-batching."""
from .batching import Batches
from .motifs import MOTIF_A, MOTIF_B, motif_order
from .seq2seq import (BOS, DIGIT_VOCABULARY_SIZE, EOS, PAD, Seq2SeqBatch, as_text, digit_reversal,
                      pad, seq2seq_batch, until_eos)
from .tasks import (ADDING_PROBLEM_BASELINE_MSE, DISHES, WEATHER, adding_problem, copy_task, dinner,
                    noisy_sine)
from .text import Vocabulary, batchify, bptt_windows, read_text, standard_library_text

__all__ = ["ADDING_PROBLEM_BASELINE_MSE", "Batches", "DISHES", "Vocabulary", "WEATHER",
           "adding_problem", "batchify", "bptt_windows", "copy_task", "dinner", "noisy_sine",
           "read_text", "standard_library_text"]
__all__ += ["BOS", "DIGIT_VOCABULARY_SIZE", "EOS", "MOTIF_A", "MOTIF_B", "PAD", "Seq2SeqBatch",
            "as_text", "digit_reversal", "motif_order", "pad", "seq2seq_batch", "until_eos"]
