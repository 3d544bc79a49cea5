"""The small server's pipeline (bench/config-small.yml, issue 31) follows config.yml: the same
pipeline and policies, with LogisticRegressionClassifier where config.yml has DIETClassifier, so
`bench/run.sh small` and `bench/run.sh quality` measure that one lever."""

from __future__ import annotations

import yaml

from bot.paths import ROOT


def test_the_small_pipeline_is_config_yml_with_logistic_regression_for_diet() -> None:
    ours = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    small = yaml.safe_load((ROOT / "bench" / "config-small.yml").read_text(encoding="utf-8"))
    ours["pipeline"] = [
        {"name": "LogisticRegressionClassifier"} if part["name"] == "DIETClassifier" else part for part in ours["pipeline"]
    ]
    assert small == ours
