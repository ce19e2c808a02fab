-- One row per sector in the reference table, in display order. No parameters.
select * from sectors order by sector_order
