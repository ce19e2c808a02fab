-- One row per monitored indicator in the reference table, in display order. No parameters.
select * from indicator_defs order by indicator_order
