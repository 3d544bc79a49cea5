"""Test doubles and running-stack helpers, shared by tests/ and bench/.

The fake Bot API server (fake_telegram), the scripted Rasa (fake_rasa), a real Redis server
(redis_server), free ports (ports), the real stack as ./run.sh starts it (stack), the bridge
against the fakes (bridge), a parent's chat through the fake Telegram (conversation), the
runner as a person starts it (runner), and the canary a conversation must not leave behind
(canary).

A top-level package rather than tests/doubles/: bench/ uses these doubles too and is no test,
so it should not reach into the test suite; and this is real code, linted and type-checked
like bot/ and bench/, while the test modules themselves are not type-checked. Test modules
import from here, never from each other (tests/test_layout.py checks that).
"""
