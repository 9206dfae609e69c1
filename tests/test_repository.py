"""The repository keeps its promises: CI runs the README's own test command."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text())


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(c for c in readme_commands() if "pytest" in c)
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_readme_example_runs_and_its_gradcheck_passes():
    example = re.search(r"## minigrad in ten lines\n\n```python\n(.+?)```",
                        (ROOT / "README.md").read_text(), re.S).group(1)
    assert len(example.strip().splitlines()) <= 12
    namespace = {}
    exec(example, namespace)
    w, b = namespace["w"], namespace["b"]
    assert w.grad.shape == (3, 2) and b.grad.shape == (2,)


def test_readme_lstm_example_trains_below_the_baseline(capsys):
    example = re.search(r"## Training an LSTM in fifteen lines\n\n.+?```python\n(.+?)```",
                        (ROOT / "README.md").read_text(), re.S).group(1)
    code_lines = [line for line in example.splitlines() if line.strip()]
    assert len(code_lines) <= 18
    namespace = {}
    exec(example, namespace)
    assert sum(namespace["losses"][-50:]) / 50 < 0.05
    assert "MSE 0.0" in capsys.readouterr().out
