"""Who may see and change what: accounts, roles (config/roles.toml), park scope, sign-in, audit.

- roles.py     the roles and what each may do, checked at load
- passwords.py Argon2id hashing; accounts.py accounts with lock-out; tokens.py signed session cookies
- session.py   the signed-in user of a Streamlit session; sso.py st.login (OIDC) identities
- scope.py     the parks a reader may see, applied inside DuckDB (data.py)
- audit.py     the append-only audit trail; gate.py the sign-in screen, account menu, pages per role
"""
