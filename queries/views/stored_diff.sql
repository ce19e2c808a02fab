-- Macro: what changed between two snapshots, read from the rows data.build_consolidated stored for
-- the pairs the pages compare by default (each snapshot and the one before it, and a year before),
-- else joined on the spot (snapshot_diff.sql): the same rows either way (tests/test_stored_diff.py).
-- data.run_query sets ccbio_diff_stored on the cursor when the pair was stored and the reader sees
-- the whole city (a park's reader gets the join over its own rows); being a constant by the time a
-- query is planned, it drops the branch not taken, so a stored pair never joins two snapshots.
-- project_diff(period_from, period_to), enterprise_diff(period_from, period_to) and
-- stage_flow_cells(period_from, period_to): as the *_joined macros of snapshot_diff.sql.
-- project_diff_names(period_from, period_to), enterprise_diff_names(period_from, period_to): the
--   names stored with a stored pair's rows (none otherwise): a list ranks its rows on the narrow
--   columns and joins these for the rows it keeps (reading 4 M names for 500 took 2 s at 10,000x).
-- The stored rows are the whole city's: read only by a cursor whose scope is the city (fail closed).
create or replace macro diff_stored() as
    coalesce(getvariable('ccbio_diff_stored') and getvariable('ccbio_scope_all'), false);

create or replace macro project_diff(period_from, period_to) as table
    select * exclude (snapshot_from, snapshot_to) from project_diffs
    where diff_stored() and snapshot_from = period_from and snapshot_to = period_to
    union all
    select * from project_diff_joined(period_from, period_to) where not diff_stored();

create or replace macro enterprise_diff(period_from, period_to) as table
    select * exclude (snapshot_from, snapshot_to) from enterprise_diffs
    where diff_stored() and snapshot_from = period_from and snapshot_to = period_to
    union all
    select * from enterprise_diff_joined(period_from, period_to) where not diff_stored();

create or replace macro stage_flow_cells(period_from, period_to) as table
    select * exclude (snapshot_from, snapshot_to) from stage_flow_cells_stored
    where diff_stored() and snapshot_from = period_from and snapshot_to = period_to
    union all
    select * from stage_flow_cells_joined(period_from, period_to) where not diff_stored();

create or replace macro project_diff_names(period_from, period_to) as table
    select project_id, name_zh, name_en from project_diffs
    where diff_stored() and snapshot_from = period_from and snapshot_to = period_to;

create or replace macro enterprise_diff_names(period_from, period_to) as table
    select enterprise_id, name_zh, name_en from enterprise_diffs
    where diff_stored() and snapshot_from = period_from and snapshot_to = period_to;
