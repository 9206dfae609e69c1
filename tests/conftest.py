"""Shared test set-up. Test modules that say
    pytestmark = pytest.mark.usefixtures("each_device")
run once per backend in devices.DEVICES: NumPy ("cpu"), the strict stand-in for a GPU library
("strict", see strict_backend.py), and CuPy ("cuda") when CuPy and a GPU are present. Host data
made in such a test goes to that device; test code reads device arrays back with devices.host().
"""
import pytest

import minigrad as mg
from devices import DEVICES


@pytest.fixture(params=DEVICES)
def each_device(request):
    previous = mg.set_default_device(request.param)
    yield request.param
    mg.set_default_device(previous)
