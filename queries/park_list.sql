-- One row per park in the reference table, in display order. No parameters.
select * from parks order by park_order
