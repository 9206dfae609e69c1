"""Layers and models: Module and Parameter, feed-forward layers, recurrent cells and sequence
layers, and the pieces of encoder-decoders. The names follow PyTorch's torch.nn, so moving on
later is easy."""
from . import init
from .attention import AdditiveAttention, Attention, DotProductAttention
from .cells import GRUCell, LSTMCell, RecurrentCell, RNNCell
from .convolution import Conv1d, MaxPool1d
from .layers import Dropout, Embedding, Linear, ReLU, Sequential, Sigmoid, Tanh
from .module import Module, Parameter
from .recurrent import GRU, LSTM, RNN, RecurrentLayer, detach_state
from .seq2seq import EncoderDecoder, Memory, masked_cross_entropy

__all__ = ["AdditiveAttention", "Attention", "Conv1d", "DotProductAttention", "Dropout",
           "Embedding", "EncoderDecoder", "GRU", "GRUCell", "LSTM", "LSTMCell", "Linear",
           "MaxPool1d", "Memory", "Module", "Parameter", "RNN", "RNNCell", "RecurrentCell",
           "RecurrentLayer", "ReLU", "Sequential", "Sigmoid", "Tanh", "detach_state", "init",
           "masked_cross_entropy"]
