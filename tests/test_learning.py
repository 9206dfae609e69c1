"""End-to-end learning: small models reach what only correct gradients reach, in seconds."""
import math

import numpy as np
import pytest

import minigrad as mg
from minigrad import functional as F
from minigrad import nn, optim
from minigrad.data import (ADDING_PROBLEM_BASELINE_MSE, Vocabulary, adding_problem, batchify,
                           bptt_windows, dinner, standard_library_text)


@pytest.mark.parametrize("seed", [0, 1])
def test_lstm_learns_the_dinner_rotation_perfectly(seed):
    mg.manual_seed(seed)
    lstm, head = nn.LSTM(2, 16), nn.Linear(16, 3)
    optimizer = optim.Adam(lstm.parameters() + head.parameters(), lr=2e-2)
    for step in range(150):
        weather, dishes = dinner(32, 20, seed=1000 + step)
        loss = F.cross_entropy(head(lstm(weather)[0]), dishes)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    weather, dishes = dinner(256, 20, seed=1)
    with mg.no_grad():
        predicted = head(lstm(weather)[0]).argmax(axis=-1).numpy()
    assert (predicted == dishes).mean() == 1.0


@pytest.mark.parametrize("layer", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
def test_gated_layers_solve_the_adding_problem_at_length_20(layer):
    mg.manual_seed(0)
    rnn, head = layer(2, 32), nn.Linear(32, 1)
    optimizer = optim.Adam(rnn.parameters() + head.parameters(), lr=1e-2)
    for step in range(400):
        inputs, targets = adding_problem(64, 20, seed=10_000 + step)
        loss = F.mse_loss(head(rnn(inputs)[0][-1]), targets)
        optimizer.zero_grad()
        loss.backward()
        optim.clip_grad_norm_(optimizer.parameters, 1.0)
        optimizer.step()
    inputs, targets = adding_problem(1000, 20, seed=2)
    with mg.no_grad():
        test_mse = F.mse_loss(head(rnn(inputs)[0][-1]), targets).item()
    assert test_mse < 0.1 * ADDING_PROBLEM_BASELINE_MSE


def test_character_model_loss_falls_far_below_guessing():
    mg.manual_seed(0)
    text = standard_library_text(60_000)
    vocabulary = Vocabulary(text)
    streams = batchify(vocabulary.encode(text), 32)
    embed, lstm = nn.Embedding(len(vocabulary), 32), nn.LSTM(32, 128)
    head = nn.Linear(128, len(vocabulary))
    parameters = embed.parameters() + lstm.parameters() + head.parameters()
    optimizer = optim.Adam(parameters, lr=1e-2)
    state, losses = None, []
    for inputs, targets in list(bptt_windows(streams, 32)) * 6:
        output, state = lstm(embed(inputs), state)
        state = tuple(s.detach() for s in state)  # truncated BPTT: stop at the window's start
        loss = F.cross_entropy(head(output), targets)
        optimizer.zero_grad()
        loss.backward()
        optim.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        losses.append(loss.item())
    guessing = math.log(len(vocabulary))
    assert np.mean(losses[:5]) > 0.7 * guessing
    assert np.mean(losses[-20:]) < 0.5 * guessing
