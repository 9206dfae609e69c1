"""Layers and models: Module and Parameter, feed-forward layers, recurrent cells and sequence
layers. The names follow PyTorch's torch.nn, so moving on later is easy."""
from . import init
from .attention import AdditiveAttention, Attention, DotProductAttention
from .cells import GRUCell, LSTMCell, RecurrentCell, RNNCell
from .convolution import Conv1d, MaxPool1d
from .layers import Dropout, Embedding, Linear, ReLU, Sequential, Sigmoid, Tanh
from .module import Module, Parameter
from .recurrent import GRU, LSTM, RNN, RecurrentLayer
from .seq2seq import EncoderDecoder, Memory, masked_cross_entropy

__all__ = ["Dropout", "Embedding", "GRU", "GRUCell", "LSTM", "LSTMCell", "Linear", "Module",
           "Parameter", "RNN", "RNNCell", "RecurrentCell", "RecurrentLayer", "ReLU", "Sequential",
           "Sigmoid", "Tanh", "init"]
__all__ += ["AdditiveAttention", "Attention", "Conv1d", "DotProductAttention", "EncoderDecoder",
            "MaxPool1d", "Memory", "masked_cross_entropy"]
