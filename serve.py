"""The server: Streamlit serving app.py, plus the route that sets the session cookie HttpOnly.

`streamlit run serve.py` (what ./run app does) finds the st.App below and serves it; app.py
alone still runs (`streamlit run app.py`, AppTest), then with the cookie written by the page.
Served this way the first session is also spared start-up work: see ccbio/warmup.py.
"""

from contextlib import asynccontextmanager

import streamlit as st

from ccbio import streamlit_private, warmup
from ccbio.auth import handoff
from ccbio.auth.routes import routes


@asynccontextmanager
async def lifespan(_app):
    """Start the warm-up as the server starts; it runs while the first browser loads the page."""
    warmup.start()
    yield


handoff.mark_served()  # sign-in and sign-out now send the browser through the route
streamlit_private.navigation_routing_from_start()  # the first session's first run is not a rerun
app = st.App("app.py", routes=routes(), lifespan=lifespan)
