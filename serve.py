"""The server: Streamlit serving app.py, plus the route that sets the session cookie HttpOnly.

`streamlit run serve.py` (what ./run app does) finds the st.App below and serves it; app.py
alone still runs (`streamlit run app.py`, AppTest), then with the cookie written by the page.
"""

import streamlit as st

from ccbio.auth import handoff
from ccbio.auth.routes import routes

handoff.mark_served()  # sign-in and sign-out now send the browser through the route
app = st.App("app.py", routes=routes())
