"""Issue 17, group 6: `chooser serve` starts one process per browser session, so the
sessions are capped (--max-sessions); beyond the cap a browser gets a page saying all
places are busy, which tries again by itself, and no process is started."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from chooser.web.serve import default_max_sessions
from tests.served import chooser_serve


def test_the_default_cap_follows_the_machine():
    n = default_max_sessions()
    assert 2 <= n <= 10 * (__import__("os").cpu_count() or 1)


async def _session(url: str):
    client = aiohttp.ClientSession()
    ws = await client.ws_connect(url.replace("http", "ws") + "/ws?width=80&height=24")
    return client, ws


@pytest.mark.parametrize("cap", [1])
def test_beyond_the_cap_a_busy_page(tmp_path, cap):
    async def scenario(url: str) -> None:
        async with aiohttp.ClientSession() as c:
            r = await c.get(url + "/?fontsize=24")
            assert r.status == 200  # a place is free
            # chooser's page, with the kiosk's restart (textual-serve's own handler
            # rendered its template before chooser could add the flag)
            assert 'data-autorestart="1"' in await r.text()
        first, ws = await _session(url)
        try:
            await ws.receive(timeout=30)  # its process answers: the session holds a place
            async with aiohttp.ClientSession() as c:
                r = await c.get(url + "/?fontsize=24")
                text = await r.text()
                assert r.status == 503 and "All places are busy" in text
                assert r.headers["Retry-After"] == "30" and 'http-equiv="refresh"' in text
            second, ws2 = await _session(url)  # a page loaded just before: told to wait
            msg = await ws2.receive(timeout=10)
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            assert ws2.close_code == 1013
            await second.close()
        finally:
            await ws.close()
            await first.close()
        for _ in range(100):  # the place is free again once the session has ended
            async with aiohttp.ClientSession() as c:
                r = await c.get(url + "/?fontsize=24")
                if r.status == 200:
                    return
            await asyncio.sleep(0.1)
        raise AssertionError("the place was not freed")

    with chooser_serve(tmp_path / "home", extra=("--max-sessions", str(cap))) as (url, _pid):
        asyncio.run(scenario(url))


def test_the_served_terminal_reads_aloud_and_fits_wide_letters(tmp_path):
    """textual-serve's own textual.js, patched at serve time: screen-reader mode (the
    text is in the page) and rescaled glyphs (Ethiopic letters wider than a cell were
    drawn over their neighbours in the Tigrinya kiosk)."""
    from chooser.web.serve import prepare_statics

    folder, patched = prepare_statics(str(tmp_path))
    assert patched
    js = (tmp_path / "static" / "js" / "textual.js").read_text(encoding="utf-8")
    assert folder == str(tmp_path / "static")
    assert js.count("screenReaderMode:!0,rescaleOverlappingGlyphs:!0,") == 1
