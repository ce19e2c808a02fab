-- One row per snapshot period present in the data, oldest first. No parameters.
select distinct period from project_cells order by period  -- a few rows per snapshot
