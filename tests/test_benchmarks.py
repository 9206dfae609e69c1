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
