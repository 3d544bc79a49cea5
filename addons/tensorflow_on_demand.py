"""TensorFlow only when a component needs it (Rasa 3.6.21 only; elsewhere this does nothing).

Rasa 3.6 imports TensorFlow (about 350 MiB of a process's memory, seconds of its start) for
any model, even one without a TensorFlow component, in two places:

- rasa.core.policies.policy -> ... -> rasa.nlu.extractors.extractor -> rasa.utils.train_utils,
  whose first lines import rasa.utils.tensorflow.callback and .data_generator, which import
  TensorFlow. train_utils uses the three classes it takes from them only inside two functions
  that only TensorFlow components call (create_common_callbacks, create_data_generators).
- Loading a model reads its training graph too, and so imports the training-time validator
  (rasa.graph_components.validators.default_recipe_validator), which imports DIETClassifier,
  ResponseSelector and TEDPolicy to compare the configured components with. `rasa run` never
  trains, so it never runs that validator.

`install()` imports train_utils (and, with `serving`, the validator) while the modules above
are stood in for by placeholders whose classes import the real module when first called,
then takes the placeholders out of sys.modules again. A component that needs TensorFlow
(DIETClassifier, TEDPolicy) still imports it, and the real modules, the usual way; a model
without one never loads it. The validator's placeholders are for serving only: in training
it compares the real classes, so `rasa train` keeps its validation (and imports TensorFlow).
Nothing else of Rasa is changed. It must run before anything imports rasa.utils.train_utils,
so it checks the installed version without importing Rasa, against the release of
addons/rasa_version.py that every patch of addons/ was written for.
"""

from __future__ import annotations

import importlib
import sys
import types
from importlib.metadata import PackageNotFoundError, version
from typing import Any

# The release every patch of addons/ was read against (addons/rasa_version.py imports no Rasa).
from addons.rasa_version import WRITTEN_FOR

# A module of Rasa, and what it imports at its top from modules that import TensorFlow.
Deferred = tuple[str, dict[str, tuple[str, ...]]]
TRAIN_UTILS: Deferred = (
    "rasa.utils.train_utils",
    {
        "rasa.utils.tensorflow.callback": ("RasaTrainingLogger", "RasaModelCheckpoint"),
        "rasa.utils.tensorflow.data_generator": ("RasaBatchDataGenerator",),
    },
)
VALIDATOR: Deferred = (
    "rasa.graph_components.validators.default_recipe_validator",
    {
        "rasa.nlu.classifiers.diet_classifier": ("DIETClassifier",),
        "rasa.nlu.selectors.response_selector": ("ResponseSelector",),
        "rasa.core.policies.ted_policy": ("TEDPolicy",),
    },
)


def _on_first_use(module: str, name: str) -> type:
    """A stand-in for class `name` of `module`: calling it imports the module and calls the real class."""

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return type(name, (), {"__new__": __new__, "__module__": module, "__doc__": f"{module}.{name}, imported on first use."})


def _import_without(importer: str, deferred: dict[str, tuple[str, ...]]) -> bool:
    """Import `importer` while the `deferred` modules are placeholders; False if too late."""
    if importer in sys.modules:
        return "tensorflow" not in sys.modules
    if any(module in sys.modules for module in deferred):
        return False
    placeholders = {}
    for module, names in deferred.items():
        placeholder = types.ModuleType(module, f"placeholder while {importer} is imported")
        for name in names:
            setattr(placeholder, name, _on_first_use(module, name))
        placeholders[module] = placeholder
    sys.modules.update(placeholders)
    try:
        importlib.import_module(importer)
    finally:
        for module, placeholder in placeholders.items():
            if sys.modules.get(module) is placeholder:
                del sys.modules[module]
    return True


def install(serving: bool = False) -> bool:
    """Import Rasa's modules that would bring TensorFlow in without it (`serving`: `rasa run`,
    which never trains, also the training validator). False when it cannot apply: another
    Rasa version, or TensorFlow already imported."""
    try:
        if version("rasa") != WRITTEN_FOR:
            return False
    except PackageNotFoundError:
        return False
    done = _import_without(*TRAIN_UTILS)
    if serving:
        done = _import_without(*VALIDATOR) and done
    return done
