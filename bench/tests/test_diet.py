"""The pipeline before issue 31 (bench/config-diet.yml) follows config.yml: the same pipeline and
policies, with DIETClassifier where config.yml has LogisticRegressionClassifier and the thresholds
that read its confidences (the fallback's, the command guard's) set for DIET's, so `bench/run.sh small` and `bench/run.sh quality`
measure that one lever."""

from __future__ import annotations

from typing import Any, Dict

import yaml

from bot.paths import ROOT

# The settings that read the intent classifier's confidences, so differ with it.
CALIBRATED = {"FallbackClassifier": ("threshold", "ambiguity_threshold"), "addons.command_guard.CommandGuard": ("sure",)}


def without_classifier(config: Dict[str, Any]) -> Dict[str, Any]:
    """The config with the intent classifier left out and its calibrated thresholds unset."""
    pipeline = []
    for part in config["pipeline"]:
        if part["name"] in ("LogisticRegressionClassifier", "DIETClassifier"):
            continue
        pipeline.append({k: v for k, v in part.items() if k not in CALIBRATED.get(part["name"], ())})
    return {**config, "pipeline": pipeline}


def test_the_diet_pipeline_is_config_yml_with_diet_for_logistic_regression() -> None:
    ours = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    diet = yaml.safe_load((ROOT / "bench" / "config-diet.yml").read_text(encoding="utf-8"))
    assert [p["name"] for p in ours["pipeline"]].count("LogisticRegressionClassifier") == 1
    assert [p["name"] for p in diet["pipeline"]].count("DIETClassifier") == 1
    assert without_classifier(diet) == without_classifier(ours)
