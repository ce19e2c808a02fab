"""Alembic environment: always run with a connection handed over by ccbio.store.migrate."""

from alembic import context

from ccbio.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only ccbio.store.migrate runs migrations
    raise RuntimeError("run migrations through ccbio.store.migrate.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
