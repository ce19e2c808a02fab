-- One row per stage in the reference table, in display order. No parameters.
select * from stages order by stage_order
