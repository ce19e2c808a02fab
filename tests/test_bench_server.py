"""bench/server.py's websocket timing: which of Streamlit's messages arrive when (no timings asserted)."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import server


class FakePage:
    """Stands in for a Playwright page: hands the frame handler to the test."""

    def on(self, event, handler):
        assert event == "websocket"

        class Socket:
            def on(socket, what, frame_handler):
                assert what == "framereceived"
                self.frame = frame_handler

        handler(Socket())


def _msg(**fields) -> bytes:
    msg = ForwardMsg()
    if "metric" in fields:
        msg.delta.new_element.metric.label = fields["metric"]
    elif "markdown" in fields:
        msg.delta.new_element.markdown.body = fields["markdown"]
    elif "finished" in fields:
        msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    else:
        msg.new_session.name = "app"
    return msg.SerializeToString()


def test_frame_log_times_the_first_delta_metric_and_run_end():
    page = FakePage()
    log = server.FrameLog(page, t0=0.0)
    for payload in (
        _msg(),
        _msg(markdown="**title**"),
        "a text frame",
        b"\x00not protobuf\xff",
        _msg(metric="目标"),
        _msg(metric="second"),
        _msg(finished=True),
    ):
        page.frame(payload)
    got = log.summary()
    assert got["new_session_s"] <= got["first_delta_s"] <= got["first_metric_s"]
    assert got["first_metric_s"] <= got["script_finished_s"]
    assert got["deltas"] == 3 and got["runs"] == 1


def test_report_lines_say_over_the_floor():
    floor = {"kpi_visible_s": 1.0, "server_up_s": 0.3, "page_loaded_s": 0.6, "new_session_s": [0.9]}
    ours = {**floor, "kpi_visible_s": 2.5, "new_session_s": [1.1, 1.3, 1.2], "pages": []}
    text = "\n".join(server.report_lines(1, floor, ours))
    assert "server start +1.50 s" in text and "new session +0.30 s" in text
