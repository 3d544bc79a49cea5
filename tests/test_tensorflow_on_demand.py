"""TensorFlow only when a component needs it (addons/tensorflow_on_demand.py, issue 31).

Rasa 3.6 imports TensorFlow for any model. With the placeholders, a Rasa started as the
runner starts it (bot/services.py, through bot/rasa_cli.py) serves a model without a
TensorFlow component without ever loading TensorFlow, and still answers; a TensorFlow
component still gets the real classes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
import yaml

import addons.tensorflow_on_demand as on_demand
from bot.config import Settings
from bot.paths import MODEL_FILE, ROOT
from bot.services import services, start_all, stop_all
from testkit.ports import free_port
from testkit.stack import running_stack

TENSORFLOW_COMPONENTS = {"DIETClassifier", "TEDPolicy", "ResponseSelector", "UnexpecTEDIntentPolicy"}


def python(code: str) -> str:
    """Run `code` in a fresh interpreter in the project; its output."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def serving() -> list[str]:
    """What one fresh interpreter serving a model sees (one Rasa import for both tests below):
    Rasa's modules without TensorFlow, then its classes on first use, then a TensorFlow component."""
    return python(
        "import sys\n"
        "from addons.tensorflow_on_demand import install\n"
        "print(install(serving=True))\n"
        "import rasa.core.agent, rasa.core.run, rasa.graph_components.validators.default_recipe_validator\n"
        "from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier\n"
        "print('tensorflow' in sys.modules)\n"
        "import rasa.utils.train_utils as t\n"
        "from rasa.utils.tensorflow.model_data import RasaModelData\n"
        "made = t.RasaBatchDataGenerator(RasaModelData(), batch_size=1)\n"  # the real class, TensorFlow now loaded
        "import rasa.utils.tensorflow.data_generator as real\n"
        "print(type(made) is real.RasaBatchDataGenerator, 'tensorflow' in sys.modules)\n"
        "from rasa.nlu.classifiers.diet_classifier import DIETClassifier\n"
        "import rasa.utils.tensorflow.callback as callback, tensorflow as tf\n"
        "print(issubclass(callback.RasaTrainingLogger, tf.keras.callbacks.Callback), hasattr(DIETClassifier, 'train'))\n"
    ).split()


def test_rasas_modules_load_without_tensorflow_and_its_classes_still_come_on_first_use(serving: list[str]) -> None:
    assert serving[:4] == ["True", "False", "True", "True"]


def test_a_tensorflow_component_gets_the_real_module(serving: list[str]) -> None:
    assert serving[4:] == ["True", "True"]


def test_training_keeps_rasas_own_validator_classes() -> None:
    """Without `serving` (rasa train), the validator compares the real DIETClassifier."""
    out = python(
        "from addons.tensorflow_on_demand import install\n"
        "install()\n"
        "from rasa.graph_components.validators import default_recipe_validator as v\n"
        "from rasa.nlu.classifiers.diet_classifier import DIETClassifier\n"
        "print(v.DIETClassifier is DIETClassifier)\n"
    )
    assert out.split() == ["True"]


def test_another_rasa_version_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(on_demand, "version", lambda name: "3.6.20")
    monkeypatch.setattr(on_demand, "_import_without", lambda *a: pytest.fail("must not touch Rasa"))
    assert on_demand.install(serving=True) is False


def uses_tensorflow(config: Path) -> bool:
    parts = yaml.safe_load(config.read_text(encoding="utf-8"))
    return any(part["name"] in TENSORFLOW_COMPONENTS for part in parts["pipeline"] + parts["policies"])


@pytest.fixture(scope="module")
def model_without_tensorflow() -> Iterator[Path]:
    """The product's model when config.yml needs no TensorFlow; otherwise the same pipeline
    with LogisticRegressionClassifier for DIET, trained here."""
    if not uses_tensorflow(ROOT / "config.yml"):
        if not MODEL_FILE.exists():
            pytest.fail(f"no trained model at {MODEL_FILE}: run ./test.sh, which trains it first")
        yield MODEL_FILE
        return
    with tempfile.TemporaryDirectory(prefix="ouderschap-no-tf-") as tmp:
        parts = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
        parts["pipeline"] = [
            {"name": "LogisticRegressionClassifier"} if part["name"] == "DIETClassifier" else part for part in parts["pipeline"]
        ]
        config = Path(tmp) / "config.yml"
        config.write_text(yaml.safe_dump(parts), encoding="utf-8")
        assert not uses_tensorflow(config)
        done = subprocess.run(
            [sys.executable, "-m", "bot.rasa_cli", "train", "--config", str(config), "--out", tmp, "--fixed-model-name", "m"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout[-3000:]
        yield Path(tmp) / "m.tar.gz"


def tensorflow_mapped(pid: int) -> bool:
    """True when a file of the tensorflow package is mapped into the process (its native
    library is loaded as soon as the module is imported)."""
    return "/site-packages/tensorflow/" in Path(f"/proc/{pid}/maps").read_text()


def say(url: str, sender: str, text: str) -> list[dict]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_the_running_rasa_never_loads_tensorflow_for_a_model_without_it_and_answers(
    model_without_tensorflow: Path, request: pytest.FixtureRequest
) -> None:
    if model_without_tensorflow == MODEL_FILE:  # the product's own model: the shared stack serves it already
        stack = request.getfixturevalue("real_stack")
        answers_without_tensorflow(stack.settings.rasa_url, stack.items[-1].process.pid)
        return
    settings = Settings(
        telegram_token=None,
        telegram_api_base_url=None,
        rasa_port=free_port(),
        actions_port=free_port(),
        rasa_timeout=10.0,
        typing_after=0.5,
        log_level="INFO",
    )
    items = services(settings)
    rasa = items[-1]
    rasa.command[rasa.command.index("--model") + 1] = str(model_without_tensorflow)
    with tempfile.TemporaryFile() as log:
        try:
            start_all(items, quiet=False, timeout=180, log=log)
            assert rasa.process is not None
            answers_without_tensorflow(settings.rasa_url, rasa.process.pid)
        finally:
            stop_all(items)


def answers_without_tensorflow(url: str, pid: int) -> None:
    welcome = say(url, "tf-test", "/start")
    answer = say(url, "tf-test", "ik ben vaak moe en dan roep ik tegen de kinderen")
    assert welcome and answer and all(r.get("text") or r.get("image") for r in welcome + answer)
    assert not tensorflow_mapped(pid)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
@pytest.mark.skipif(not uses_tensorflow(ROOT / "config.yml"), reason="config.yml has no TensorFlow component")
def test_the_check_sees_tensorflow_when_the_model_needs_it() -> None:
    """The check above would see TensorFlow: the product's DIET model loads it."""
    with running_stack("ouderschap-tf-") as stack:
        rasa = stack.items[-1]
        assert rasa.process is not None and say(stack.settings.rasa_url, "tf-test", "/start")
        assert tensorflow_mapped(rasa.process.pid)
