"""The benchmark script keeps working: it runs in quick mode, checks that minigrad and the
hand-written baseline compute the same gradients, and prints every section."""
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "recurrent_step.py"


def test_benchmark_runs_and_prints_every_section():
    result = subprocess.run([sys.executable, str(SCRIPT), "--quick"], capture_output=True,
                            text=True, timeout=300, check=True)
    for heading in ("1. Engine overhead", "2. nn layers", "3. Scaling in T", "4. GPU",
                    "Targets (issue 15)"):
        assert heading in result.stdout
    assert "minigrad nn.LSTM" in result.stdout and "1000" in result.stdout


def test_other_engines_are_optional_columns(monkeypatch, capsys):
    """PyTorch, HIPS autograd and MyGrad are timed only when installed, and none is a dependency:
    without them, section 1 still runs minigrad and says which engines it skipped."""
    import importlib.util
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import recurrent_step
    finally:
        sys.path.remove(str(SCRIPT.parent))
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name in (
        "torch", "autograd", "mygrad") else real_find_spec(name, *rest))
    assert list(recurrent_step.installed_engines()) == ["minigrad core ops"]
    verdicts = []
    recurrent_step.engine_overhead(1, verdicts)
    printed = capsys.readouterr().out
    assert "not installed, so not timed: PyTorch eager" in printed and "MyGrad" in printed
    assert [text.split(",")[0] for text, _ in verdicts] == ["LSTM", "tanh RNN"]
    root = SCRIPT.parents[1]
    declared = "".join(path.read_text().lower() for path in
                       [root / "pyproject.toml", *root.glob("requirements*.txt")])
    assert "autograd" not in declared and "mygrad" not in declared
