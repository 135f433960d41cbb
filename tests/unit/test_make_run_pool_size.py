"""How many unoservers ``make run`` starts, and on which ports."""

from __future__ import annotations

import pytest

from devstack import run


def test_one_unoserver_per_core_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "cpu_cores", lambda: 3)
    assert run.unoserver_count("") == 3
    assert run.unoserver_count(" 5 ") == 5
    assert len(run.Ports().unoservers) == 3
    assert len(run.Ports.from_env({"UNOSERVER_COUNT": "1"}).unoservers) == 1


@pytest.mark.parametrize("bad", ["0", "-1", "two", "1.5"])
def test_a_count_that_is_not_a_whole_number_of_at_least_one_stops_start_up(bad: str) -> None:
    with pytest.raises(SystemExit, match="UNOSERVER_COUNT"):
        run.unoserver_count(bad)


def test_servers_take_port_pairs_from_2002_and_the_pool_setting_names_each() -> None:
    ports = run.unoserver_ports(3)
    assert ports == ((2003, 2002), (2005, 2004), (2007, 2006))
    stack = run.Stack(ports=run.Ports(unoservers=ports))
    assert stack.environment()["UNOSERVER_POOL"] == "127.0.0.1:2003,127.0.0.1:2005,127.0.0.1:2007"
