-- One row per target in the reference table, in display order. No parameters.
select * from targets order by target_order
