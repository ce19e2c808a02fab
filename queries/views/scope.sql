-- Macro: the park/sector filter every query applies (an empty list means all).
-- picked(value, chosen): value is one of `chosen`, or `chosen` is empty.
-- in_scope(park, sector, chosen_parks, chosen_sectors): both the park and the sector are picked.
create or replace macro picked(value, chosen) as
    len(chosen::varchar[]) = 0 or list_contains(chosen::varchar[], value);

create or replace macro in_scope(park, sector, chosen_parks, chosen_sectors) as
    picked(park, chosen_parks) and picked(sector, chosen_sectors);
